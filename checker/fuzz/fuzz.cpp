#include "checker/fuzz/fuzz.h"

#include <chrono>

#include "checker/fuzz/generators.h"
#include "checker/search/reporter.h"

namespace zab::fuzz {

namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

bool same_failure(const ScenarioRun& run, const search::Violation& v) {
  return run.violation && run.violation->property == v.property;
}

// RapidCheck's shrink search (rc::detail::shrinkTestCase): take the first shrink that still
// fails, start again from it, stop when none does.
void shrink(const check::WorldModel& model, const check::World& start, const FuzzOptions& o,
            rc::Shrinkable<Scenario> failing, FuzzFailure& f) {
  const search::Violation wanted = *f.scenario_run.violation;
  f.shrunk = f.scenario;
  f.shrunk_run = f.scenario_run;
  for (bool improved = true; improved && f.shrink_runs < o.shrink_runs_max;) {
    improved = false;
    auto candidates = failing.shrinks();
    while (auto candidate = candidates.next()) {
      if (f.shrink_runs >= o.shrink_runs_max) break;
      ++f.shrink_runs;
      Scenario s = candidate->value();
      ScenarioRun r = run_scenario(model, start, s, o.limits);
      if (!same_failure(r, wanted)) continue;
      failing = std::move(*candidate);
      f.shrunk = std::move(s);
      f.shrunk_run = std::move(r);
      ++f.shrink_steps;
      improved = true;
      break;
    }
  }
}

}  // namespace

FuzzResult fuzz(const check::WorldModel& model, const check::World& start, const FuzzOptions& o) {
  const auto started = Clock::now();
  FuzzResult result;
  std::atomic<uint64_t> runs{0}, steps{0};
  search::Reporter reporter(o.progress_seconds, o.on_progress ? std::function<void()>([&] {
                              o.on_progress({runs.load(), steps.load(), since(started)});
                            })
                                                              : nullptr);
  for (int run = 0; run < o.runs; ++run) {
    if (o.stop && o.stop->load()) {
      result.stopped = true;
      break;
    }
    auto shrinkable = generate(o.seed, run, o.max_size, o.servers);
    Scenario scenario = shrinkable.value();
    ScenarioRun r = run_scenario(model, start, scenario, o.limits);
    runs.fetch_add(1);
    steps.fetch_add(r.actions.size());
    if (!r.violation) continue;
    result.seconds_to_failure = since(started);
    FuzzFailure f;
    f.run = run;
    f.scenario = std::move(scenario);
    f.scenario_run = std::move(r);
    shrink(model, start, o, std::move(shrinkable), f);
    result.failure = std::move(f);
    break;
  }
  reporter.stop();
  result.runs = runs.load();
  result.steps = steps.load();
  result.seconds = since(started);
  return result;
}

}  // namespace zab::fuzz
