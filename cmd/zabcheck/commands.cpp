#include "cmd/zabcheck/commands.h"

#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "cmd/zabcheck/exit_codes.h"
#include "cmd/zabcheck/numbers.h"
#include "cmd/zabcheck/output_paths.h"
#include "cmd/zabcheck/spec_trace_commands.h"
#include "counterexamples/escape.h"
#include "counterexamples/junit.h"
#include "counterexamples/output_file.h"
#include "counterexamples/replay.h"
#include "counterexamples/report.h"
#include "counterexamples/shrink.h"
#include "counterexamples/spec_trace.h"

namespace zab::cx {

namespace {

constexpr int kExitHolds = check::kExitOk;
constexpr int kExitViolated = check::kExitViolation;
constexpr int kExitUnusable = check::kExitUsage;

struct ReplayArgs {
  std::string trace;
  bool step = false;
  bool json = false;
  bool all_properties = false;
  std::string junit;
  std::string report;
};

struct ShrinkArgs {
  std::string trace;
  std::string out;
  int replays_max = ShrinkOptions{}.replays_max;
};

struct ReportArgs {
  std::string trace;
  std::string dir;
};

// Says on stderr why an output cannot be written; true when it can.
bool writable_outputs(std::initializer_list<std::optional<std::string>> problems) {
  for (const auto& problem : problems)
    if (problem) {
      std::cerr << "error: " << *problem << "\n";
      return false;
    }
  return true;
}

std::optional<Trace> load(const std::string& path) {
  try {
    return read_trace(path);
  } catch (const TraceError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return std::nullopt;
  }
}

// `--step`: each action, then every server whose summary changed and how.
void print_steps(ReplayOptions& options, std::ostream& out) {
  options.on_start = [&out](const check::World& world) { out << "start:\n" << world.describe(); };
  options.on_step = [&out](const StepEvent& e) {
    out << fmt::format("step {}: {}\n", e.step, e.name);
    for (const NodeId id : e.after.ids()) {
      const std::string change = describe_changes(summarize(e.before, id), summarize(e.after, id));
      if (!change.empty()) out << fmt::format("  {}: {}\n", to_string(id), change);
    }
  };
}

nlohmann::json replay_json(const Trace& trace, const ReplayResult& r) {
  nlohmann::json j = {{"outcome", to_string(r.outcome)}, {"steps", r.steps}};
  if (r.violation) {
    j["property"] = r.violation->property;
    j["detail"] = r.violation->detail;
    j["step"] = r.violation_step;
  }
  if (!r.problem.empty()) j["problem"] = r.problem;
  if (r.digest) j["digest"] = digest_hex(*r.digest);
  if (const auto same = r.digest_matches(trace)) j["digest_matches"] = *same;
  return j;
}

// Runs `write`; says on stderr what failed. True when it was written.
template <class Write>
bool attempt(Write&& write) {
  try {
    write();
    return true;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return false;
  }
}

int run_replay(const ReplayArgs& args) {
  if (!writable_outputs(
          {args.junit.empty() ? std::nullopt : check::output_file_problem("--junit", args.junit),
           args.report.empty() ? std::nullopt
                               : check::report_dir_problem("--report", args.report)}))
    return kExitUnusable;
  // A trace of the executable spec (its header says "# model: spec") replays on the spec.
  if (is_spec_trace(args.trace)) {
    if (args.all_properties || !args.junit.empty()) {
      std::cerr << "error: a spec trace replays with --json, --step and --report (the spec "
                   "checks its own properties: no --all-properties or --junit)\n";
      return kExitUnusable;
    }
    return check::replay_spec_trace(args.trace, args.json, args.step, args.report);
  }
  const auto trace = load(args.trace);
  if (!trace) return kExitUnusable;
  ReplayOptions options;
  options.all_properties = args.all_properties;
  if (args.step) print_steps(options, args.json ? std::cerr : std::cout);
  const ReplayResult result = replay(*trace, options);
  if (args.json) {
    nlohmann::json j = trace_to_json(*trace, args.trace);
    j["replay"] = replay_json(*trace, result);
    std::cout << json_text(j, 2) << "\n";
  } else {
    std::cout << fmt::format("{}: {} actions, property {}\n", shell_quote(args.trace),
                             trace->actions.size(), trace->property)
              << describe(*trace, result);
  }
  if (result.outcome == ReplayOutcome::kInconsistent)
    std::cerr << "error: " << shell_quote(args.trace) << ": " << result.problem << "\n";
  if (!args.junit.empty() &&
      !attempt([&] { write_file(args.junit, junit_xml(junit_for_trace(*trace, args.trace))); }))
    return kExitUnusable;
  if (!args.report.empty() &&
      !attempt([&] { write_report(record(*trace, args.trace), args.report); }))
    return kExitUnusable;
  switch (result.outcome) {
    case ReplayOutcome::kViolated:
      return kExitViolated;
    case ReplayOutcome::kNotViolated:
      return kExitHolds;
    case ReplayOutcome::kInconsistent:
      return kExitUnusable;
  }
  return kExitUnusable;
}

int run_shrink(const ShrinkArgs& args) {
  if (!writable_outputs({check::output_file_problem("--output", args.out)})) return kExitUnusable;
  if (is_spec_trace(args.trace))
    return check::shrink_spec_trace(args.trace, args.out, args.replays_max);
  const auto trace = load(args.trace);
  if (!trace) return kExitUnusable;
  ShrinkResult r;
  try {
    r = shrink(*trace, ShrinkOptions{args.replays_max});
  } catch (const ShrinkError& e) {
    std::cerr << "error: " << shell_quote(args.trace) << ": " << e.what() << "\n";
    return kExitUnusable;
  }
  if (!attempt([&] { write_trace(args.out, r.trace); })) return kExitUnusable;
  std::cout << fmt::format("shrunk {}: {} -> {} actions ({} replays{}); wrote {}\n",
                           shell_quote(args.trace), r.length_before, r.length_after, r.replays,
                           r.replays_exhausted ? ", replay budget exhausted" : "",
                           shell_quote(args.out));
  for (const auto& note : r.notes)
    std::cout << "  " << note << "\n";
  return kExitHolds;
}

int run_report(const ReportArgs& args) {
  if (!writable_outputs({check::report_dir_problem("--output", args.dir)})) return kExitUnusable;
  if (is_spec_trace(args.trace)) return check::report_spec_trace(args.trace, args.dir);
  const auto trace = load(args.trace);
  if (!trace) return kExitUnusable;
  const Recording rec = record(*trace, args.trace);
  std::vector<std::filesystem::path> written;
  if (!attempt([&] { written = write_report(rec, args.dir); })) return kExitUnusable;
  for (const auto& path : written)
    std::cout << "wrote " << shell_quote(path.string()) << "\n";
  std::cout << verdict_sentence(rec) << "\n";
  if (rec.result.outcome == ReplayOutcome::kInconsistent) {
    std::cerr << "error: " << shell_quote(args.trace) << ": " << rec.result.problem << "\n";
    return kExitUnusable;
  }
  return kExitHolds;
}

}  // namespace

void add_counterexample_commands(CLI::App& app, int& exit_code) {
  auto replay_args = std::make_shared<ReplayArgs>();
  auto* replay_cmd = app.add_subcommand("replay", "Re-run a trace and check its property");
  replay_cmd->add_option("TRACE", replay_args->trace, "trace file (text or JSON)")->required();
  replay_cmd->add_flag("--step", replay_args->step, "print every step and what it changed");
  replay_cmd->add_flag("--json", replay_args->json, "print the trace and the outcome as JSON");
  replay_cmd->add_flag("--all-properties", replay_args->all_properties,
                       "check every safety property, not only the trace's");
  replay_cmd->add_option("--junit", replay_args->junit, "write JUnit XML, one case per property");
  replay_cmd->add_option("--report", replay_args->report, "write the reports into this directory");
  replay_cmd->callback([replay_args, &exit_code] { exit_code = run_replay(*replay_args); });

  auto shrink_args = std::make_shared<ShrinkArgs>();
  auto* shrink_cmd = app.add_subcommand("shrink", "Minimise a trace that violates its property");
  shrink_cmd->add_option("TRACE", shrink_args->trace, "trace file (text or JSON)")->required();
  shrink_cmd->add_option("-o,--output", shrink_args->out, "where to write the shrunk trace")
      ->required();
  shrink_cmd
      ->add_option("--replays", shrink_args->replays_max, "bound on candidate replays (at least 1)")
      ->check(CLI::Validator(
          [](const std::string& v) {
            const auto n = check::parse_unsigned(v);
            return n && *n >= 1 && *n <= INT32_MAX
                       ? std::string()
                       : "'" + v + "' must be a whole number from 1 to 2147483647";
          },
          "1..2147483647"));
  shrink_cmd->callback([shrink_args, &exit_code] { exit_code = run_shrink(*shrink_args); });

  auto report_args = std::make_shared<ReportArgs>();
  auto* report_cmd = app.add_subcommand("report", "Write Markdown, HTML and DOT reports");
  report_cmd->add_option("TRACE", report_args->trace, "trace file (text or JSON)")->required();
  report_cmd->add_option("-o,--output", report_args->dir, "directory for the reports")->required();
  report_cmd->callback([report_args, &exit_code] { exit_code = run_report(*report_args); });
}

}  // namespace zab::cx
