// Driving a world by hand: the scripted scenarios of the tests and of `--from SCENARIO`.
// Deterministic: the same calls on the same world always take the same actions.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "checker/world/world.h"

namespace zab::check {

// Takes the first enabled action whose name starts with `prefix`; throws std::runtime_error
// (listing what was enabled) when there is none.
Action perform_named(World& world, std::string_view prefix);

// Runs the system without faults or client writes until nothing but those can happen: delivers,
// fsyncs and drains in a fixed order, and fires timers only when everything is idle (like etcd's
// `stabilize`). Returns the names of the actions taken. Throws if `max_steps` is exceeded.
std::vector<std::string> stabilize(World& world, int max_steps = 10000);

// Called after every step of run_until with the states around it.
using StepObserver = std::function<void(const World& before, const Action& a, const World& after)>;

// As stabilize, but stops as soon as `done(world)` holds.
std::vector<std::string> run_until(World& world, const std::function<bool(const World&)>& done,
                                   int max_steps = 10000, const StepObserver& observe = {});

// As stabilize, but never takes an action `held(action)` holds for (a server that reads nothing
// meanwhile, say).
std::vector<std::string> stabilize_except(World& world,
                                          const std::function<bool(const Action&)>& held);

// The established leader with the highest epoch among the servers that are up, if any.
std::optional<NodeId> established_leader(const World& world);

// A data directory holding `zxids` in its log (payloads "t<epoch>.<counter>"), with the given
// epochs. Builds start states for scenarios.
DurableState disk_with_log(const std::vector<Zxid>& zxids, Epoch accepted, Epoch current,
                           const StateImageRef& empty_image);

}  // namespace zab::check
