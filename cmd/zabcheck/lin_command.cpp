#include "cmd/zabcheck/lin_command.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "checker/lin/report.h"
#include "cmd/zabcheck/exit_codes.h"
#include "counterexamples/escape.h"
#include "counterexamples/output_file.h"

namespace zab::check {
namespace {

lin::History read_history(const std::string& path) {
  if (path == "-") return lin::parse_history(std::cin, "<stdin>");
  std::error_code error;
  if (std::filesystem::is_directory(path, error))
    throw lin::HistoryError(0, "is a folder, not a history");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw lin::HistoryError(0, fmt::format("cannot read: {}", std::strerror(errno)));
  return lin::parse_history(in, path);
}

// A history that cannot be checked: the message on stderr (and as JSON on stdout).
int refuse(const LinOptions& options, const std::string& message, size_t line) {
  const std::string where = cx::brief(options.history, 200);
  std::cerr << fmt::format("zabcheck lin: {}: {}\n", where, message);
  if (options.json) {
    nlohmann::json j = {{"result", "error"},
                        {"error", cx::valid_utf8(message)},
                        {"file", cx::valid_utf8(options.history)}};
    if (line > 0) j["line"] = line;
    std::cout << j.dump(2) << "\n";
  }
  return kExitUsage;
}

int exit_code(lin::Verdict verdict) {
  switch (verdict) {
    case lin::Verdict::kLinearizable:
      return kExitOk;
    case lin::Verdict::kNotLinearizable:
      return kExitViolation;
    case lin::Verdict::kUndecided:
      return kExitUndecided;
  }
  return kExitInternal;
}

// The timeline of the first key that is not linearizable; an unwritable file is exit 2 after
// the verdict is printed (the verdict still stands: 1 outranks it).
int write_svg(const LinOptions& options, const lin::History& history,
              const lin::CheckResult& result) {
  for (const lin::KeyResult& k : result.keys) {
    if (k.verdict != lin::Verdict::kNotLinearizable) continue;
    try {
      cx::write_file(options.svg, lin::timeline_svg(history, k));
      if (!options.json)
        std::cout << fmt::format("timeline of key {}: {}\n", cx::brief(k.key, 80),
                                 cx::brief(options.svg, 200));
    } catch (const cx::OutputError& e) {
      std::cerr << "zabcheck lin: " << e.what() << "\n";
      return kExitUsage;
    }
    return kExitOk;
  }
  return kExitOk;
}

}  // namespace

int run_lin(const LinOptions& options) {
  lin::History history;
  try {
    history = read_history(options.history);
  } catch (const lin::HistoryError& e) {
    return refuse(options, e.what(), e.line());
  }
  lin::Limits limits;
  limits.time_limit_s = options.time_limit_s;
  limits.cache_entries_max = options.memory_limit_mb * (size_t(1) << 20) / lin::kCacheEntryBytes;
  const lin::CheckResult result = lin::check_history(history, limits);
  if (options.json)
    std::cout << lin::report_json(history, result).dump(2) << "\n";
  else
    std::cout << lin::report_text(history, result);
  const int code = exit_code(result.verdict);
  if (options.svg.empty()) return code;
  return worst_exit(code, write_svg(options, history, result));
}

void add_lin_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<LinOptions>();
  auto* cmd = app.add_subcommand(
      "lin", "Check that a client history of reads, writes and compare-and-sets is linearizable");
  cmd->add_option("HISTORY", options->history,
                  "JSON lines, one operation each (\"-\" for standard input)")
      ->required();
  cmd->add_flag("--json", options->json, "print one JSON object instead of the text");
  cmd->add_option("--svg", options->svg,
                  "write the failing window's timeline here (when a key is not linearizable)");
  cmd->add_option("--time-limit", options->time_limit_s,
                  "seconds before the search gives up with 'unknown' (exit 5)")
      ->check(CLI::Range(0.0, 1e7));
  cmd->add_option("--memory-limit", options->memory_limit_mb,
                  "MiB of memoised search states before it gives up with 'unknown' (exit 5)")
      ->check(CLI::Range(size_t(1), size_t(1) << 30));
  cmd->callback([options, &exit_code] { exit_code = run_lin(*options); });
}

}  // namespace zab::check
