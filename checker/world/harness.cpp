#include "checker/world/harness.h"

#include <fmt/format.h>

#include <set>
#include <stdexcept>

namespace zab::check {

Action perform_named(World& world, std::string_view prefix) {
  std::vector<Action> enabled;
  world.actions(enabled);
  for (const auto& a : enabled) {
    if (world.name(a).starts_with(prefix)) {
      world.perform(a);
      return a;
    }
  }
  std::string listing;
  for (const auto& a : enabled)
    listing += "\n  " + world.name(a);
  throw std::runtime_error(
      fmt::format("no enabled action starts with '{}'; enabled:{}", prefix, listing));
}

namespace {

std::vector<std::string> run(World& world, const std::function<bool(const World&)>& done,
                             int max_steps, const StepObserver& observe,
                             const std::function<bool(const Action&)>& held) {
  std::vector<std::string> taken;
  std::vector<Action> enabled;
  // A lone LOOKING server resends forever; once the system comes back to an idle state it was
  // already in, timers only go round in a cycle and the system is as quiet as it gets.
  std::set<uint64_t> seen_while_idle;
  for (int step = 0; step < max_steps; ++step) {
    if (done(world)) return taken;
    world.actions(enabled);
    if (held) std::erase_if(enabled, held);
    const Action* pick = nullptr;
    for (const auto& a : enabled)
      if (is_progress(a)) {
        pick = &a;
        break;
      }
    if (!pick) {
      if (!seen_while_idle.insert(world.fingerprint()).second) return taken;
      for (const auto& a : enabled)
        if (const auto* fire = std::get_if<Fire>(&a); fire && !fire->costs_timeout) {
          pick = &a;
          break;
        }
    }
    if (!pick) return taken;
    taken.push_back(world.name(*pick));
    if (observe) {
      const World before = world;
      const Action a = *pick;
      world.perform(a);
      observe(before, a, world);
    } else {
      world.perform(*pick);
    }
  }
  throw std::runtime_error(
      fmt::format("no quiet state after {} steps:\n{}", max_steps, world.describe()));
}

}  // namespace

std::vector<std::string> run_until(World& world, const std::function<bool(const World&)>& done,
                                   int max_steps, const StepObserver& observe) {
  return run(world, done, max_steps, observe, {});
}

std::vector<std::string> stabilize(World& world, int max_steps) {
  return run(world, [](const World&) { return false; }, max_steps, {}, {});
}

std::vector<std::string> stabilize_except(World& world,
                                          const std::function<bool(const Action&)>& held) {
  return run(
      world, [](const World&) { return false; }, 10000, {}, held);
}

std::optional<NodeId> established_leader(const World& world) {
  std::optional<NodeId> best;
  Epoch best_epoch;
  for (const NodeId id : world.ids()) {
    const auto& s = world.server(id);
    if (!s.up || !s.peer.is_established_leader()) continue;
    if (!best || s.peer.leading->epoch > best_epoch) {
      best = id;
      best_epoch = s.peer.leading->epoch;
    }
  }
  return best;
}

DurableState disk_with_log(const std::vector<Zxid>& zxids, Epoch accepted, Epoch current,
                           const StateImageRef& empty_image) {
  DurableState disk = initial_durable_state(empty_image);
  for (const Zxid z : zxids)
    disk.log = disk.log.append(make_txn(z, fmt::format("t{}.{}", z.epoch().value, z.counter())));
  disk.accepted_epoch = accepted;
  disk.current_epoch = current;
  return disk;
}

}  // namespace zab::check
