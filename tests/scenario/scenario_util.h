// Shared setup for the scripted scenarios: configurations, start disks, and shorthands.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "checker/world/harness.h"
#include "properties/property.h"

namespace zab::check::testing {

inline NodeId n(int id) { return NodeId{static_cast<uint8_t>(id)}; }
inline Zxid z(uint32_t epoch, uint32_t counter) { return Zxid::make(Epoch{epoch}, counter); }

// A configuration with generous budgets: scenarios pick their actions themselves.
inline std::unique_ptr<WorldConfig> scenario_config(int participants, int observers = 0) {
  auto cfg = std::make_unique<WorldConfig>();
  cfg->quorum = make_config(participants, observers);
  cfg->budget = Budgets{16, 16, 16, 16, 16, 16};
  return cfg;
}

inline void set_disk(WorldConfig& cfg, int id, const std::vector<Zxid>& log, uint32_t accepted,
                     uint32_t current) {
  cfg.initial_disks[id] = disk_with_log(log, Epoch{accepted}, Epoch{current}, cfg.empty_image);
}

inline std::string zxids(const TxnLog& log) { return log.describe(); }

// The first property violated at this step, checking the whole safety catalogue.
inline std::optional<props::Violation> violation(const World& before, const Action& a,
                                                 const World& after) {
  return props::PropertySet::all_safety(after.config().clients > 0).check(&before, &a, after);
}

// Performs the named action and returns the first violation it causes.
inline std::optional<props::Violation> step(World& world, std::string_view prefix) {
  const World before = world;
  const Action a = perform_named(world, prefix);
  return violation(before, a, world);
}

// Runs like stabilize() but checks every property at every step; returns the first violation.
inline std::optional<props::Violation> stabilize_checked(World& world, int max_steps = 20000) {
  std::optional<props::Violation> found;
  run_until(
      world, [&](const World&) { return found.has_value(); }, max_steps,
      [&](const World& before, const Action& a, const World& after) {
        if (!found) found = violation(before, a, after);
      });
  return found;
}

}  // namespace zab::check::testing
