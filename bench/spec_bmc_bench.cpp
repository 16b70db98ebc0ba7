// Bounded model checking of the spec with Z3 against BFS, side by side on one machine in one run
// (the README's table). Two tables, printed as Markdown:
//  - per depth d (bug-free spec): BFS to depth d (time, distinct states) and Z3's query at depth
//    d (time for that depth, and cumulated), for the fault-free bounds and for bounds with a
//    crash and a timeout;
//  - per seeded spec mutation: the depth and time of BFS's shortest counterexample, and Z3's
//    (or the depth Z3 answered within --budget-s).
//
//   zabcheck-spec-bmc-bench [--depth 12] [--budget-s 120] [--reps 3]
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

#include "checker/search/bfs.h"
#include "spec/smt/bmc.h"

namespace {

using namespace zab::spec;
using Clock = std::chrono::steady_clock;

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

SpecConfig bounds(bool faults, SpecBug bug = SpecBug::kNone) {
  SpecConfig cfg;
  cfg.txns = 1;
  cfg.crashes = cfg.restarts = cfg.timeouts = faults ? 1 : 0;
  cfg.bug = bug;
  return cfg;
}

zab::search::SearchResult<Action> bfs(const SpecConfig& cfg, int depth) {
  const SpecModel m(cfg);
  zab::search::SearchOptions o;
  o.depth_max = depth;
  return zab::search::bfs(m, m.start(), o);
}

// Z3 to `depth`, stopped after `budget_s` seconds.
smt::BmcResult bmc(const SpecConfig& cfg, int depth, double budget_s) {
  std::atomic<bool> stop{false};
  std::jthread timer([&stop, budget_s](std::stop_token done) {
    const auto end = Clock::now() + std::chrono::duration<double>(budget_s);
    while (!done.stop_requested() && Clock::now() < end)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    stop = true;
  });
  smt::BmcOptions o;
  o.depth_max = depth;
  o.stop = &stop;
  return smt::bmc(SpecModel(cfg), o);
}

void per_depth(bool faults, int depth_max, double budget_s, int reps) {
  const SpecConfig cfg = bounds(faults);
  fmt::print("\n`zabcheck spec {}` (bug-free), BFS to depth d vs Z3's query at depth d:\n\n",
             cfg.flags());
  fmt::print("| depth | BFS states | BFS s | Z3 s (this depth) | Z3 s (to this depth) |\n");
  fmt::print("|---:|---:|---:|---:|---:|\n");
  std::vector<std::vector<double>> z3_runs(static_cast<size_t>(depth_max) + 1);
  for (int r = 0; r < reps; ++r) {
    const auto z = bmc(cfg, depth_max, budget_s);
    for (const auto& d : z.depths)
      z3_runs[static_cast<size_t>(d.depth)].push_back(d.seconds);
  }
  double cumulated = 0;
  for (int d = 1; d <= depth_max; ++d) {
    std::vector<double> bfs_s;
    uint64_t states = 0;
    for (int r = 0; r < reps; ++r) {
      const auto b = bfs(cfg, d);
      bfs_s.push_back(b.seconds);
      states = b.distinct;
    }
    const auto& z = z3_runs[static_cast<size_t>(d)];
    if (z.size() < static_cast<size_t>(reps)) {
      fmt::print("| {} | {} | {:.4f} | > budget | > {:.0f} |\n", d, states, median(bfs_s),
                 budget_s);
      break;
    }
    cumulated += median(z);
    fmt::print("| {} | {} | {:.4f} | {:.2f} | {:.2f} |\n", d, states, median(bfs_s), median(z),
               cumulated);
    std::fflush(stdout);  // a row as soon as it is measured: the runs are long
  }
}

void per_mutation(double budget_s) {
  fmt::print(
      "\nEvery seeded spec mutation, the fault-free bounds where they suffice, else one "
      "crash and one timeout (Z3 stopped after {:.0f} s):\n\n",
      budget_s);
  fmt::print("| mutation | bounds | BFS depth | BFS s | Z3 depth | Z3 s |\n");
  fmt::print("|---|---|---:|---:|---:|---:|\n");
  for (const SpecBug bug : all_spec_bugs()) {
    SpecConfig cfg = bounds(false, bug);
    cfg.txns = 2;
    auto b = bfs(cfg, 0);
    if (!b.violation) {
      cfg = bounds(true, bug);
      b = bfs(cfg, 0);
    }
    const int depth = static_cast<int>(b.trace.size());
    const auto z = bmc(cfg, depth, budget_s);
    const int answered = z.depths.empty() ? 0 : z.depths.back().depth;
    fmt::print(
        "| {} | `{}` | {} | {:.3f} | {} | {} |\n", to_string(bug),
        cfg.flags().substr(0, cfg.flags().find(" --bug")), depth, b.seconds,
        z.violation ? fmt::format("{}", z.trace.size()) : fmt::format("none to {}", answered),
        z.violation ? fmt::format("{:.2f}", z.seconds) : fmt::format("> {:.0f}", budget_s));
    std::fflush(stdout);
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Z3 bounded model checking of the spec vs BFS"};
  int depth = 12;
  double budget_s = 120;
  int reps = 3;
  app.add_option("--depth", depth, "deepest depth of the per-depth tables")->capture_default_str();
  app.add_option("--budget-s", budget_s, "stop Z3 after this long, per run")->capture_default_str();
  app.add_option("--reps", reps, "runs per figure (the median is printed)")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  per_depth(false, depth, budget_s, reps);
  per_depth(true, depth, budget_s, reps);
  per_mutation(budget_s);
  return 0;
}
