#include "checker/world/run_config.h"

#include <stdexcept>

#include <fmt/format.h>

#include "checker/world/harness.h"

namespace zab::check {

std::optional<std::string> RunConfig::validate() const {
  if (servers < 1 || servers > 7) return fmt::format("--servers {} is outside 1..7", servers);
  if (observers < 0 || servers + observers > 7)
    return fmt::format("--observers {} gives more than 7 servers in all", observers);
  for (const auto& [name, value] : {std::pair{"--txns", writes}, {"--crashes", crashes},
                                    {"--restarts", restarts}, {"--partitions", partitions},
                                    {"--drops", drops}, {"--timeouts", timeouts}})
    if (value < 0 || value > 64) return fmt::format("{} {} is outside 0..64", name, value);
  if (depth_max < 0) return fmt::format("--depth {} is negative", depth_max);
  if (counter_bits < 2 || counter_bits > 32)
    return fmt::format("--counter-bits {} is outside 2..32", counter_bits);
  if (committed_log_max < 1) return "--committed-log must be at least 1";
  for (const auto& b : bugs)
    if (!parse_bug(b)) return fmt::format("unknown bug '{}' (see `zabcheck list-bugs`)", b);
  bool known = false;
  for (const auto& s : start_states()) known = known || s.name == from;
  if (!known) return fmt::format("unknown start state '{}' (see `zabcheck list-starts`)", from);
  return std::nullopt;
}

WorldConfig RunConfig::world_config() const {
  WorldConfig cfg;
  cfg.quorum = make_config(servers, observers);
  cfg.quorum.counter_bits = counter_bits;
  cfg.quorum.committed_log_max = committed_log_max;
  for (const auto& b : bugs) cfg.quorum.bugs.add(*parse_bug(b));
  cfg.budget.writes = writes;
  cfg.budget.crashes = crashes;
  cfg.budget.restarts = restarts;
  cfg.budget.partitions = partitions;
  cfg.budget.drops = drops;
  cfg.budget.timeouts = timeouts;
  cfg.max_epoch = max_epoch;
  if (from == "epoch-skew" && servers + observers >= 2)
    cfg.initial_disks[2] = disk_with_log({}, Epoch{1}, Epoch{1}, cfg.empty_image);
  return cfg;
}

std::string RunConfig::flags() const {
  std::string out = fmt::format("--servers {}", servers);
  if (observers) out += fmt::format(" --observers {}", observers);
  out += fmt::format(" --txns {}", writes);
  if (crashes) out += fmt::format(" --crashes {}", crashes);
  if (restarts) out += fmt::format(" --restarts {}", restarts);
  if (partitions) out += fmt::format(" --partitions {}", partitions);
  if (drops) out += fmt::format(" --drops {}", drops);
  if (timeouts) out += fmt::format(" --timeouts {}", timeouts);
  if (max_epoch) out += fmt::format(" --max-epoch {}", max_epoch);
  if (depth_max) out += fmt::format(" --depth {}", depth_max);
  if (counter_bits != 32) out += fmt::format(" --counter-bits {}", counter_bits);
  if (committed_log_max != 500) out += fmt::format(" --committed-log {}", committed_log_max);
  for (const auto& b : bugs) out += " --bug " + b;
  if (from != "empty") out += " --from " + from;
  return out;
}

nlohmann::json RunConfig::to_json() const {
  return nlohmann::json{{"servers", servers},       {"observers", observers},
                        {"txns", writes},           {"crashes", crashes},
                        {"restarts", restarts},     {"partitions", partitions},
                        {"drops", drops},           {"timeouts", timeouts},
                        {"max_epoch", max_epoch},   {"depth", depth_max},
                        {"counter_bits", counter_bits}, {"committed_log", committed_log_max},
                        {"bugs", bugs},             {"from", from}};
}

RunConfig RunConfig::from_json(const nlohmann::json& j) {
  if (!j.is_object()) throw std::invalid_argument("the configuration must be a JSON object");
  RunConfig c;
  auto get_int = [&](const char* key, auto& field) {
    if (!j.contains(key)) return;
    if (!j.at(key).is_number_integer())
      throw std::invalid_argument(fmt::format("configuration field '{}' must be an integer", key));
    field = j.at(key).get<std::decay_t<decltype(field)>>();
  };
  get_int("servers", c.servers);
  get_int("observers", c.observers);
  get_int("txns", c.writes);
  get_int("crashes", c.crashes);
  get_int("restarts", c.restarts);
  get_int("partitions", c.partitions);
  get_int("drops", c.drops);
  get_int("timeouts", c.timeouts);
  get_int("max_epoch", c.max_epoch);
  get_int("depth", c.depth_max);
  get_int("counter_bits", c.counter_bits);
  get_int("committed_log", c.committed_log_max);
  if (j.contains("bugs")) {
    if (!j.at("bugs").is_array()) throw std::invalid_argument("'bugs' must be an array of names");
    for (const auto& b : j.at("bugs")) {
      if (!b.is_string()) throw std::invalid_argument("'bugs' must be an array of names");
      c.bugs.push_back(b.get<std::string>());
    }
  }
  if (j.contains("from")) {
    if (!j.at("from").is_string()) throw std::invalid_argument("'from' must be a string");
    c.from = j.at("from").get<std::string>();
  }
  if (auto problem = c.validate()) throw std::invalid_argument(*problem);
  return c;
}

const std::vector<StartState>& start_states() {
  static const std::vector<StartState> states = {
      {"empty", "every server boots with an empty data directory"},
      {"elected", "a leader of epoch 1 is established and every server is in broadcast"},
      {"steady",
       "every server in broadcast in epoch 1, <1,1> committed everywhere, PROPOSAL <1,2> in "
       "flight (the start state of the published ZooKeeper model-checking work)"},
      {"epoch-skew",
       "empty logs everywhere, but n2 has accepted and current epoch 1 (SandTable's start state "
       "for ZOOKEEPER-1419)"},
  };
  return states;
}

World start_world(const WorldConfig& cfg, std::string_view from) {
  World world(cfg);
  if (from == "empty" || from == "epoch-skew") return world;  // epoch-skew is in the disks
  if (from != "elected" && from != "steady")
    throw std::invalid_argument(fmt::format("unknown start state '{}'", from));
  stabilize(world);
  const auto leader = established_leader(world);
  if (!leader) throw std::logic_error("the start scenario elected no leader");
  if (from == "steady") {
    world.perform(Action{ActionKind::kClientWrite, *leader});
    stabilize(world);
    world.perform(Action{ActionKind::kClientWrite, *leader});
  }
  world.reset_budgets();
  return world;
}

}  // namespace zab::check
