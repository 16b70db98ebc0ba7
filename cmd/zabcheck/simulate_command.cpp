#include "cmd/zabcheck/simulate_command.h"

#include <fmt/format.h>

#include <chrono>
#include <iostream>
#include <thread>

#include "checker/explore/random_walk.h"
#include "checker/explore/search.h"
#include "cmd/zabcheck/check_command.h"
#include "cmd/zabcheck/check_run.h"
#include "cmd/zabcheck/memory_limit.h"
#include "cmd/zabcheck/numbers.h"
#include "cmd/zabcheck/output_paths.h"
#include "cmd/zabcheck/run_options.h"
#include "cmd/zabcheck/simulate_summary.h"
#include "cmd/zabcheck/stop.h"
#include "cmd/zabcheck/trace_out.h"
#include "counterexamples/replay.h"
#include "counterexamples/report.h"
#include "counterexamples/shrink.h"

namespace zab::check {
namespace {

void print_simulation_progress(const SimulationProgress& p) {
  const double rate = p.seconds > 0 ? static_cast<double>(p.steps) / p.seconds : 0;
  std::cerr << fmt::format("  {:>10} walks | {:>10.0f} steps/s | longest walk {:>4} | {:>6} MiB\n",
                           with_commas(p.walks), rate, p.depth, p.rss_bytes >> 20);
}

std::optional<std::string> outputs_problem(const SimulateOptions& o) {
  for (const auto& [flag, path] :
       {std::pair{"--trace-out", &o.trace_out}, {"--junit", &o.junit_out}})
    if (!path->empty())
      if (auto problem = output_file_problem(flag, *path)) return problem;
  if (!o.report_dir.empty()) return report_dir_problem("--report", o.report_dir);
  return std::nullopt;
}

// The simulation's own usage errors; the configuration's are RunConfig::validate()'s.
std::optional<std::string> problem_with(const SimulateOptions& o) {
  if (auto problem = o.run.validate()) return problem;
  if (o.walks < 1) return fmt::format("--walks {} must be at least 1", o.walks);
  if (o.depth < 1) return fmt::format("--depth {} must be at least 1", o.depth);
  if (o.replay && o.walk < 0) return fmt::format("--walk {} is negative", o.walk);
  if (o.threads < 0 || o.threads > kThreadsMax)
    return fmt::format("--threads {} is outside 1..{} (0: all cores)", o.threads, kThreadsMax);
  if (!(o.fault_rate >= 0 && o.fault_rate <= 1))
    return fmt::format("--fault-rate {} is outside 0..1", o.fault_rate);
  for (const auto& id : o.properties) {
    const auto* p = props::find_property(id);
    if (!p) return fmt::format("unknown property '{}' (see `zabcheck list-properties`)", id);
    if (p->kind == props::PropertyKind::kLiveness)
      return fmt::format(
          "{} is a liveness property, which random walks cannot check (use "
          "`zabcheck check --property {}`)",
          id, id);
  }
  return outputs_problem(o);
}

RandomWalkOptions walk_options(const SimulateOptions& o) {
  RandomWalkOptions w;
  w.seed = o.seed;
  w.walks = o.walks;
  w.depth_max = o.depth;
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  w.threads = o.threads > 0 ? o.threads : static_cast<int>(std::min<unsigned>(cores, kThreadsMax));
  w.fault_rate = o.fault_rate;
  w.swarm = o.swarm;
  if (o.progress && !o.json && !o.replay) w.on_progress = print_simulation_progress;
  // The same default as `check`: the client properties only where there are clients.
  w.properties = o.properties.empty() ? props::PropertySet::all_safety(o.run.clients > 0)
                                      : props::PropertySet::named(o.properties);
  w.stop = stop_flag();
  return w;
}

// The failing walk as a trace in the counterexample format, shrunk automatically (a random walk
// is rarely minimal); the walk's own length stays in the header's found-by line.
cx::Trace walk_trace(const SimulateOptions& o, const WalkOutcome& walk) {
  cx::Trace t;
  t.property = walk.violation->property;
  t.config = o.run;
  t.seed = o.seed;
  t.found_by = fmt::format("{} walk {} ({}), {} steps; {}", o.swarm ? "swarm" : "random", walk.walk,
                           walk.mix.describe(), walk.trace.size(), reproduce_command(o, walk.walk));
  t.actions = walk.trace_names;
  cx::record_expected(t);
  return cx::shrink(t).trace;
}

SimulateOutcome simulate_or_replay(const SimulateOptions& o, const World& start,
                                   const RandomWalkOptions& w) {
  SimulateOutcome out;
  if (o.replay) {
    const auto started = std::chrono::steady_clock::now();
    out.walk = replay_walk(start, w, o.walk);
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  } else {
    out.sim = simulate(start, w);
    out.seconds = out.sim.seconds;
    out.walk = out.sim.failure;
    out.ending = ending_of(out.sim.cut);
    if (!out.walk && !incomplete(out.ending)) out.vacuous = w.properties.vacuous(out.sim.reached);
  }
  const bool violated = out.walk && out.walk->violation;
  out.verdict = verdict_word(violated, out.ending, !out.vacuous.empty());
  return out;
}

void write_outputs(const SimulateOptions& o, const RandomWalkOptions& w, SimulateOutcome& out) {
  const auto violation = out.walk ? out.walk->violation : std::optional<props::Violation>{};
  if (violation) {
    out.trace_path =
        o.trace_out.empty() ? "counterexample-" + violation->property + ".trace" : o.trace_out;
    const cx::Trace trace = walk_trace(o, *out.walk);
    out.shrunk_length = trace.actions.size();
    out.trace_written =
        attempt_write(out.write_errors, [&] { cx::write_trace(out.trace_path, trace); });
    if (!o.report_dir.empty())
      attempt_write(out.write_errors,
                    [&] { cx::write_report(cx::record(trace, out.trace_path), o.report_dir); });
  }
  if (!o.junit_out.empty()) {
    const std::string unfinished = incomplete(out.ending)
                                       ? "not vouched for: the simulation did not finish (" +
                                             describe(out.ending, out.memory_max, 0) + ")"
                                       : "";
    attempt_write(out.write_errors, [&] {
      write_junit(o.junit_out, {junit_suite("simulate", o.run, w.properties, violation, out.vacuous,
                                            out.trace_path, out.seconds, unfinished)});
    });
  }
}

int exit_code(const SimulateOutcome& out) {
  int code = exit_code_of(out.ending);
  if (!out.write_errors.empty()) code = worst_exit(code, kExitUsage);
  if (out.verdict == "violation") code = worst_exit(code, kExitViolation);
  return code;
}

}  // namespace

std::string reproduce_command(const SimulateOptions& o, int walk) {
  std::string props;
  for (const auto& id : o.properties)
    props += " --property " + id;
  return fmt::format("zabcheck simulate {}{} --depth {} --fault-rate {}{} --seed {} --walk {}",
                     o.run.flags(), props, o.depth, o.fault_rate, o.swarm ? " --swarm" : "", o.seed,
                     walk);
}

int run_simulate(const SimulateOptions& o) {
  if (auto problem = problem_with(o)) {
    std::cerr << "zabcheck: " << *problem << "\n";
    return kExitUsage;
  }
  const WorldConfig cfg = o.run.world_config();  // outlives the worlds, which point to it
  const auto start = start_or_explain(cfg, o.run.from);
  if (!start) return kExitUsage;
  if (!o.json)
    std::cout << fmt::format("zabcheck simulate {} --depth {} --fault-rate {}{} --seed {}{}\n",
                             o.run.flags(), o.depth, o.fault_rate, o.swarm ? " --swarm" : "",
                             o.seed, o.replay ? fmt::format(" --walk {}", o.walk) : "");
  const InterruptScope interrupts;
  const RandomWalkOptions w = walk_options(o);
  const uint64_t memory_max =
      o.memory_max ? *o.memory_max : default_memory_limit_bytes(memory_bounds());
  SimulateOutcome out;
  {
    const MemoryWatch watch(memory_max);
    out = simulate_or_replay(o, *start, w);
  }
  out.memory_max = memory_max;
  write_outputs(o, w, out);
  for (const auto& error : out.write_errors)
    std::cerr << "zabcheck: " << error << "\n";
  if (o.json)
    print_simulate_json(o, out);
  else
    print_simulate_summary(o, out);
  return exit_code(out);
}

void add_simulate_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("simulate", "Seeded random walks (and swarm testing)");
  auto o = std::make_shared<SimulateOptions>();
  add_run_options(cmd, o->run);
  cmd->add_option("--property", o->properties, "property to check (repeatable; default all)");
  cmd->add_option("--walks", o->walks, "walks to run")->capture_default_str();
  cmd->add_option("--depth", o->depth, "actions per walk")->capture_default_str();
  add_seed_option(cmd, o->seed, "the simulation's seed (default 1)");
  auto* walk = cmd->add_option("--walk", o->walk, "run only walk N (replay a failure)");
  cmd->add_option("--threads", o->threads, "worker threads, 1..256 (0: all cores)")
      ->capture_default_str();
  cmd->add_option("--fault-rate", o->fault_rate, "probability of a fault where one is enabled")
      ->capture_default_str();
  cmd->add_option_function<std::string>(
         "--memory",
         [o](const std::string& v) {
           const SizeParse size = parse_memory_size(v, memory_bounds());
           if (!size.bytes) throw CLI::ValidationError(size.problem);
           o->memory_max = *size.bytes;
         },
         "stop at this resident memory: 4G, 512M, 75% or 0 for none (default as for check)")
      ->type_name("SIZE");
  cmd->add_flag("--swarm", o->swarm, "each walk draws its own fault kinds and fault rate");
  cmd->add_flag("--json", o->json, "print one JSON object instead of the summary");
  cmd->add_option("--trace-out", o->trace_out, "where to write a counterexample");
  cmd->add_option("--junit", o->junit_out, "write JUnit XML, one test case per property");
  cmd->add_option("--report", o->report_dir, "write the report of a violation to this folder");
  cmd->add_flag(
      "--no-progress", [o](int64_t) { o->progress = false; }, "no progress on stderr");
  cmd->callback([o, walk, &exit_code] {
    o->replay = walk->count() > 0;
    exit_code = run_simulate(*o);
  });
}

}  // namespace zab::check
