// Fuzz scenarios (`zabcheck fuzz`, issue 17): a seed and a list of steps aimed at protocol
// points, run against the real servers in the checker's world. Between and during the steps the
// world makes its own progress (deliveries, fsyncs, stage drains, idle timers, ticks) under a
// scheduler seeded from the scenario, so a scenario always gives the same run.
//
// Steps are interpreted against the world's enabled actions: a fault whose moment never comes
// (its server never fsyncs within the wait, its budget is spent, it is already down) is
// skipped, so every scenario RapidCheck generates or shrinks to is a valid run. This is what lets
// RapidCheck drop and simplify steps freely while shrinking.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "checker/explore/world_model.h"

namespace zab::fuzz {

// A server a step aims at: 0 is the established leader when the step runs (a step aimed at the
// leader while there is none is skipped), 1..N is server nN.
struct Target {
  uint8_t server = 0;
  bool operator==(const Target&) const = default;
};

// When a crash happens, relative to its server's own work.
enum class Moment : uint8_t {
  kNow,              // at once
  kAfterFsync,       // right after its next fsync completes (a durable write)
  kDuringFsync,      // while an fsync is pending (keeping `keep` of the unsynced writes)
  kAfterAckSent,     // once it has sent an ACK that is not yet delivered
  kLogWriterQueued,  // when its log writer has `queued` txns waiting
};

// Let the world run `actions` of its own progress actions.
struct Progress {
  uint8_t actions = 1;
  bool operator==(const Progress&) const = default;
};
// A client operation: the `pick`-th enabled client action (a scripted client's next request,
// or a raw write with --txns), modulo how many are enabled.
struct ClientOp {
  uint8_t pick = 0;
  bool operator==(const ClientOp&) const = default;
};
// Crash `who` at `moment` (waiting at most RunLimits::wait_max progress actions for it).
struct CrashAt {
  Target who;
  Moment moment = Moment::kNow;
  uint8_t queued = 1;  // kLogWriterQueued: how many txns the log writer must hold
  uint8_t keep = 0;    // unsynced writes the crash keeps (at most what there is)
  bool operator==(const CrashAt&) const = default;
};
// Restart `who` (0: the lowest crashed server).
struct RestartOf {
  Target who;
  bool operator==(const RestartOf&) const = default;
};
// Partition the leader from every other server, run `actions` progress actions, heal.
struct IsolateLeader {
  uint8_t actions = 1;
  bool operator==(const IsolateLeader&) const = default;
};
// Drop the quorum connection between `a` and `b` once a sync packet (DIFF, SNAP, TRUNC,
// NEWLEADER, UPTODATE) is about to cross it.
struct DropDuringSync {
  Target a;
  Target b;
  bool operator==(const DropDuringSync&) const = default;
};

using Step = std::variant<Progress, ClientOp, CrashAt, RestartOf, IsolateLeader, DropDuringSync>;

struct Scenario {
  uint64_t seed = 0;  // the progress scheduler's
  std::vector<Step> steps;
  bool operator==(const Scenario&) const = default;
};

std::string describe(const Step& step);
// "seed 42: progress 7; crash leader after-fsync keep=0; restart any; ..."
std::string describe(const Scenario& scenario);
std::ostream& operator<<(std::ostream& os, const Scenario& scenario);

struct RunLimits {
  int actions_max = 400;  // actions per run, all steps together
  int wait_max = 64;      // progress actions a fault waits for its moment
  int tail_max = 120;     // progress actions after the last step (faults play out)
};

// What a scenario did: every action taken, in order (on a violation, the last one violates).
struct ScenarioRun {
  std::vector<check::Action> actions;
  std::optional<search::Violation> violation;
  int faults_taken = 0;
  int faults_skipped = 0;
};

// Runs `scenario` from `start`, checking the model's properties at every step.
ScenarioRun run_scenario(const check::WorldModel& model, const check::World& start,
                         const Scenario& scenario, const RunLimits& limits = {});

}  // namespace zab::fuzz
