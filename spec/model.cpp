// The spec as a model for the explorers: fingerprints, bounds, action names, configuration.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "impl/core/hasher.h"
#include "spec/spec.h"

namespace zab::spec {
namespace {

constexpr std::string_view kRoles[] = {"LOOKING", "FOLLOWING", "LEADING"};
constexpr std::string_view kFollowerPhases[] = {"CONNECTED", "INFO-SENT", "EPOCH-ACKED", "SYNCED",
                                                "BROADCAST"};
constexpr std::string_view kLeaderPhases[] = {"DISCOVERY", "EPOCH-PROPOSED", "SYNC", "BROADCAST"};

struct BugName {
  SpecBug bug;
  std::string_view name;
};
constexpr BugName kBugs[] = {
    {SpecBug::kNone, "none"},
    {SpecBug::kSkipEpochAckQuorum, "skip-epoch-ack-quorum"},
    {SpecBug::kCountEqualEpochAck, "count-equal-epoch-ack"},
    {SpecBug::kCommitWithoutQuorum, "commit-without-quorum"},
    {SpecBug::kElectionIgnoresHistory, "election-ignores-history"},
    {SpecBug::kNoSync, "no-sync"},
    {SpecBug::kCounterRestarts, "counter-restarts"},
};

void hash_history(Hasher& h, const std::vector<Zxid>& history) {
  h.u8(static_cast<uint8_t>(history.size()));
  for (const Zxid z : history)
    h.u64(z.value);
}

}  // namespace

std::string sid(int index) {
  return fmt::format("s{}", index + 1);
}

std::string_view to_string(Role role) {
  return kRoles[static_cast<int>(role)];
}

std::string_view to_string(FollowerPhase phase) {
  return kFollowerPhases[static_cast<int>(phase)];
}

std::string_view to_string(LeaderPhase phase) {
  return kLeaderPhases[static_cast<int>(phase)];
}

std::string_view to_string(SpecBug bug) {
  for (const auto& b : kBugs)
    if (b.bug == bug) return b.name;
  return "?";
}

std::optional<SpecBug> parse_spec_bug(std::string_view name) {
  for (const auto& b : kBugs)
    if (b.name == name) return b.bug;
  return std::nullopt;
}

std::vector<SpecBug> all_spec_bugs() {
  std::vector<SpecBug> out;
  for (const auto& b : kBugs)
    if (b.bug != SpecBug::kNone) out.push_back(b.bug);
  return out;
}

std::optional<std::string> SpecConfig::problem() const {
  if (servers < 1 || servers > kServersMax)
    return fmt::format("--servers {} is outside 1..{}", servers, kServersMax);
  for (const auto& [flag, v, max] : {std::tuple{"--txns", txns, 20},
                                     {"--crashes", crashes, 20},
                                     {"--restarts", restarts, 20},
                                     {"--timeouts", timeouts, 20},
                                     {"--max-epoch", max_epoch, 20}})
    if (v < 0 || v > max) return fmt::format("{} {} is outside 0..{}", flag, v, max);
  for (const auto& id : properties)
    if (std::find(SpecModel::property_ids().begin(), SpecModel::property_ids().end(), id) ==
        SpecModel::property_ids().end())
      return fmt::format("the spec has no property '{}' (it checks: {})", id,
                         fmt::join(SpecModel::property_ids(), ", "));
  if (max_epoch < 1) return "--max-epoch must be at least 1 (no leader is established in epoch 0)";
  return std::nullopt;
}

std::string SpecConfig::flags() const {
  std::string out =
      fmt::format("--servers {} --txns {} --crashes {} --restarts {} --timeouts {} --max-epoch {}",
                  servers, txns, crashes, restarts, timeouts, max_epoch);
  if (bug != SpecBug::kNone) out += fmt::format(" --bug {}", to_string(bug));
  for (const auto& id : properties)
    out += " --property " + id;
  return out;
}

uint64_t SpecModel::fingerprint(const State& s) const {
  Hasher h;
  for (const Server& sv : s.servers) {
    h.u8(sv.accepted_epoch);
    h.u8(sv.current_epoch);
    hash_history(h, sv.history);
    h.u8(sv.up);
    h.u8(static_cast<uint8_t>(sv.role));
    h.u8(sv.committed);
    h.u8(sv.leader);
    h.u8(static_cast<uint8_t>(sv.fphase));
    h.u8(static_cast<uint8_t>(sv.lphase));
    for (const uint8_t v : {sv.summary_epoch, sv.new_epoch, sv.max_accepted, sv.learners, sv.info,
                            sv.epoch_acks, sv.synced})
      h.u8(v);
    h.u8(static_cast<uint8_t>(sv.acks.size()));
    h.bytes(sv.acks.data(), sv.acks.size());
  }
  h.u8(s.proposals);
  h.u8(s.crashes);
  h.u8(s.restarts);
  h.u8(s.timeouts);
  h.u8(static_cast<uint8_t>(s.ghost.established.size()));
  h.bytes(s.ghost.established.data(), s.ghost.established.size());
  hash_history(h, s.ghost.delivered);
  hash_history(h, s.ghost.ever_committed);
  return h.finish();
}

// States past --max-epoch are checked but not expanded.
bool SpecModel::within_bounds(const State& s) const {
  for (const Server& sv : s.servers)
    if (sv.accepted_epoch > cfg_.max_epoch) return false;
  return true;
}

std::string SpecModel::name(const State&, const Action& a) const {
  const std::string x = sid(a.a);
  const std::string y = sid(a.b);
  switch (a.kind) {
    case Kind::kElect:
      return "elect " + x;
    case Kind::kJoin:
      return "join " + x + " -> " + y;
    case Kind::kFollowerInfo:
      return "followerinfo " + x + " -> " + y;
    case Kind::kNewEpoch:
      return "newepoch " + x;
    case Kind::kAckEpoch:
      return "ackepoch " + x + " -> " + y;
    case Kind::kEpochAcked:
      return "epoch-acked " + x;
    case Kind::kNewLeader:
      return "newleader " + y + " -> " + x;
    case Kind::kCommitLd:
      return "commit-ld " + x;
    case Kind::kUpToDate:
      return "uptodate " + y + " -> " + x;
    case Kind::kPropose:
      return "propose " + x;
    case Kind::kAck:
      return "ack " + x + " -> " + y;
    case Kind::kCommit:
      return "commit " + x;
    case Kind::kDeliver:
      return "deliver " + y + " -> " + x;
    case Kind::kFollowerGivesUp:
      return "follower-timeout " + x;
    case Kind::kLeaderGivesUp:
      return "leader-quits " + x;
    case Kind::kCrash:
      return "crash " + x;
    case Kind::kRestart:
      return "restart " + x;
  }
  return "?";
}

std::optional<Action> SpecModel::parse(const State& s, std::string_view line) const {
  std::vector<Action> enabled;
  actions(s, enabled);
  for (const Action& a : enabled)
    if (name(s, a) == line) return a;
  return std::nullopt;
}

std::optional<search::FaultClass> SpecModel::fault_class(const Action& a) const {
  switch (a.kind) {
    case Kind::kCrash:
      return search::FaultClass::kCrash;
    case Kind::kRestart:
      return search::FaultClass::kRestart;
    case Kind::kFollowerGivesUp:
      return search::FaultClass::kDrop;
    default:
      return std::nullopt;
  }
}

std::string SpecModel::describe(const State& s) const {
  std::string out;
  for (size_t i = 0; i < s.servers.size(); ++i) {
    const Server& sv = s.servers[i];
    std::string h;
    for (const Zxid z : sv.history)
      h += (h.empty() ? "" : " ") + to_string(z);
    out += fmt::format("{} {}{} f.p={} f.a={} h=[{}] committed={}", sid(static_cast<int>(i)),
                       sv.up ? "" : "DOWN ", kRoles[static_cast<int>(sv.role)], sv.accepted_epoch,
                       sv.current_epoch, h, sv.committed);
    if (sv.up && sv.role == Role::kFollowing) out += " leader=" + sid(sv.leader);
    if (sv.up && sv.role == Role::kLeading) out += fmt::format(" e'={}", sv.new_epoch);
    out += "\n";
  }
  return out;
}

}  // namespace zab::spec
