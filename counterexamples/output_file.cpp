#include "counterexamples/output_file.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

#include "counterexamples/escape.h"

namespace zab::cx {

namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const fs::path& path, int error) {
  throw OutputError(
      fmt::format("cannot write {}: {}", shell_quote(path.string()), std::strerror(error)));
}

// Writes all of `text` to `fd` and closes it; the errno of the first failure, or 0.
int write_and_close(int fd, std::string_view text) {
  int error = 0;
  for (size_t done = 0; done < text.size() && error == 0;) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno != EINTR) error = errno;
    if (n > 0) done += static_cast<size_t>(n);
  }
  if (::close(fd) != 0 && error == 0) error = errno;
  return error;
}

// Where `path`'s text goes first: a hidden name in the same folder (so the rename stays on one
// file system), unique to this process and call.
fs::path temporary_for(const fs::path& path) {
  static std::atomic<unsigned> counter{0};
  const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(".");
  return dir / fmt::format(".zabcheck-{}-{}.tmp", ::getpid(), counter++);
}

bool replace_in_place(const fs::path& path) {
  std::error_code ec;
  const auto status = fs::status(path, ec);
  return !ec && fs::exists(status) && !fs::is_regular_file(status) && !fs::is_directory(status);
}

void write_in_place(const fs::path& path, std::string_view text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
  if (fd < 0) fail(path, errno);
  if (const int error = write_and_close(fd, text)) fail(path, error);
}

// Writes the temporary of `path`; returns its name.
fs::path write_temporary(const fs::path& path, std::string_view text) {
  const fs::path tmp = temporary_for(path);
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) fail(path, errno);
  if (const int error = write_and_close(fd, text)) {
    ::unlink(tmp.c_str());
    fail(path, error);
  }
  return tmp;
}

void check_not_directory(const fs::path& path) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) fail(path, EISDIR);
}

}  // namespace

void write_file(const fs::path& path, std::string_view text) {
  write_files({{path, std::string(text)}});
}

void write_files(const std::vector<std::pair<fs::path, std::string>>& files) {
  for (const auto& [path, text] : files)
    check_not_directory(path);
  std::vector<std::pair<fs::path, fs::path>> renames;  // temporary -> target
  try {
    for (const auto& [path, text] : files) {
      if (replace_in_place(path))
        write_in_place(path, text);
      else
        renames.emplace_back(write_temporary(path, text), path);
    }
  } catch (...) {
    for (const auto& [tmp, path] : renames)
      ::unlink(tmp.c_str());
    throw;
  }
  for (size_t i = 0; i < renames.size(); ++i) {
    const auto& [tmp, path] = renames[i];
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
      const int error = errno;
      for (size_t k = i; k < renames.size(); ++k)
        ::unlink(renames[k].first.c_str());
      fail(path, error);
    }
  }
}

std::vector<fs::path> write_files_into(
    const fs::path& dir, const std::vector<std::pair<std::string, std::string>>& files) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec)
    throw OutputError(
        fmt::format("cannot create the folder {}: {}", shell_quote(dir.string()), ec.message()));
  std::vector<std::pair<fs::path, std::string>> placed;
  std::vector<fs::path> paths;
  for (const auto& [name, text] : files) {
    placed.emplace_back(dir / name, text);
    paths.push_back(dir / name);
  }
  write_files(placed);
  return paths;
}

}  // namespace zab::cx
