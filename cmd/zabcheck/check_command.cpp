#include "cmd/zabcheck/check_command.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "checker/explore/search.h"
#include "cmd/zabcheck/numbers.h"
#include "cmd/zabcheck/profiles.h"
#include "cmd/zabcheck/run_options.h"
#include "cmd/zabcheck/trace_out.h"
#include "counterexamples/report.h"

namespace zab::check {
namespace {

void print_progress(const Progress& p) {
  const double rate = p.seconds > 0 ? static_cast<double>(p.generated) / p.seconds : 0;
  std::cerr << fmt::format(
      "  {:>12} distinct | {:>10.0f} states/s | queue {:>10} | depth {:>3} | "
      "{:>6} MiB\n",
      with_commas(p.distinct), rate, with_commas(p.queue), p.depth, p.rss_bytes >> 20);
}

struct Outcome {
  SearchResult search;
  std::vector<std::string> vacuous;        // properties none of whose witnesses was reached
  std::vector<std::string> also_violated;  // other properties violated at the same last step
  std::string verdict;                     // ok | violation | vacuous
  std::optional<props::Violation> violation;
  std::vector<Action> trace;
  std::string trace_path;
};

Outcome explore(const CheckOptions& o, const WorldConfig& cfg) {
  Outcome out;
  SearchOptions s;
  s.properties = o.properties.empty() ? props::PropertySet::all_safety(o.run.clients > 0)
                                      : props::PropertySet::named(o.properties);
  s.threads = o.threads > 0 ? o.threads : static_cast<int>(std::thread::hardware_concurrency());
  s.depth_max = o.run.depth_max;
  s.por = o.por;
  s.state_max = o.state_max;
  // A liveness property is checked on the recorded state graph, which costs memory: bounded.
  s.record_graph = s.properties.has_liveness() || !o.graph_out.empty();
  if (s.record_graph && (s.state_max == 0 || s.state_max > o.graph_max)) s.state_max = o.graph_max;
  if (o.progress && !o.json) s.on_progress = print_progress;
  const World start = start_world(cfg, o.run.from);
  out.search = o.dfs ? dfs(start, s) : bfs(start, s);
  out.violation = out.search.violation;
  out.trace = out.search.trace;
  if (!o.graph_out.empty() && out.search.graph) {
    const auto& live = out.search.liveness;
    std::ofstream dot(o.graph_out);
    dot << search::to_dot(*out.search.graph, live.empty() ? nullptr : &live.front());
  }
  if (out.violation) {
    for (const auto& v : violations_at_end(start, out.trace, s.properties))
      if (v.property != out.violation->property) out.also_violated.push_back(v.property);
    out.verdict = "violation";
    out.trace_path =
        o.trace_out.empty() ? "counterexample-" + out.violation->property + ".trace" : o.trace_out;
    const auto trace =
        make_trace(o.run, *out.violation, start, out.trace, o.dfs ? "dfs" : "bfs", out.search);
    cx::write_trace(out.trace_path, trace);
    if (!o.report_dir.empty()) cx::write_report(cx::record(trace, out.trace_path), o.report_dir);
  } else {
    out.vacuous = s.properties.vacuous(out.search.reached);
    out.verdict = out.vacuous.empty() ? "ok" : "vacuous";
  }
  if (!o.junit_out.empty() || o.junit_suites) {
    auto suite = junit_suite("check", o.run, s.properties, out.violation, out.vacuous,
                             out.trace_path, out.search.seconds);
    if (o.junit_suites)
      o.junit_suites->push_back(std::move(suite));
    else
      write_junit(o.junit_out, {suite});
  }
  return out;
}

void print_summary(const CheckOptions& o, const Outcome& out) {
  const auto& r = out.search;
  if (o.json) {
    nlohmann::json j{
        {"result", out.verdict},
        {"property", out.violation ? nlohmann::json(out.violation->property) : nullptr},
        {"detail", out.violation ? nlohmann::json(out.violation->detail) : nullptr},
        {"also_violated", out.also_violated},
        {"distinct_states", r.distinct},
        {"states_generated", r.generated},
        {"transitions_pruned_by_por", r.pruned},
        {"depth", r.depth},
        {"seconds", r.seconds},
        {"trace", out.violation ? nlohmann::json(out.trace_path) : nullptr},
        {"collision_probability", r.collision_probability()},
        {"bounded", r.bounded},
        {"vacuous_properties", out.vacuous},
        {"reached", r.reached},
        {"config", o.run.to_json()}};
    for (const auto& live : r.liveness)
      j["liveness"] = {{"holds", live.holds},
                       {"eligible_states", live.eligible},
                       {"components", live.components}};
    std::cout << j.dump() << "\n";
    return;
  }
  std::cout << fmt::format("zabcheck check {}\n", o.run.flags());
  if (out.violation) {
    std::cout << fmt::format("result: VIOLATION of {}\n  {}\n", out.violation->property,
                             out.violation->detail);
    if (!out.also_violated.empty())
      std::cout << fmt::format("  the same step also violates: {}\n",
                               fmt::join(out.also_violated, ", "));
    std::cout << fmt::format("  counterexample: {} steps, written to {}\n", out.trace.size(),
                             out.trace_path);
    std::cout << fmt::format("  replay with: zabcheck replay {}\n", out.trace_path);
  } else if (out.verdict == "vacuous") {
    std::cout << "result: VACUOUS: no property violated, but these were never exercised:\n";
    for (const auto& id : out.vacuous) {
      std::cout << "  " << id << ": never reached";
      for (const auto& w : props::find_property(id)->witnesses)
        std::cout << " " << w;
      std::cout << "\n";
    }
  } else {
    std::cout << "result: ok: no property violated" << (r.bounded ? " within the bounds" : "")
              << "\n";
  }
  const double rate = r.seconds > 0 ? static_cast<double>(r.generated) / r.seconds : 0;
  std::cout << fmt::format(
      "  {} distinct states, {} generated, depth {}, {:.2f} s ({:.0f} states/s), {} MiB\n",
      with_commas(r.distinct), with_commas(r.generated), r.depth, r.seconds, rate,
      r.peak_rss_bytes >> 20);
  std::cout << fmt::format("  fingerprint collision probability (TLC's estimate): {:.2g}\n",
                           r.collision_probability());
  if (r.pruned)
    std::cout << fmt::format(
        "  partial-order reduction: sleep sets skipped {} of {} transitions ({:.0f}%)\n",
        with_commas(r.pruned), with_commas(r.generated + r.pruned),
        100.0 * static_cast<double>(r.pruned) / static_cast<double>(r.generated + r.pruned));
  for (const auto& live : r.liveness)
    std::cout << fmt::format(
        "  {}: {} ({} eligible states, {} components{})\n", live.property,
        live.holds ? "holds" : "VIOLATED", live.eligible, live.components,
        live.unexplored
            ? fmt::format(", {} states cut off by a bound and assumed live", live.unexplored)
            : "");
  if (!r.reached.empty()) {
    std::cout << "  reached:";
    for (const auto& g : r.reached)
      std::cout << " " << g;
    std::cout << "\n";
  }
}

}  // namespace

int run_check(const CheckOptions& o) {
  if (auto problem = o.run.validate()) {
    std::cerr << "zabcheck: " << *problem << "\n";
    return 2;
  }
  if (o.threads < 0) {
    std::cerr << "zabcheck: --threads " << o.threads << " is negative\n";
    return 2;
  }
  for (const auto& id : o.properties)
    if (!props::find_property(id)) {
      std::cerr << "zabcheck: unknown property '" << id << "' (see `zabcheck list-properties`)\n";
      return 2;
    }
  const WorldConfig cfg = o.run.world_config();
  const Outcome out = explore(o, cfg);
  print_summary(o, out);
  return out.violation ? 1 : 0;
}

int run_check_line(const CheckOptions& o, const std::string& label) {
  const WorldConfig cfg = o.run.world_config();
  const Outcome out = explore(o, cfg);
  const auto& r = out.search;
  std::string verdict = out.verdict;
  if (out.violation) verdict = "VIOLATION " + out.violation->property + " -> " + out.trace_path;
  if (out.verdict == "vacuous") {
    verdict = "VACUOUS (not exercised:";
    for (const auto& id : out.vacuous)
      verdict += " " + id;
    verdict += ")";
  }
  std::cout << fmt::format("  {:<52} {:>12} states {:>8.1f} s  {}\n", label,
                           with_commas(r.distinct), r.seconds, verdict);
  std::cout.flush();
  return out.verdict == "ok" ? 0 : 1;
}

void add_check_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("check", "Model-check a configuration (or a --profile)");
  auto o = std::make_shared<CheckOptions>();
  auto& r = o->run;
  add_run_options(cmd, r);
  cmd->add_option("--depth", r.depth_max, "maximum depth (0: unbounded)")->capture_default_str();
  cmd->add_option("--property", o->properties, "property to check (repeatable; default all)");
  cmd->add_option("--threads", o->threads, "worker threads (0: all cores)")->capture_default_str();
  cmd->add_flag("--dfs", o->dfs, "depth-first instead of breadth-first");
  cmd->add_flag(
      "--no-por", [o](int64_t) { o->por = false; },
      "no partial-order reduction (sleep sets); the same distinct states, more work");
  cmd->add_flag("--json", o->json, "print one JSON object instead of the summary");
  cmd->add_option("--state-max", o->state_max, "stop after this many distinct states");
  cmd->add_option("--trace-out", o->trace_out, "where to write a counterexample");
  cmd->add_option("--graph", o->graph_out, "write the state graph as DOT (small bounds)");
  cmd->add_option("--junit", o->junit_out, "write JUnit XML, one test case per property");
  cmd->add_option("--report", o->report_dir, "write the report of a violation to this folder");
  cmd->add_option("--profile", o->profile, "run a named suite: quick, pr or nightly");
  cmd->add_flag(
      "--no-progress", [o](int64_t) { o->progress = false; }, "no progress on stderr");
  cmd->callback(
      [o, &exit_code] { exit_code = o->profile.empty() ? run_check(*o) : run_profile(*o); });
}

}  // namespace zab::check
