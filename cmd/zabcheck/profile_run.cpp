// `zabcheck check --profile NAME`: every configuration of the suite, one line each (or one JSON
// object for the whole suite), and the exit code of the worst.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <iostream>

#include "cmd/zabcheck/check_command.h"
#include "cmd/zabcheck/check_run.h"
#include "cmd/zabcheck/check_summary.h"
#include "cmd/zabcheck/numbers.h"
#include "cmd/zabcheck/output_paths.h"
#include "cmd/zabcheck/profiles.h"
#include "cmd/zabcheck/stop.h"
#include "cmd/zabcheck/trace_out.h"
#include "counterexamples/trace.h"

namespace zab::check {
namespace {

// Entry `index` of the profile, with what the command line may add (--bug, outputs, threads).
CheckOptions entry_options(const CheckOptions& options, const Profile& profile, size_t index,
                           std::vector<cx::TestSuite>* suites) {
  const ProfileEntry& entry = profile.entries[index];
  CheckOptions o = options;
  o.profile.clear();
  o.run = entry.run;
  o.run.bugs = options.run.bugs;  // --bug applies to every configuration
  o.properties = entry.properties;
  o.dfs = entry.dfs;
  o.progress = false;
  o.json = false;
  o.trace_out = fmt::format("counterexample-{}-{}.trace", profile.name, index);
  if (!options.report_dir.empty()) o.report_dir = fmt::format("{}/{}", options.report_dir, index);
  o.junit_out.clear();
  o.junit_suites = suites;
  return o;
}

std::optional<std::string> profile_problem(const CheckOptions& options, const Profile* profile) {
  if (!profile) return fmt::format("unknown profile '{}' (quick, pr, nightly)", options.profile);
  if (!options.not_for_profile.empty())
    return fmt::format(
        "--profile {} sets its own configurations and cannot take {} (it takes --bug, --json, "
        "--junit, --report, --threads, --memory, --no-por and --no-progress)",
        profile->name, fmt::join(options.not_for_profile, ", "));
  if (options.threads < 0 || options.threads > kThreadsMax)
    return fmt::format("--threads {} is outside 1..{} (0: all cores)", options.threads,
                       kThreadsMax);
  for (size_t i = 0; i < profile->entries.size(); ++i)
    if (auto problem = entry_options(options, *profile, i, nullptr).run.validate()) return problem;
  if (!options.junit_out.empty())
    if (auto problem = output_file_problem("--junit", options.junit_out)) return problem;
  if (!options.report_dir.empty()) return report_dir_problem("--report", options.report_dir);
  return std::nullopt;
}

// Runs one configuration; its exit code counts vacuity as a failure (a CI suite must exercise
// what it claims to check).
int run_entry(const CheckOptions& o, const std::string& label, nlohmann::json& configurations,
              bool& interrupted) {
  const WorldConfig cfg = o.run.world_config();
  const auto start = start_or_explain(cfg, o.run.from);
  if (!start) return kExitUsage;
  clear_memory_stop();
  const uint64_t memory_max = memory_limit(o);
  CheckOutcome out;
  {
    const MemoryWatch watch(memory_max);
    out = explore(o, *start, memory_max);
  }
  write_outputs(o, *start, out);
  for (const auto& error : out.write_errors)
    std::cerr << "zabcheck: " << error << "\n";
  interrupted = out.ending == Ending::kInterrupted;
  if (configurations.is_array()) {
    nlohmann::json j = check_json(o, out);
    j["label"] = label;
    configurations.push_back(std::move(j));
  } else {
    std::cout << fmt::format("  {:<52} {:>12} states {:>8.1f} s  {}\n", label,
                             with_commas(out.search.distinct), out.search.seconds,
                             check_line_verdict(o, out));
    std::cout.flush();
  }
  const int code = exit_code(out);
  return out.verdict == "vacuous" ? worst_exit(code, kExitViolation) : code;
}

}  // namespace

int run_profile(const CheckOptions& options) {
  const Profile* profile = find_profile(options.profile);
  if (auto problem = profile_problem(options, profile)) {
    std::cerr << "zabcheck: " << *problem << "\n";
    return kExitUsage;
  }
  if (!options.json)
    std::cout << fmt::format("profile {}: {} (sized for {:.0f} s on 2 cores)\n", profile->name,
                             profile->sentence, profile->budget_seconds);
  const InterruptScope interrupts;
  std::vector<cx::TestSuite> suites;
  nlohmann::json configurations = options.json ? nlohmann::json::array() : nlohmann::json();
  int code = kExitOk, failures = 0;
  bool interrupted = false;
  for (size_t i = 0; i < profile->entries.size() && !interrupted; ++i) {
    const CheckOptions o =
        entry_options(options, *profile, i, options.junit_out.empty() ? nullptr : &suites);
    const int entry_code = run_entry(o, profile->entries[i].label, configurations, interrupted);
    failures += entry_code != kExitOk && !interrupted;
    code = worst_exit(code, entry_code);
  }
  std::vector<std::string> write_errors;
  if (!options.junit_out.empty()) {
    try {
      write_junit(options.junit_out, suites);
    } catch (const std::exception& e) {
      write_errors.emplace_back(e.what());
      std::cerr << "zabcheck: " << e.what() << "\n";
      code = worst_exit(code, kExitUsage);
    }
  }
  const std::string result = interrupted ? "interrupted" : code == kExitOk ? "ok" : "failed";
  if (options.json) {
    const nlohmann::json j{{"profile", profile->name},
                           {"result", result},
                           {"failed_configurations", failures},
                           {"configurations", configurations},
                           {"write_errors", write_errors}};
    std::cout << cx::json_text(j) << "\n";
  } else {
    std::cout << fmt::format("profile {}: {}\n", profile->name,
                             interrupted ? "INTERRUPTED"
                             : failures  ? fmt::format("{} configuration(s) FAILED", failures)
                                         : (code == kExitOk ? "ok" : "FAILED"));
  }
  return code;
}

}  // namespace zab::check
