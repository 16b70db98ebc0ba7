#include "cmd/zabcheck/simulate_command.h"

#include <fmt/format.h>

#include <charconv>
#include <chrono>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "cmd/zabcheck/numbers.h"
#include "cmd/zabcheck/run_options.h"
#include "cmd/zabcheck/trace_out.h"
#include "checker/explore/random_walk.h"
#include "checker/explore/search.h"
#include "counterexamples/replay.h"
#include "counterexamples/report.h"
#include "counterexamples/shrink.h"
#include "impl/core/check.h"

namespace zab::check {
namespace {

void print_progress(const SimulationProgress& p) {
  const double rate = p.seconds > 0 ? static_cast<double>(p.steps) / p.seconds : 0;
  std::cerr << fmt::format("  {:>10} walks | {:>10.0f} steps/s | longest walk {:>4} | {:>6} MiB\n",
                           with_commas(p.walks), rate, p.depth, p.rss_bytes >> 20);
}

// The simulation's own usage errors; the configuration's are RunConfig::validate()'s.
std::optional<std::string> problem_with(const SimulateOptions& o) {
  if (auto problem = o.run.validate()) return problem;
  if (o.walks < 1) return fmt::format("--walks {} must be at least 1", o.walks);
  if (o.depth < 1) return fmt::format("--depth {} must be at least 1", o.depth);
  if (o.replay && o.walk < 0) return fmt::format("--walk {} is negative", o.walk);
  if (o.threads < 0) return fmt::format("--threads {} is negative", o.threads);
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
  return std::nullopt;
}

RandomWalkOptions walk_options(const SimulateOptions& o) {
  RandomWalkOptions w;
  w.seed = o.seed;
  w.walks = o.walks;
  w.depth_max = o.depth;
  w.threads = o.threads > 0 ? o.threads : static_cast<int>(std::thread::hardware_concurrency());
  w.fault_rate = o.fault_rate;
  w.swarm = o.swarm;
  if (o.progress && !o.json && !o.replay) w.on_progress = print_progress;
  // The same default as `check`: the client properties only where there are clients.
  w.properties = o.properties.empty() ? props::PropertySet::all_safety(o.run.clients > 0)
                                      : props::PropertySet::named(o.properties);
  return w;
}

// The failing walk as a trace in the counterexample format, shrunk automatically (a random walk
// is rarely minimal); the walk's own length stays in the header's found-by line.
cx::Trace write_walk_trace(const std::string& path, const SimulateOptions& o,
                           const WalkOutcome& walk) {
  cx::Trace t;
  t.property = walk.violation->property;
  t.config = o.run;
  t.seed = o.seed;
  t.found_by = fmt::format("{} walk {} ({}), {} steps; {}", o.swarm ? "swarm" : "random", walk.walk,
                           walk.mix.describe(), walk.trace.size(), reproduce_command(o, walk.walk));
  t.actions = walk.trace_names;
  cx::record_expected(t);
  const auto shrunk = cx::shrink(t);
  cx::write_trace(path, shrunk.trace);
  return shrunk.trace;
}

struct Outcome {
  SimulationResult sim;             // when simulating
  std::optional<WalkOutcome> walk;  // the failing walk, or the replayed one
  std::string verdict;              // ok | vacuous | violation
  std::vector<std::string> vacuous;
  std::string trace_path;
  size_t shrunk_length = 0;  // actions in the written (shrunk) trace
  double seconds = 0;
};

Outcome simulate_or_replay(const SimulateOptions& o, const World& start) {
  Outcome out;
  const RandomWalkOptions w = walk_options(o);
  if (o.replay) {
    const auto started = std::chrono::steady_clock::now();
    out.walk = replay_walk(start, w, o.walk);
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    out.verdict = out.walk->violation ? "violation" : "ok";
  } else {
    out.sim = simulate(start, w);
    out.seconds = out.sim.seconds;
    out.walk = out.sim.failure;
    if (!out.walk) out.vacuous = w.properties.vacuous(out.sim.reached);
    out.verdict = out.walk ? "violation" : out.vacuous.empty() ? "ok" : "vacuous";
  }
  if (out.walk && out.walk->violation) {
    out.trace_path = o.trace_out.empty()
                         ? "counterexample-" + out.walk->violation->property + ".trace"
                         : o.trace_out;
    const cx::Trace written = write_walk_trace(out.trace_path, o, *out.walk);
    out.shrunk_length = written.actions.size();
    if (!o.report_dir.empty()) cx::write_report(cx::record(written, out.trace_path), o.report_dir);
  }
  if (!o.junit_out.empty()) {
    const auto violation = out.walk ? out.walk->violation : std::optional<props::Violation>{};
    write_junit(o.junit_out, {junit_suite("simulate", o.run, w.properties, violation, out.vacuous,
                                          out.trace_path, out.seconds)});
  }
  return out;
}

void print_json(const SimulateOptions& o, const Outcome& out) {
  const auto* walk = out.walk ? &*out.walk : nullptr;
  const auto* v = walk && walk->violation ? &*walk->violation : nullptr;
  const auto& r = out.sim;
  nlohmann::json j{
      {"result", out.verdict},
      {"property", v ? nlohmann::json(v->property) : nullptr},
      {"detail", v ? nlohmann::json(v->detail) : nullptr},
      {"walks", o.replay ? 1 : r.walks},
      {"steps", o.replay ? walk->trace.size() : r.steps},
      {"seconds", out.seconds},
      {"seed", o.seed},
      {"walk", walk ? nlohmann::json(walk->walk) : nullptr},
      {"trace", v ? nlohmann::json(out.trace_path) : nullptr},
      {"walk_length", walk ? nlohmann::json(walk->trace.size()) : nullptr},
      {"trace_length", v ? nlohmann::json(out.shrunk_length) : nullptr},
      {"fault_mix", walk ? nlohmann::json(walk->mix.describe()) : nullptr},
      {"final_fingerprint",
       walk ? nlohmann::json(fmt::format("{:016x}", walk->final_fingerprint)) : nullptr},
      {"reproduce", walk ? nlohmann::json(reproduce_command(o, walk->walk)) : nullptr},
      {"swarm", o.swarm},
      {"vacuous_properties", out.vacuous},
      {"config", o.run.to_json()}};
  if (!o.replay) {
    j["distinct_states_estimate"] = r.distinct_estimate;
    j["depth"] = r.depth;
    j["reached"] = r.reached;
  }
  std::cout << j.dump() << "\n";
}

void print_violation(const SimulateOptions& o, const Outcome& out) {
  const WalkOutcome& walk = *out.walk;
  std::cout << fmt::format("result: VIOLATION of {}\n  {}\n", walk.violation->property,
                           walk.violation->detail);
  std::cout << fmt::format("  found by walk {} ({} steps; fault mix: {})\n", walk.walk,
                           walk.trace.size(), walk.mix.describe());
  std::cout << fmt::format("  counterexample shrunk from {} to {} actions, written to {}\n",
                           walk.trace.size(), out.shrunk_length, out.trace_path);
  std::cout << fmt::format("  replay with:    zabcheck replay {}\n", out.trace_path);
  std::cout << fmt::format("  reproduce with: {}\n", reproduce_command(o, walk.walk));
}

void print_summary(const SimulateOptions& o, const Outcome& out) {
  if (o.replay) {
    const WalkOutcome& walk = *out.walk;
    std::cout << fmt::format(
        "walk {} (fault mix: {}): {} steps, ended by {}, final fingerprint "
        "{:016x}\n",
        walk.walk, walk.mix.describe(), walk.trace.size(), to_string(walk.end),
        walk.final_fingerprint);
    for (size_t i = 0; i < walk.trace_names.size(); ++i)
      std::cout << fmt::format("  {:>4}  {}\n", i + 1, walk.trace_names[i]);
  }
  if (out.verdict == "violation") {
    print_violation(o, out);
  } else if (out.verdict == "vacuous") {
    std::cout << "result: VACUOUS: no property violated, but these were never exercised:";
    for (const auto& id : out.vacuous)
      std::cout << " " << id;
    std::cout << "\n";
  } else {
    std::cout << "result: ok: no property violated\n";
  }
  if (o.replay) return;
  const auto& r = out.sim;
  const double rate = r.seconds > 0 ? static_cast<double>(r.steps) / r.seconds : 0;
  std::cout << fmt::format(
      "  {} walks, {} steps, ~{} distinct states (estimate), longest walk {}, "
      "{:.2f} s ({:.0f} steps/s), {} MiB\n",
      with_commas(r.walks), with_commas(r.steps), with_commas(r.distinct_estimate), r.depth,
      r.seconds, rate, r.peak_rss_bytes >> 20);
  if (!r.reached.empty()) {
    std::cout << "  reached:";
    for (const auto& g : r.reached)
      std::cout << " " << g;
    std::cout << "\n";
  }
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
    return 2;
  }
  const WorldConfig cfg = o.run.world_config();
  std::optional<World> start;
  try {
    start = start_world(cfg, o.run.from);
  } catch (const std::exception& e) {
    std::cerr << fmt::format("zabcheck: cannot reach the start state '{}': {}\n", o.run.from,
                             e.what());
    return 2;
  }
  if (!o.json)
    std::cout << fmt::format("zabcheck simulate {} --depth {} --fault-rate {}{} --seed {}{}\n",
                             o.run.flags(), o.depth, o.fault_rate, o.swarm ? " --swarm" : "",
                             o.seed, o.replay ? fmt::format(" --walk {}", o.walk) : "");
  Outcome out;
  try {
    out = simulate_or_replay(o, *start);
  } catch (const std::exception& e) {
    // Not an assertion in the protocol code (those are violations): a bug in the world.
    std::cerr << "zabcheck: internal error in the simulated world: " << e.what() << "\n";
    return 2;
  }
  if (o.json)
    print_json(o, out);
  else
    print_summary(o, out);
  return out.verdict == "violation" ? 1 : 0;
}

void add_simulate_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("simulate", "Seeded random walks (and swarm testing)");
  auto o = std::make_shared<SimulateOptions>();
  add_run_options(cmd, o->run);
  cmd->add_option("--property", o->properties, "property to check (repeatable; default all)");
  cmd->add_option("--walks", o->walks, "walks to run")->capture_default_str();
  cmd->add_option("--depth", o->depth, "actions per walk")->capture_default_str();
  // Parsed by hand: CLI11 would read "-3" as 2^64 - 3, a seed nobody meant.
  cmd->add_option_function<std::string>(
      "--seed",
      [o](const std::string& v) {
        const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), o->seed);
        if (ec != std::errc{} || end != v.data() + v.size())
          throw CLI::ValidationError("--seed", "'" + v + "' is not an unsigned 64-bit integer");
      },
      "the simulation's seed (default 1)");
  auto* walk = cmd->add_option("--walk", o->walk, "run only walk N (replay a failure)");
  cmd->add_option("--threads", o->threads, "worker threads (0: all cores)")->capture_default_str();
  cmd->add_option("--fault-rate", o->fault_rate, "probability of a fault where one is enabled")
      ->capture_default_str();
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
