// Output files written whole or not at all. The text goes to a temporary file next to the
// target, which is then renamed over it, so a failed write (a full disk, a missing folder, a
// killed process) never leaves a partial or empty file, and an old file stays as it was. A target
// that exists and is not a regular file (/dev/stdout, a FIFO, /dev/full) is written in place:
// renaming over it would replace the device.
#pragma once

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace zab::cx {

// "cannot write FILE: reason", with the file name shell-quoted (it may hold anything).
struct OutputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Throws OutputError naming the file and the reason.
void write_file(const std::filesystem::path& path, std::string_view text);

// Several files, as one: every one is written to its temporary first, and only when all of them
// were written are they renamed into place (a report is never half old, half new).
void write_files(const std::vector<std::pair<std::filesystem::path, std::string>>& files);

// A report: the folder `dir` is created if missing, then the files (name, text) are written into
// it as write_files does, all or none. Returns their paths.
std::vector<std::filesystem::path> write_files_into(
    const std::filesystem::path& dir,
    const std::vector<std::pair<std::string, std::string>>& files);

}  // namespace zab::cx
