#include "impl/runtime/posix_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

namespace zab::runtime {
namespace {

[[noreturn]] void fail(std::string_view what, const std::filesystem::path& path) {
  throw DiskError(fmt::format("{} {}: {}", what, path.string(), std::strerror(errno)));
}

int open_or_fail(const std::filesystem::path& path, int flags, std::string_view what) {
  int fd;
  do {
    fd = ::open(path.c_str(), flags | O_CLOEXEC, 0644);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) fail(what, path);
  return fd;
}

}  // namespace

PosixFile PosixFile::create(const std::filesystem::path& path, bool exclusive) {
  const int flags = O_WRONLY | O_CREAT | O_APPEND | (exclusive ? O_EXCL : O_TRUNC);
  return PosixFile(open_or_fail(path, flags, "cannot create"), path);
}

PosixFile PosixFile::open_for_update(const std::filesystem::path& path) {
  return PosixFile(open_or_fail(path, O_WRONLY, "cannot open"), path);
}

PosixFile::PosixFile(PosixFile&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), path_(std::move(other.path_)) {}

PosixFile& PosixFile::operator=(PosixFile&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    path_ = std::move(other.path_);
  }
  return *this;
}

PosixFile::~PosixFile() {
  if (fd_ >= 0) ::close(fd_);
}

void PosixFile::close() {
  if (fd_ < 0) return;
  const int fd = std::exchange(fd_, -1);
  if (::close(fd) != 0 && errno != EINTR) fail("cannot close", path_);
}

void PosixFile::write_all(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("cannot write", path_);
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
}

void PosixFile::datasync() {
  if (::fdatasync(fd_) != 0) fail("cannot fdatasync", path_);
}

void PosixFile::sync() {
  if (::fsync(fd_) != 0) fail("cannot fsync", path_);
}

void PosixFile::truncate(uint64_t size) {
  if (::ftruncate(fd_, static_cast<off_t>(size)) != 0) fail("cannot truncate", path_);
}

std::string read_whole_file(const std::filesystem::path& path) {
  const int fd = open_or_fail(path, O_RDONLY, "cannot open");
  std::string out;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && st.st_size > 0) out.reserve(static_cast<size_t>(st.st_size));
  char buf[1 << 16];
  while (true) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      const int saved = errno;
      ::close(fd);
      errno = saved;
      fail("cannot read", path);
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  return out;
}

std::string read_file_tail(const std::filesystem::path& path, size_t bytes) {
  const int fd = open_or_fail(path, O_RDONLY, "cannot open");
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    const int saved = errno;
    ::close(fd);
    errno = saved;
    fail("cannot stat", path);
  }
  const auto size = static_cast<uint64_t>(st.st_size);
  const uint64_t from = size > bytes ? size - bytes : 0;
  std::string out(static_cast<size_t>(size - from), '\0');
  size_t done = 0;
  while (done < out.size()) {
    const ssize_t n =
        ::pread(fd, out.data() + done, out.size() - done, static_cast<off_t>(from + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  ::close(fd);
  out.resize(done);
  return out;
}

void sync_directory(const std::filesystem::path& dir) {
  const int fd = open_or_fail(dir, O_RDONLY | O_DIRECTORY, "cannot open directory");
  const int rc = ::fsync(fd);
  const int saved = errno;
  ::close(fd);
  errno = saved;
  if (rc != 0) fail("cannot fsync directory", dir);
}

void write_file_atomically(const std::filesystem::path& path, std::string_view bytes,
                           const std::filesystem::path& temp) {
  {
    PosixFile file = PosixFile::create(temp, /*exclusive=*/false);
    file.write_all(bytes);
    file.sync();
    file.close();
  }
  if (::rename(temp.c_str(), path.c_str()) != 0)
    fail("cannot rename " + temp.string() + " to", path);
  sync_directory(path.parent_path());
}

bool remove_file(const std::filesystem::path& path) {
  if (::unlink(path.c_str()) == 0) return true;
  if (errno == ENOENT) return false;
  fail("cannot remove", path);
}

std::vector<std::string> list_files(const std::filesystem::path& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.is_regular_file(ec)) names.push_back(entry.path().filename().string());
  }
  if (ec) throw DiskError(fmt::format("cannot list {}: {}", dir.string(), ec.message()));
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace zab::runtime
