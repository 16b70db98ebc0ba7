// The quorum system of a zoo.cfg: which sets of servers ZooKeeper 3.8 accepts as a quorum.
//
// ZooKeeper decides this in org.apache.zookeeper.server.quorum.flexible: QuorumPeerConfig
// .parseDynamicConfig builds a QuorumHierarchical when any `group`/`weight` key is present and a
// QuorumMaj otherwise, and every quorum decision (FastLeaderElection's vote count, the leader's
// NEWLEADER and PROPOSAL acks) asks its containsQuorum with a set of voting members only
// (SyncedLearnerTracker.addAck drops everyone else). This file is the literal translation of
// those constructors and of containsQuorum, release-3.8.0, so `zabcheck quorum` judges a
// configuration exactly as the ensemble will; it is also the reference the Z3 encoding
// (quorum_formula.h) is checked against by brute force.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "impl/config/zoo_cfg.h"
#include "impl/core/ids.h"

namespace zab::flexible {

// QuorumMaj: more than half of the participants; observers never count.
struct QuorumMaj {
  int half = 0;  // QuorumMaj.half: participants / 2
};

// One `group.G=a:b:c` line of a hierarchical configuration.
struct QuorumGroup {
  uint32_t gid = 0;
  SidSet members;       // every id listed, voting or not
  uint64_t weight = 0;  // groupWeight: the weights of all members, voting or not
  int line = 0;
};

// QuorumHierarchical: the servers fall into disjoint groups and each has a weight (1 unless a
// `weight.N` line says otherwise). A set is a quorum when it holds more than half of the weight
// of more than half of the groups whose weight is not zero.
struct QuorumHierarchical {
  std::vector<QuorumGroup> groups;                        // in file order
  std::array<uint64_t, kMaxServers + 1> server_weight{};  // serverWeight, by sid
  int group_count = 0;  // numGroups: the groups whose weight is not zero
  // The group holding `sid`, or nullptr (QuorumHierarchical.serverGroup).
  const QuorumGroup* group_of(NodeId sid) const;
};

struct QuorumSystem {
  std::string file;  // as given on the command line, for messages
  SidSet voters;     // the participants: the only servers whose votes and acks count
  SidSet observers;
  // One participant with standaloneEnabled: ZooKeeper runs ZooKeeperServerMain, which needs no
  // quorum; `verifier` is then the majority of that one server, whatever groups say.
  bool standalone = false;
  std::variant<QuorumMaj, QuorumHierarchical> verifier;
  // Legal but suspicious lines (a weight nobody can vote with, a zero-weight participant...),
  // each naming its file and line.
  std::vector<std::string> warnings;
};

// The quorum system ZooKeeper builds from `cfg`. Throws config::ZooCfgError, naming the file and
// line, for what QuorumHierarchical's constructor refuses (a participant in no group, a server in
// two groups) or would crash on (a group member that neither votes nor has a weight), for sums
// beyond Java's long, and for a configuration without server lines (nothing to check).
QuorumSystem quorum_system(const config::ZooCfg& cfg);

// containsQuorum(set ∩ voters): whether those servers hold a quorum of `system`.
bool contains_quorum(const QuorumSystem& system, SidSet set);

// "majority" or "hierarchical".
const char* kind_name(const QuorumSystem& system);

}  // namespace zab::flexible
