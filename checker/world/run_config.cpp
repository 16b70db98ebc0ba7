#include "checker/world/run_config.h"

#include <fmt/format.h>

#include <limits>
#include <stdexcept>

#include "checker/world/harness.h"
#include "checker/world/seeded_bugs.h"
#include "impl/data/database.h"

namespace zab::check {

std::optional<std::string> RunConfig::validate() const {
  if (servers < 1 || servers > 7) return fmt::format("--servers {} is outside 1..7", servers);
  if (observers < 0 || servers + observers > 7)
    return fmt::format("--observers {} gives more than 7 servers in all", observers);
  if (clients < 0 || clients > 4) return fmt::format("--clients {} is outside 0..4", clients);
  if (!known_script(script))
    return fmt::format("unknown client script '{}' (see `zabcheck list-scripts`)", script);
  for (const auto& [name, value] : {std::pair{"--txns", writes},
                                    {"--ticks", ticks},
                                    {"--crashes", crashes},
                                    {"--restarts", restarts},
                                    {"--partitions", partitions},
                                    {"--drops", drops},
                                    {"--timeouts", timeouts}})
    if (value < 0 || value > 64) return fmt::format("{} {} is outside 0..64", name, value);
  if (depth_max < 0) return fmt::format("--depth {} is negative", depth_max);
  if (counter_bits < 2 || counter_bits > 32)
    return fmt::format("--counter-bits {} is outside 2..32", counter_bits);
  if (committed_log_max < 1) return "--committed-log must be at least 1";
  if (snap_count == 1 || snap_count > 64)
    return fmt::format("--snap-count {} is outside 2..64 (0: never snapshot)", snap_count);
  for (const auto& b : bugs)
    if (!find_seeded_bug(b)) return fmt::format("unknown bug '{}' (see `zabcheck list-bugs`)", b);
  bool known = false;
  for (const auto& s : start_states())
    known = known || s.name == from;
  if (!known) return fmt::format("unknown start state '{}' (see `zabcheck list-starts`)", from);
  // The disk-only starts describe the disks of participants n1, n2 and n3 (set_start_disks).
  if (from != "empty" && from != "elected" && from != "steady" && servers < 3)
    return fmt::format("--from {} needs at least 3 servers (participants n1, n2 and n3), not {}",
                       from, servers);
  if (from == "deposed-leader" &&
      (servers != 3 || observers != 0 || clients != 2 || script != "sync-read"))
    return "--from deposed-leader needs --servers 3 --clients 2 --script sync-read and no "
           "observers";
  return std::nullopt;
}

WorldConfig RunConfig::world_config() const {
  WorldConfig cfg;
  cfg.quorum = make_config(servers, observers);
  cfg.quorum.counter_bits = counter_bits;
  cfg.quorum.committed_log_max = committed_log_max;
  cfg.quorum.snap_count = snap_count;  // no rolls: every server snapshots at snap_count / 2 + 1
  for (const auto& b : bugs)
    cfg.quorum.bugs.add(find_seeded_bug(b)->bug);
  cfg.budget.writes = clients > 0 ? 0 : writes;  // scripted clients make the writes
  cfg.budget.ticks = ticks;
  cfg.clients = clients;
  cfg.client_script = script;
  if (clients > 0) cfg.empty_image = std::make_shared<const data::ZkDatabase>();
  cfg.budget.crashes = crashes;
  cfg.budget.restarts = restarts;
  cfg.budget.partitions = partitions;
  cfg.budget.drops = drops;
  cfg.budget.timeouts = timeouts;
  cfg.max_epoch = max_epoch;
  cfg.settle_elections = settle_elections;
  set_start_disks(cfg, from);
  return cfg;
}

std::string RunConfig::flags() const {
  std::string out = fmt::format("--servers {}", servers);
  if (observers) out += fmt::format(" --observers {}", observers);
  if (clients > 0)
    out += fmt::format(" --clients {} --script {}", clients, script);
  else
    out += fmt::format(" --txns {}", writes);
  if (ticks) out += fmt::format(" --ticks {}", ticks);
  if (crashes) out += fmt::format(" --crashes {}", crashes);
  if (restarts) out += fmt::format(" --restarts {}", restarts);
  if (partitions) out += fmt::format(" --partitions {}", partitions);
  if (drops) out += fmt::format(" --drops {}", drops);
  if (timeouts) out += fmt::format(" --timeouts {}", timeouts);
  if (max_epoch) out += fmt::format(" --max-epoch {}", max_epoch);
  if (depth_max) out += fmt::format(" --depth {}", depth_max);
  if (counter_bits != 32) out += fmt::format(" --counter-bits {}", counter_bits);
  if (committed_log_max != 500) out += fmt::format(" --committed-log {}", committed_log_max);
  if (snap_count) out += fmt::format(" --snap-count {}", snap_count);
  for (const auto& b : bugs)
    out += " --bug " + b;
  if (from != "empty") out += " --from " + from;
  if (settle_elections) out += " --election settled";
  return out;
}

nlohmann::json RunConfig::to_json() const {
  nlohmann::json j{{"servers", servers},
                   {"observers", observers},
                   {"clients", clients},
                   {"script", script},
                   {"ticks", ticks},
                   {"txns", writes},
                   {"crashes", crashes},
                   {"restarts", restarts},
                   {"partitions", partitions},
                   {"drops", drops},
                   {"timeouts", timeouts},
                   {"max_epoch", max_epoch},
                   {"depth", depth_max},
                   {"counter_bits", counter_bits},
                   {"committed_log", committed_log_max},
                   {"bugs", bugs},
                   {"from", from},
                   {"election", settle_elections ? "settled" : "exhaustive"}};
  // Only when set, so that the traces written before it existed stay byte for byte the same.
  if (snap_count) j["snap_count"] = snap_count;
  return j;
}

RunConfig RunConfig::from_json(const nlohmann::json& j) {
  if (!j.is_object()) throw std::invalid_argument("the configuration must be a JSON object");
  RunConfig c;
  // Range-checked before narrowing: 4294967299 must not read as 3, nor -1 as 4294967295.
  auto get_int = [&](const char* key, auto& field) {
    using Field = std::decay_t<decltype(field)>;
    if (!j.contains(key)) return;
    const auto& v = j.at(key);
    if (!v.is_number_integer())
      throw std::invalid_argument(fmt::format("configuration field '{}' must be an integer", key));
    const bool fits = v.is_number_unsigned()
                          ? v.get<uint64_t>() <= uint64_t{std::numeric_limits<Field>::max()}
                          : v.get<int64_t>() >= int64_t{std::numeric_limits<Field>::min()} &&
                                v.get<int64_t>() <= int64_t{std::numeric_limits<Field>::max()};
    if (!fits)
      throw std::invalid_argument(fmt::format("configuration field '{}' is out of range: {}", key,
                                              v.is_number_unsigned()
                                                  ? std::to_string(v.get<uint64_t>())
                                                  : std::to_string(v.get<int64_t>())));
    field = v.get<Field>();
  };
  get_int("servers", c.servers);
  get_int("observers", c.observers);
  get_int("txns", c.writes);
  get_int("clients", c.clients);
  get_int("ticks", c.ticks);
  if (j.contains("script")) {
    if (!j.at("script").is_string()) throw std::invalid_argument("'script' must be a string");
    c.script = j.at("script").get<std::string>();
  }
  get_int("crashes", c.crashes);
  get_int("restarts", c.restarts);
  get_int("partitions", c.partitions);
  get_int("drops", c.drops);
  get_int("timeouts", c.timeouts);
  get_int("max_epoch", c.max_epoch);
  get_int("depth", c.depth_max);
  get_int("counter_bits", c.counter_bits);
  get_int("committed_log", c.committed_log_max);
  get_int("snap_count", c.snap_count);
  if (j.contains("bugs")) {
    if (!j.at("bugs").is_array()) throw std::invalid_argument("'bugs' must be an array of names");
    for (const auto& b : j.at("bugs")) {
      if (!b.is_string()) throw std::invalid_argument("'bugs' must be an array of names");
      c.bugs.push_back(b.get<std::string>());
    }
  }
  if (j.contains("election")) {
    const auto& e = j.at("election");
    if (!e.is_string() || (e != "settled" && e != "exhaustive"))
      throw std::invalid_argument("'election' must be \"exhaustive\" or \"settled\"");
    c.settle_elections = e == "settled";
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
      {"diverged",
       "n1 is an old leader of epoch 1 that alone logged <1,3>; n2 and n3 moved on to epoch 2 "
       "and logged <2,1> (every server restarts from these disks; ZOOKEEPER-1154's setting)"},
      {"lagging",
       "every server in epoch 1; n2 and n3 logged <1,1> <1,2>, n1 only <1,1> (a follower that "
       "missed a commit; ZOOKEEPER-2355's and -4643's setting)"},
      {"unlogged",
       "every server in epoch 1; n3 logged <1,1> <1,2>, n1 and n2 only <1,1> (a leader whose "
       "last proposal reached nobody; ZOOKEEPER-4646's setting)"},
      {"unlogged-reelected",
       "from \"unlogged\", the first state in which a leader of epoch 2 is established (the "
       "recovery phase of ZOOKEEPER-4646, with any seeded bug applied on the way)"},
      {"lagging-one-down",
       "\"lagging\" with n2 down: n3 and n1 must form the next epoch alone (ZOOKEEPER-4643's "
       "setting)"},
      {"first-unlogged",
       "n3, leader of epoch 1, alone logged <1,1>, the ensemble's first txn, and is down; n1 "
       "and n2 are in epoch 1 with empty logs (the setting of trunc-keeps-next: the next "
       "leader has nothing to TRUNC n3 to but <0,0>)"},
      {"deposed-leader",
       "n2, leader of epoch 1, is cut off from n1 and n3 and has not noticed (it has read nothing "
       "since); n1 and n3 have elected n3 for epoch 2; c2 holds a session on n2, and c1 one on "
       "n1 whose create of /a is acknowledged (3 servers, 2 clients, script sync-read)"},
  };
  return states;
}

void set_start_disks(WorldConfig& cfg, std::string_view from) {
  const auto z = [](uint32_t e, uint32_t c) { return Zxid::make(Epoch{e}, c); };
  const auto disk = [&](std::vector<Zxid> log, uint32_t epoch) {
    return disk_with_log(log, Epoch{epoch}, Epoch{epoch}, cfg.empty_image);
  };
  if (cfg.quorum.servers.size() < 3) return;
  if (from == "epoch-skew") {
    cfg.initial_disks[2] = disk({}, 1);
  } else if (from == "diverged") {
    cfg.initial_disks[1] = disk({z(1, 1), z(1, 2), z(1, 3)}, 1);
    cfg.initial_disks[2] = disk({z(1, 1), z(1, 2), z(2, 1)}, 2);
    cfg.initial_disks[3] = disk({z(1, 1), z(1, 2), z(2, 1)}, 2);
    cfg.initial_committed = {z(1, 1), z(1, 2), z(2, 1)};
  } else if (from == "lagging" || from == "lagging-one-down") {
    cfg.initial_disks[1] = disk({z(1, 1)}, 1);
    cfg.initial_disks[2] = disk({z(1, 1), z(1, 2)}, 1);
    cfg.initial_disks[3] = disk({z(1, 1), z(1, 2)}, 1);
    cfg.initial_committed = {z(1, 1), z(1, 2)};  // n2 and n3 are a quorum
    if (from == "lagging-one-down") cfg.start_down.insert(NodeId{2});
  } else if (from == "first-unlogged") {
    cfg.initial_disks[1] = disk({}, 1);
    cfg.initial_disks[2] = disk({}, 1);
    cfg.initial_disks[3] = disk({z(1, 1)}, 1);
    cfg.start_down.insert(NodeId{3});
  } else if (from == "deposed-leader") {
    cfg.start_down.insert(NodeId{3});  // it joins once n2 leads (start_world)
  } else if (from == "unlogged" || from == "unlogged-reelected") {
    cfg.initial_disks[1] = disk({z(1, 1)}, 1);
    cfg.initial_disks[2] = disk({z(1, 1)}, 1);
    cfg.initial_disks[3] = disk({z(1, 1), z(1, 2)}, 1);
    cfg.initial_committed = {z(1, 1)};
  }
}

namespace {

// "deposed-leader" (start_states()): the state in which a leader that has not noticed it was
// deposed could answer a sync from before its successor's writes.
World deposed_leader(const WorldConfig& cfg) {
  World world(cfg);  // n3 starts down (set_start_disks)
  const NodeId n1{1}, n2{2}, n3{3};
  if (world.ids().size() != 3 || world.clients().size() != 2)
    throw std::invalid_argument("start state 'deposed-leader' needs 3 servers and 2 clients");
  // n1 and n2 elect n2 (equal logs, higher id); c2's host list starts at n2 (client_send).
  stabilize(world);
  if (established_leader(world) != n2) throw std::logic_error("n2 was not elected in epoch 1");
  perform_named(world, "client c2 sends connect");
  stabilize(world);
  world.perform(Restart{n3});
  stabilize(world);
  // The links to n2 break and its followers time out (syncLimit) and elect n3. n2 reads nothing
  // meanwhile (the closes wait in its sockets), so it still leads epoch 1. The world is never
  // idle while they wait, so no timer fires for free: the election runs in its canonical
  // schedule (finalizeWait included).
  world.perform(Partition{n1, n2});
  world.perform(Partition{n2, n3});
  world.perform(Fire{n1, TimerKind::kLearnerSync, true});
  world.perform(Fire{n3, TimerKind::kLearnerSync, true});
  world.perform(SettleElection{});
  const auto to_n2 = [&](const Action& a) {
    const auto* d = std::get_if<Deliver>(&a);
    return d && d->to == n2;
  };
  stabilize_except(world, to_n2);
  perform_named(world, "client c1 sends connect");
  stabilize_except(world, to_n2);
  perform_named(world, "client c1 sends create /a");
  stabilize_except(world, to_n2);
  const auto& c1 = world.clients()[0];
  if (established_leader(world) != n3 || !world.server(n2).peer.is_established_leader() ||
      !world.clients()[1].established || c1.last_zxid_seen.epoch() != Epoch{2})
    throw std::logic_error("the deposed-leader scenario did not reach its state:\n" +
                           world.describe());
  world.reset_budgets();
  return world;
}

}  // namespace

World start_world(const WorldConfig& cfg, std::string_view from) {
  if (from == "deposed-leader") return deposed_leader(cfg);
  World world(cfg);
  // The disk-only starts are set up by RunConfig::world_config (set_start_disks).
  if (from == "unlogged-reelected") {
    run_until(world, [](const World& w) { return established_leader(w).has_value(); });
    if (!established_leader(world)) throw std::logic_error("the start scenario elected no leader");
    world.reset_budgets();
    return world;
  }
  if (from != "elected" && from != "steady") {
    bool known = false;
    for (const auto& s : start_states())
      known = known || s.name == from;
    if (!known) throw std::invalid_argument(fmt::format("unknown start state '{}'", from));
    return world;
  }
  stabilize(world);
  const auto leader = established_leader(world);
  if (!leader) throw std::logic_error("the start scenario elected no leader");
  if (from == "steady") {
    world.perform(ClientWrite{*leader});
    stabilize(world);
    world.perform(ClientWrite{*leader});
  }
  world.reset_budgets();
  return world;
}

}  // namespace zab::check
