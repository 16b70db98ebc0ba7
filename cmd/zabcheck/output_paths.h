// Checks of the files a run will write, made before it explores: a mistyped --trace-out must be
// an error in a second, not a violation found in an hour and then lost.
#pragma once

#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zab::check {

// Why `path` cannot be written as the output file of `flag`, or nullopt: the name is not empty,
// it is not a folder, its folder exists and may be written, and an existing file may be written.
std::optional<std::string> output_file_problem(std::string_view flag, const std::string& path);

// Why `dir` cannot receive the reports of `flag` (report.md, report.html, path.dot), or nullopt:
// it is a writable folder, or can be created (its nearest existing ancestor is a writable
// folder), and none of the report files in it is a folder.
std::optional<std::string> report_dir_problem(std::string_view flag, const std::string& dir);

// Runs `write`; a failure becomes a line of `errors` (the summary still prints, and the exit
// code says an output is missing). True when it was written.
template <class Write>
bool attempt_write(std::vector<std::string>& errors, Write&& write) {
  try {
    write();
    return true;
  } catch (const std::exception& e) {
    errors.emplace_back(e.what());
    return false;
  }
}

}  // namespace zab::check
