#include "cmd/zabcheck/fuzz_command.h"

#include <fmt/format.h>

#include <chrono>
#include <iostream>

#include "checker/explore/search.h"
#include "cmd/zabcheck/check_run.h"
#include "cmd/zabcheck/exit_codes.h"
#include "cmd/zabcheck/numbers.h"
#include "cmd/zabcheck/output_paths.h"
#include "cmd/zabcheck/run_options.h"
#include "cmd/zabcheck/stop.h"
#include "counterexamples/replay.h"
#include "counterexamples/shrink.h"
#include "counterexamples/trace.h"

namespace zab::check {
namespace {

void print_fuzz_progress(const fuzz::FuzzProgress& p) {
  const double rate = p.seconds > 0 ? static_cast<double>(p.runs) / p.seconds : 0;
  std::cerr << fmt::format("  {:>10} runs | {:>8.0f} runs/s | {:>12} steps\n", with_commas(p.runs),
                           rate, with_commas(p.steps));
}

std::optional<std::string> problem_with(const FuzzCommandOptions& o) {
  if (auto problem = o.run.validate()) return problem;
  if (o.runs < 1) return fmt::format("--runs {} must be at least 1", o.runs);
  if (o.max_size < 1 || o.max_size > 1000)
    return fmt::format("--max-size {} is outside 1..1000", o.max_size);
  if (o.actions_max < 1) return fmt::format("--actions {} must be at least 1", o.actions_max);
  for (const auto& id : o.properties) {
    const auto* p = props::find_property(id);
    if (!p) return fmt::format("unknown property '{}' (see `zabcheck list-properties`)", id);
    if (p->kind == props::PropertyKind::kLiveness)
      return fmt::format("{} is a liveness property, which fuzz runs cannot check", id);
  }
  if (!o.trace_out.empty())
    if (auto problem = output_file_problem("--trace-out", o.trace_out)) return problem;
  return std::nullopt;
}

std::string flags(const FuzzCommandOptions& o) {
  std::string props;
  for (const auto& id : o.properties)
    props += " --property " + id;
  return fmt::format("{}{} --runs {} --max-size {} --actions {} --seed {}", o.run.flags(), props,
                     o.runs, o.max_size, o.actions_max, o.seed);
}

// The shrunk scenario's run as a counterexample trace, finished by the trace shrinker.
void write_trace(const FuzzCommandOptions& o, const World& start, FuzzOutcome& out) {
  const auto& f = *out.result.failure;
  cx::Trace t;
  t.property = f.shrunk_run.violation->property;
  t.config = o.run;
  t.seed = o.seed;
  t.found_by = fmt::format(
      "fuzz run {} ({} steps, {} actions), shrunk to {} steps; zabcheck fuzz {}", f.run,
      f.scenario.steps.size(), f.scenario_run.actions.size(), f.shrunk.steps.size(), flags(o));
  t.actions = name_trace(start, f.shrunk_run.actions);
  out.trace_before = t.actions.size();
  cx::record_expected(t);
  const auto started = std::chrono::steady_clock::now();
  const cx::Trace shrunk = cx::shrink(t).trace;
  out.trace_shrink_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  out.trace_after = shrunk.actions.size();
  out.trace_path = o.trace_out.empty() ? "counterexample-" + t.property + ".trace" : o.trace_out;
  out.trace_written =
      attempt_write(out.write_errors, [&] { cx::write_trace(out.trace_path, shrunk); });
}

}  // namespace

int run_fuzz(const FuzzCommandOptions& o) {
  if (auto problem = problem_with(o)) {
    std::cerr << "zabcheck: " << *problem << "\n";
    return kExitUsage;
  }
  const WorldConfig cfg = o.run.world_config();  // outlives the worlds, which point to it
  const auto start = start_or_explain(cfg, o.run.from);
  if (!start) return kExitUsage;
  if (!o.json) std::cout << "zabcheck fuzz " << flags(o) << "\n";
  const InterruptScope interrupts;
  const props::PropertySet properties = o.properties.empty()
                                            ? props::PropertySet::all_safety(o.run.clients > 0)
                                            : props::PropertySet::named(o.properties);
  const WorldModel model(properties);
  fuzz::FuzzOptions f;
  f.seed = o.seed;
  f.runs = o.runs;
  f.max_size = o.max_size;
  f.servers = static_cast<int>(start->ids().size());
  f.limits.actions_max = o.actions_max;
  if (o.progress && !o.json) f.on_progress = print_fuzz_progress;
  f.stop = stop_flag();
  FuzzOutcome out;
  out.result = fuzz::fuzz(model, *start, f);
  out.verdict = out.result.failure ? "violation" : out.result.stopped ? "interrupted" : "ok";
  if (out.result.failure) write_trace(o, *start, out);
  for (const auto& error : out.write_errors)
    std::cerr << "zabcheck: " << error << "\n";
  if (o.json)
    print_fuzz_json(o, out);
  else
    print_fuzz_summary(o, out);
  int code = out.result.stopped ? kExitInterrupted : kExitOk;
  if (!out.write_errors.empty()) code = worst_exit(code, kExitUsage);
  if (out.result.failure) code = worst_exit(code, kExitViolation);
  return code;
}

void add_fuzz_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "fuzz", "RapidCheck scenarios aimed at protocol points, shrunk on a violation");
  auto o = std::make_shared<FuzzCommandOptions>();
  add_run_options(cmd, o->run);
  cmd->add_option("--property", o->properties, "property to check (repeatable; default all)");
  cmd->add_option("--runs", o->runs, "scenarios to run")->capture_default_str();
  cmd->add_option("--max-size", o->max_size, "RapidCheck size: at most this many steps")
      ->capture_default_str();
  cmd->add_option("--actions", o->actions_max, "world actions per scenario run")
      ->capture_default_str();
  add_seed_option(cmd, o->seed, "the fuzz's seed (default 1)");
  cmd->add_flag("--json", o->json, "print one JSON object instead of the summary");
  cmd->add_option("--trace-out", o->trace_out, "where to write a counterexample");
  cmd->add_flag(
      "--no-progress", [o](int64_t) { o->progress = false; }, "no progress on stderr");
  cmd->callback([o, &exit_code] { exit_code = run_fuzz(*o); });
}

}  // namespace zab::check
