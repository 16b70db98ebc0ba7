// What one checker run explores: the ensemble, the budgets and bounds, the seeded bugs and the
// start state. The same value is parsed from `zabcheck` flags, stored in every trace header (as
// JSON) and turned back into a world for replay.
#pragma once

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "checker/world/world.h"

namespace zab::check {

struct RunConfig {
  int servers = 3;  // participants
  int observers = 0;
  int writes = 1;                    // client writes (--txns); without scripted clients only
  int clients = 0;                   // scripted ZooKeeper clients (--clients)
  std::string script = "ephemeral";  // what they do (--script)
  int ticks = 0;                     // half-tickTime steps of logical time (--ticks)
  int crashes = 0;
  int restarts = 0;
  int partitions = 0;
  int drops = 0;
  int timeouts = 0;        // delay faults
  uint32_t max_epoch = 0;  // 0: unbounded
  int depth_max = 0;       // 0: unbounded (the explorers' bound)
  int counter_bits = 32;
  uint32_t committed_log_max = 500;
  uint32_t snap_count = 0;        // snapCount snapshots (--snap-count; 0: never)
  std::vector<std::string> bugs;  // names from the BugSet, e.g. "zk-4643"
  std::string from = "empty";     // start state: "empty", "steady", or a scenario name
  bool settle_elections = false;  // --election settled (see WorldConfig::settle_elections)

  // Checks ranges and names; returns a message for the first problem, or nullopt.
  std::optional<std::string> validate() const;
  // The world configuration (call validate() first).
  WorldConfig world_config() const;
  // The `zabcheck check` flags that reproduce this configuration.
  std::string flags() const;

  nlohmann::json to_json() const;
  // Throws std::invalid_argument with a readable message for malformed input.
  static RunConfig from_json(const nlohmann::json& j);
};

// The start states `--from` accepts, with a sentence each.
struct StartState {
  std::string_view name;
  std::string_view sentence;
};
const std::vector<StartState>& start_states();

// The data directories of the disk-only start states ("epoch-skew", "diverged", "lagging",
// "unlogged"); other names leave `cfg` as it is.
void set_start_disks(WorldConfig& cfg, std::string_view from);

// The world a run starts from. "empty": every server boots with an empty data directory.
// "steady": the state the published ZooKeeper model-checking work starts from (every server in
// broadcast in epoch 1, <1,1> committed everywhere, PROPOSAL <1,2> in flight). Budgets spent
// reaching a scripted start are not charged to the run. Throws std::invalid_argument for an
// unknown name.
World start_world(const WorldConfig& cfg, std::string_view from);

}  // namespace zab::check
