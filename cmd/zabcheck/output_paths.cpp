#include "cmd/zabcheck/output_paths.h"

#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>

#include "counterexamples/escape.h"

namespace zab::check {

namespace fs = std::filesystem;

namespace {

bool writable(const fs::path& path) {
  return ::access(path.c_str(), W_OK) == 0;
}

std::string named(std::string_view flag, const fs::path& path) {
  return fmt::format("{} {}", flag, cx::shell_quote(path.string()));
}

// The folder a relative or absolute file name lands in.
fs::path folder_of(const fs::path& path) {
  return path.has_parent_path() ? path.parent_path() : fs::path(".");
}

}  // namespace

std::optional<std::string> output_file_problem(std::string_view flag, const std::string& path) {
  if (path.empty()) return fmt::format("{}: the file name is empty", flag);
  std::error_code ec;
  const fs::path file(path);
  if (fs::is_directory(file, ec))
    return fmt::format("{}: is a folder; name a file in it", named(flag, file));
  const fs::path folder = folder_of(file);
  if (!fs::exists(folder, ec))
    return fmt::format("{}: the folder {} does not exist", named(flag, file),
                       cx::shell_quote(folder.string()));
  if (!fs::is_directory(folder, ec))
    return fmt::format("{}: {} is not a folder", named(flag, file),
                       cx::shell_quote(folder.string()));
  if (fs::exists(file, ec) ? !writable(file) : !writable(folder))
    return fmt::format("{}: not writable", named(flag, file));
  return std::nullopt;
}

std::optional<std::string> report_dir_problem(std::string_view flag, const std::string& dir) {
  if (dir.empty()) return fmt::format("{}: the folder name is empty", flag);
  std::error_code ec;
  fs::path existing = fs::absolute(fs::path(dir), ec);
  while (!existing.empty() && !fs::exists(existing, ec) && existing != existing.parent_path())
    existing = existing.parent_path();
  if (!fs::is_directory(existing, ec))
    return fmt::format("{}: {} is not a folder", named(flag, dir),
                       cx::shell_quote(existing.string()));
  if (!writable(existing)) return fmt::format("{}: not writable", named(flag, dir));
  for (const char* name : {"report.md", "report.html", "path.dot"})
    if (fs::is_directory(fs::path(dir) / name, ec))
      return fmt::format("{}: {} in it is a folder", named(flag, dir), name);
  return std::nullopt;
}

}  // namespace zab::check
