// The fuzz driver: runs RapidCheck-generated scenarios (generators.h) one after another, and on
// the first violation shrinks the scenario with its RapidCheck shrink tree (a candidate is kept
// when it violates the same property), as RapidCheck's own search does. The caller then hands
// the shrunk run's action trace to the trace shrinker (counterexamples/shrink.h).
//
// A fuzz is a function of its seed: run r's scenario is generate(seed, r, size), so the first
// failing run and its shrink are the same on every machine.
#pragma once

#include <atomic>
#include <functional>
#include <optional>

#include "checker/fuzz/scenario.h"

namespace zab::fuzz {

struct FuzzProgress {
  uint64_t runs = 0;   // scenarios run (shrink candidates not counted)
  uint64_t steps = 0;  // actions taken by them
  double seconds = 0;
};

struct FuzzOptions {
  uint64_t seed = 1;
  int runs = 1000;
  int max_size = 20;  // RapidCheck's size: at most this many steps per scenario
  int servers = 3;    // targets n1..nN
  RunLimits limits;
  int shrink_runs_max = 2000;                            // scenario runs the shrink may spend
  std::function<void(const FuzzProgress&)> on_progress;  // from a reporter thread
  double progress_seconds = 3.0;
  const std::atomic<bool>* stop = nullptr;  // raised: no new run starts
};

struct FuzzFailure {
  int run = 0;  // the index of the failing scenario
  Scenario scenario;
  ScenarioRun scenario_run;
  Scenario shrunk;  // after RapidCheck's shrink
  ScenarioRun shrunk_run;
  int shrink_runs = 0;   // candidates tried
  int shrink_steps = 0;  // candidates kept
};

struct FuzzResult {
  uint64_t runs = 0;   // up to and including the failing one
  uint64_t steps = 0;  // their actions
  double seconds = 0;  // including the shrink
  double seconds_to_failure = 0;
  bool stopped = false;  // the stop flag ended it early
  std::optional<FuzzFailure> failure;
};

FuzzResult fuzz(const check::WorldModel& model, const check::World& start,
                const FuzzOptions& options);

}  // namespace zab::fuzz
