// Replay: rebuild the start world from the trace's configuration, take each line's action by
// exact name, check properties after every step, and compare the final fingerprint with the
// digest. The code is deterministic, so a replay is exact: the same trace always reaches the
// same world (DESIGN.md, "Counterexamples").
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "counterexamples/trace.h"
#include "properties/property.h"

namespace zab::cx {

enum class ReplayOutcome : uint8_t {
  kViolated,      // a checked property (or an assertion) failed
  kNotViolated,   // every line replayed and every checked property held at every step
  kInconsistent,  // a line names no enabled action, or the start world cannot be built
};
std::string_view to_string(ReplayOutcome outcome);  // "violated", "not-violated", "inconsistent"

// One step as it happened, for `--step`, reports and per-property checks.
struct StepEvent {
  size_t step;  // 1-based: the world after the step-th action
  const check::Action& action;
  const std::string& name;
  const check::World& before;
  const check::World& after;
};

struct ReplayOptions {
  // Check every safety property instead of only the trace's own.
  bool all_properties = false;
  // Stop after the first violation instead of replaying the remaining lines.
  bool stop_at_violation = false;
  std::function<void(const check::World& start)> on_start;
  std::function<void(const StepEvent&)> on_step;
};

struct ReplayResult {
  ReplayOutcome outcome = ReplayOutcome::kNotViolated;
  std::optional<props::Violation> violation;  // the first one
  size_t violation_step = 0;                  // 0: the start state; k: after the k-th action
  size_t steps = 0;                           // actions performed
  std::string problem;                        // kInconsistent: what went wrong, naming the line
  std::vector<std::string> enabled;           // at an unmatched line: what was enabled instead
  std::optional<uint64_t> digest;             // the final world's fingerprint, if reached

  // The verdict this replay found, in the trace's terms.
  Verdict verdict() const;
  // Whether the digest equals the trace's (nullopt when either is missing).
  std::optional<bool> digest_matches(const Trace& trace) const;
};

ReplayResult replay(const Trace& trace, const ReplayOptions& options = {});

// Replays the trace and stores what it found as the expected verdict and digest: how explorers
// and the shrinker finish a trace before writing it. Returns the replay's result.
ReplayResult record_expected(Trace& trace);

// A few lines for a person: the outcome, where, the finding, and how the digest compared.
std::string describe(const Trace& trace, const ReplayResult& result);

}  // namespace zab::cx
