// The few file operations the data directory needs, on POSIX descriptors so that durability is
// explicit: fdatasync for data, fsync of the directory for names (create, rename, unlink). Every
// failure throws DiskError naming the path and what was attempted.
#pragma once

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace zab::runtime {

struct DiskError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// An open file descriptor, closed on destruction.
class PosixFile {
 public:
  // Opens for appending writes; `exclusive` refuses an existing file (O_EXCL).
  static PosixFile create(const std::filesystem::path& path, bool exclusive);
  static PosixFile open_for_update(const std::filesystem::path& path);
  PosixFile(PosixFile&& other) noexcept;
  PosixFile& operator=(PosixFile&& other) noexcept;
  PosixFile(const PosixFile&) = delete;
  PosixFile& operator=(const PosixFile&) = delete;
  ~PosixFile();

  void write_all(std::string_view bytes);
  void datasync();  // fdatasync: the data and the size, not the mtime
  void sync();      // fsync
  void truncate(uint64_t size);
  const std::filesystem::path& path() const { return path_; }
  bool is_open() const { return fd_ >= 0; }
  void close();

 private:
  PosixFile(int fd, std::filesystem::path path) : fd_(fd), path_(std::move(path)) {}
  int fd_ = -1;
  std::filesystem::path path_;
};

std::string read_whole_file(const std::filesystem::path& path);
// The last `bytes` bytes of the file (all of it when it is shorter).
std::string read_file_tail(const std::filesystem::path& path, size_t bytes);
// fsync of a directory: makes the names created, renamed or removed in it durable.
void sync_directory(const std::filesystem::path& dir);
// temp file in the same directory, write, fsync, close, rename over `path`, fsync the directory
// (AtomicFileOutputStream, plus the directory fsync ZooKeeper leaves out).
void write_file_atomically(const std::filesystem::path& path, std::string_view bytes,
                           const std::filesystem::path& temp);
// Removes `path` if it exists; true if it did.
bool remove_file(const std::filesystem::path& path);
// The names of the regular files in `dir`, sorted.
std::vector<std::string> list_files(const std::filesystem::path& dir);

}  // namespace zab::runtime
