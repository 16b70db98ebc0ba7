#include "counterexamples/replay.h"

#include <fmt/format.h>

#include "counterexamples/escape.h"
#include "impl/core/check.h"

namespace zab::cx {

std::string_view to_string(ReplayOutcome outcome) {
  switch (outcome) {
    case ReplayOutcome::kViolated:
      return "violated";
    case ReplayOutcome::kNotViolated:
      return "not-violated";
    case ReplayOutcome::kInconsistent:
      return "inconsistent";
  }
  return "?";
}

Verdict ReplayResult::verdict() const {
  if (outcome != ReplayOutcome::kViolated || !violation) return Verdict{};
  return Verdict{true, violation->property, violation->detail};
}

std::optional<bool> ReplayResult::digest_matches(const Trace& trace) const {
  if (!digest || !trace.digest) return std::nullopt;
  return *digest == *trace.digest;
}

namespace {

props::PropertySet checked_properties(const Trace& trace, const ReplayOptions& options) {
  if (options.all_properties) return props::PropertySet::all_safety();
  if (trace.property == kAssertionProperty) return props::PropertySet::named({});
  return props::PropertySet::named({trace.property});
}

// Finds the enabled action whose canonical name is exactly `line`.
std::optional<check::Action> match(const check::World& world, const std::string& line,
                                   std::vector<check::Action>& enabled) {
  world.actions(enabled);
  for (const auto& a : enabled)
    if (world.name(a) == line) return a;
  return std::nullopt;
}

class Replayer {
 public:
  Replayer(const Trace& trace, const ReplayOptions& options)
      : trace_(trace), options_(options), properties_(checked_properties(trace, options)) {}

  ReplayResult run() {
    set_assertions_throw(true);  // a failed ZK_ASSERT is a finding, not a crash of the tool
    if (auto problem = trace_.config.validate())
      return inconsistent("bad configuration: " + *problem);
    const check::WorldConfig config = trace_.config.world_config();  // outlives the World
    std::optional<check::World> world;
    try {
      world.emplace(check::start_world(config, trace_.config.from));
    } catch (const std::exception& e) {
      return inconsistent(
          fmt::format("cannot build the start world '{}': {}", trace_.config.from, e.what()));
    }
    if (options_.on_start) options_.on_start(*world);
    note(properties_.check(nullptr, nullptr, *world), 0);
    for (size_t i = 0; i < trace_.actions.size(); ++i) {
      if (result_.violation && options_.stop_at_violation) return std::move(result_);
      if (!step(*world, i)) return std::move(result_);
    }
    result_.digest = world->fingerprint();
    return std::move(result_);
  }

 private:
  // Takes line i; false when the replay cannot go on.
  bool step(check::World& world, size_t i) {
    const std::string& line = trace_.actions[i];
    const auto action = match(world, line, enabled_);
    if (!action) {
      for (const auto& a : enabled_)
        result_.enabled.push_back(world.name(a));
      result_ = inconsistent(fmt::format("{}: no enabled action is named '{}'",
                                         action_origin(trace_, i), brief(line)));
      return false;
    }
    const check::World before = world;
    try {
      world.perform(*action);
    } catch (const AssertionFailure& e) {
      result_.steps = i + 1;
      note(props::Violation{std::string(kAssertionProperty), e.what()}, i + 1);
      return false;  // the world is half-stepped: nothing after this is meaningful
    } catch (const std::exception& e) {
      result_ = inconsistent(
          fmt::format("{}: '{}' failed: {}", action_origin(trace_, i), brief(line), e.what()));
      return false;
    }
    result_.steps = i + 1;
    if (options_.on_step) options_.on_step(StepEvent{i + 1, *action, line, before, world});
    if (!result_.violation) note(properties_.check(&before, &*action, world), i + 1);
    return true;
  }

  void note(std::optional<props::Violation> violation, size_t step) {
    if (!violation || result_.violation) return;
    result_.outcome = ReplayOutcome::kViolated;
    result_.violation = std::move(violation);
    result_.violation_step = step;
  }

  ReplayResult inconsistent(std::string problem) {
    ReplayResult r = std::move(result_);
    r.outcome = ReplayOutcome::kInconsistent;
    r.violation.reset();
    r.digest.reset();
    r.problem = std::move(problem);
    return r;
  }

  const Trace& trace_;
  const ReplayOptions& options_;
  props::PropertySet properties_;
  std::vector<check::Action> enabled_;
  ReplayResult result_;
};

}  // namespace

ReplayResult replay(const Trace& trace, const ReplayOptions& options) {
  return Replayer(trace, options).run();
}

ReplayResult record_expected(Trace& trace) {
  ReplayResult result = replay(trace);
  if (result.outcome != ReplayOutcome::kInconsistent) {
    trace.expected = result.verdict();
    trace.digest = result.digest;
  }
  return result;
}

std::string describe(const Trace& trace, const ReplayResult& r) {
  std::string out;
  switch (r.outcome) {
    case ReplayOutcome::kViolated: {
      const std::string where =
          r.violation_step == 0
              ? "in the start state"
              : fmt::format("at step {} of {} ({}: {})", r.violation_step, trace.actions.size(),
                            action_origin(trace, r.violation_step - 1),
                            trace.actions[r.violation_step - 1]);
      out +=
          fmt::format("violated {} {}:\n  {}\n", r.violation->property, where, r.violation->detail);
      break;
    }
    case ReplayOutcome::kNotViolated:
      out += fmt::format("not violated: {} held at every one of the {} steps\n", trace.property,
                         r.steps);
      break;
    case ReplayOutcome::kInconsistent:
      out += fmt::format("inconsistent trace: {}\n", r.problem);
      if (!r.enabled.empty()) out += "  enabled actions at that point:\n";
      for (const auto& name : r.enabled)
        out += fmt::format("    {}\n", name);
      return out;
  }
  if (r.verdict() != trace.expected)
    out += fmt::format(
        "  (the trace expected: {})\n",
        trace.expected.violated
            ? fmt::format("violates {}: {}", trace.expected.property, trace.expected.detail)
            : std::string("ok"));
  if (const auto same = r.digest_matches(trace))
    out += *same ? fmt::format("digest {} matches the trace\n", digest_hex(*r.digest))
                 : fmt::format(
                       "digest differs: the trace recorded {}, this replay reached {} "
                       "(the world or its hashing changed since the trace was written)\n",
                       digest_hex(*trace.digest), digest_hex(*r.digest));
  return out;
}

}  // namespace zab::cx
