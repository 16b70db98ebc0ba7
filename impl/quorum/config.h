// The ensemble as every peer sees it: members, roles, timing limits and seeded bugs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "impl/core/bugs.h"
#include "impl/core/ids.h"

namespace zab {

// zoo.cfg's `server.N=host:quorumPort:electionPort[:participant|:observer]`.
enum class LearnerType : uint8_t { kParticipant, kObserver };

struct ServerSpec {
  NodeId sid;
  LearnerType type = LearnerType::kParticipant;
  std::string host = "127.0.0.1";  // used by the runtime only
  uint16_t quorum_port = 0;
  uint16_t election_port = 0;
};

struct QuorumConfig {
  std::vector<ServerSpec> servers;  // sorted by sid
  uint32_t tick_time_ms = 2000;
  uint32_t init_limit_ticks = 10;  // ticks to connect to and sync with the leader
  uint32_t sync_limit_ticks = 5;   // ticks a learner may lag behind the leader
  // Width of the zxid counter. ZooKeeper's is 32 bits; the checker narrows it so that
  // counter overflow (ZOOKEEPER-1277) is reachable in a few transactions.
  int counter_bits = 32;
  // How many committed proposals the leader keeps in memory for DIFF sync (ZooKeeper's
  // commitLogCount, default 500). A learner behind this window is synced by SNAP.
  uint32_t committed_log_max = 500;
  // SyncRequestProcessor's snapshot trigger (zoo.cfg snapCount, at least 2): once more than
  // snap_count / 2 + roll txns went to the log since the last such snapshot, the log writer
  // snapshots the applied image (and the interpreter starts a new log segment after it, as
  // rollLog does). 0: never, the checker's default.
  uint32_t snap_count = 0;
  // randRoll, one per snapshot period, each below snap_count / 2, used in turn (cyclically; none:
  // 0). ZooKeeper draws a fresh roll after every snapshot so that the members of an ensemble do
  // not all snapshot at once; the core may not draw anything, so the interpreter draws them
  // (zabd: a seeded std::mt19937 per process) and hands them over with the configuration. A roll
  // per period fed as an input would cost a round trip per snapshot and make the checker choose
  // rolls (more states for nothing it checks); a list fixed at start keeps the core a function of
  // its configuration and inputs while each server still gets its own spread.
  std::vector<uint32_t> snap_rolls;
  // Whether a peer keeps everything it ever applied or logged: `PeerState::applied` as a ghost of
  // every applied txn, the whole log and every snapshot in its DurableState mirror. The checker's
  // properties read them (the default). Off, as in zabd, a peer keeps what ZooKeeper keeps in
  // memory: the last committed_log_max applied txns (ZKDatabase.committedLog, what DIFF reads),
  // and below each snap_count snapshot nothing (see Peer::trim_history).
  bool keep_history = true;
  uint32_t finalize_wait_ms = 200;                // FLE finalizeWait
  uint32_t max_notification_interval_ms = 60000;  // FLE maxNotificationInterval
  BugSet bugs;

  // Members by role.
  SidSet participants() const;
  SidSet observers() const;
  SidSet members() const;
  bool is_participant(NodeId sid) const { return participants().contains(sid); }
  bool is_member(NodeId sid) const { return members().contains(sid); }
  const ServerSpec* find(NodeId sid) const;

  // QuorumMaj: more than half of the participants. Observers never count.
  bool is_quorum(SidSet voters) const;

  // A readable error for a configuration that cannot run, or nullopt when it is valid.
  std::optional<std::string> validate() const;
};

// `n` participants with sids 1..n followed by `observers` observers.
QuorumConfig make_config(int participants, int observers = 0);

}  // namespace zab
