#include "checker/quorum/quorum_system.h"

#include <fmt/format.h>

#include <limits>
#include <map>

#include "impl/core/overloaded.h"

namespace zab::flexible {
namespace {

using config::ZooCfg;
using config::ZooCfgError;

// Weights are Java longs in QuorumHierarchical: a larger weight fails Long.parseLong, a larger
// sum wraps around silently.
constexpr uint64_t kJavaLongMax = std::numeric_limits<int64_t>::max();

[[noreturn]] void fail(const ZooCfg& cfg, int line, const std::string& message) {
  throw ZooCfgError(cfg.file, line, message);
}

std::string at(const ZooCfg& cfg, int line) {
  return fmt::format("{}:{}", cfg.file, line);
}

// QuorumHierarchical.parse: serverGroup, with "Server N is in multiple groups".
std::vector<QuorumGroup> read_groups(const ZooCfg& cfg) {
  std::array<const config::GroupLine*, kMaxServers + 1> group_of{};
  std::vector<QuorumGroup> groups;
  for (const config::GroupLine& line : cfg.groups) {
    QuorumGroup group{line.group, {}, 0, line.line};
    for (const NodeId sid : line.members) {
      if (const config::GroupLine* other = group_of[sid.value]; other == &line)
        fail(cfg, line.line,
             fmt::format("group.{}: server {} is listed twice", line.group, sid.value));
      else if (other)
        fail(cfg, line.line,
             fmt::format("group.{}: server {} is already in group.{} (line {}); "
                         "QuorumHierarchical puts every server in exactly one group",
                         line.group, sid.value, other->group, other->line));
      group_of[sid.value] = &line;
      group.members.insert(sid);
    }
    groups.push_back(group);
  }
  return groups;
}

// serverWeight: the weight.N lines, then 1 for every participant without one. Returns which ids
// have a weight at all.
SidSet read_weights(const ZooCfg& cfg, QuorumHierarchical& h) {
  SidSet weighted;
  for (const auto& [sid, weight] : cfg.weights) {
    if (weight > kJavaLongMax)
      fail(cfg, cfg.weight_lines.at(sid),
           fmt::format("weight.{}: {} is larger than ZooKeeper's weights (a Java long) allow, {}",
                       sid, weight, kJavaLongMax));
    h.server_weight[sid] = weight;
    weighted.insert(NodeId{static_cast<uint8_t>(sid)});
  }
  for (const config::ServerLine& s : cfg.servers) {
    if (s.type != LearnerType::kParticipant) continue;
    if (!h.group_of(s.sid))
      fail(cfg, s.line,
           fmt::format("server.{} is a participant in no group: QuorumHierarchical needs every "
                       "participant in a group.G= line",
                       s.sid.value));
    if (!weighted.contains(s.sid)) {
      h.server_weight[s.sid.value] = 1;
      weighted.insert(s.sid);
    }
  }
  return weighted;
}

// QuorumHierarchical.computeGroupWeight: groupWeight and numGroups.
void weigh_groups(const ZooCfg& cfg, SidSet weighted, QuorumHierarchical& h) {
  for (QuorumGroup& group : h.groups) {
    uint64_t total = 0;
    group.members.for_each([&](NodeId sid) {
      // ZooKeeper adds serverWeight.get(sid), a null Long for this id, and dies.
      if (!weighted.contains(sid))
        fail(cfg, group.line,
             fmt::format("group.{}: server {} is not a participant and has no weight.{} line; "
                         "ZooKeeper 3.8 fails to start on this (NullPointerException in "
                         "QuorumHierarchical.computeGroupWeight)",
                         group.gid, sid.value, sid.value));
      const uint64_t weight = h.server_weight[sid.value];
      if (weight > kJavaLongMax - total)
        fail(cfg, group.line,
             fmt::format("group.{}: the weights add up to more than {}, which overflows "
                         "ZooKeeper's sum (a Java long)",
                         group.gid, kJavaLongMax));
      total += weight;
    });
    group.weight = total;
    if (total != 0) ++h.group_count;
  }
}

// What ZooKeeper accepts without a word but almost certainly is not what the operator meant.
std::vector<std::string> hierarchical_warnings(const ZooCfg& cfg, const QuorumHierarchical& h) {
  std::vector<std::string> out;
  for (const QuorumGroup& group : h.groups) {
    if (group.weight == 0)
      out.push_back(
          fmt::format("{}: group.{} weighs 0: it is not among the groups a quorum "
                      "needs a majority of",
                      at(cfg, group.line), group.gid));
    group.members.for_each([&](NodeId sid) {
      const config::ServerLine* s = cfg.server(sid);
      const uint64_t weight = h.server_weight[sid.value];
      if (weight == 0 || (s && s->type == LearnerType::kParticipant)) return;
      out.push_back(
          fmt::format("{}: group.{}: {} {} has weight {}, which counts in the group's "
                      "total although it can never vote",
                      at(cfg, group.line), group.gid, s ? "observer" : "server (no server. line)",
                      sid.value, weight));
    });
  }
  for (const auto& [sid, weight] : cfg.weights) {
    const NodeId id{static_cast<uint8_t>(sid)};
    const config::ServerLine* s = cfg.server(id);
    if (!h.group_of(id))
      out.push_back(fmt::format("{}: weight.{}: server {} is in no group, so the weight is unused",
                                at(cfg, cfg.weight_lines.at(sid)), sid, sid));
    else if (weight == 0 && s && s->type == LearnerType::kParticipant)
      out.push_back(
          fmt::format("{}: weight.{}=0: participant {} never counts toward a quorum and "
                      "can never be elected leader "
                      "(FastLeaderElection.totalOrderPredicate)",
                      at(cfg, cfg.weight_lines.at(sid)), sid, sid));
  }
  return out;
}

}  // namespace

const QuorumGroup* QuorumHierarchical::group_of(NodeId sid) const {
  for (const QuorumGroup& group : groups)
    if (group.members.contains(sid)) return &group;
  return nullptr;
}

QuorumSystem quorum_system(const ZooCfg& cfg) {
  if (cfg.servers.empty())
    fail(cfg, 0, "no server. lines: a standalone server has no quorum to check");
  QuorumSystem system;
  system.file = cfg.file;
  for (const config::ServerLine& s : cfg.servers)
    (s.type == LearnerType::kParticipant ? system.voters : system.observers).insert(s.sid);
  // QuorumPeerConfig.parseDynamicConfig: hierarchical as soon as any group or weight key exists.
  if (!cfg.groups.empty() || !cfg.weights.empty()) {
    QuorumHierarchical h;
    h.groups = read_groups(cfg);
    const SidSet weighted = read_weights(cfg, h);
    weigh_groups(cfg, weighted, h);
    system.warnings = hierarchical_warnings(cfg, h);
    system.verifier = std::move(h);
  } else {
    system.verifier = QuorumMaj{system.voters.size() / 2};
  }
  // QuorumPeerMain starts ZooKeeperServerMain for a lone participant (the verifier is built, and
  // its errors raised, all the same).
  if (cfg.standalone()) {
    system.standalone = true;
    system.verifier = QuorumMaj{0};
  }
  return system;
}

bool contains_quorum(const QuorumSystem& system, SidSet set) {
  SidSet voting;
  set.for_each([&](NodeId sid) {
    if (system.voters.contains(sid)) voting.insert(sid);
  });
  return std::visit(
      Overloaded{
          [&](const QuorumMaj& maj) { return voting.size() > maj.half; },
          [&](const QuorumHierarchical& h) {
            // QuorumHierarchical.containsQuorum, step by step.
            if (voting.empty()) return false;
            std::map<uint32_t, uint64_t> expansion;  // group id -> weight held by `set`
            voting.for_each([&](NodeId sid) {
              if (const QuorumGroup* group = h.group_of(sid))
                expansion[group->gid] += h.server_weight[sid.value];
            });
            int majority_groups = 0;
            for (const auto& [gid, weight] : expansion)
              for (const QuorumGroup& group : h.groups)
                if (group.gid == gid && weight > group.weight / 2) ++majority_groups;
            return majority_groups > h.group_count / 2;
          },
      },
      system.verifier);
}

const char* kind_name(const QuorumSystem& system) {
  return std::visit(Overloaded{[](const QuorumMaj&) { return "majority"; },
                               [](const QuorumHierarchical&) { return "hierarchical"; }},
                    system.verifier);
}

}  // namespace zab::flexible
