// The quorum layer of one ZooKeeper server as a deterministic state machine: QuorumPeer with
// FastLeaderElection, Leader and its LearnerHandlers, Follower and Observer, and the queues of
// the request processors that ZooKeeper runs on other threads (SyncRequestProcessor,
// CommitProcessor).
//
// `Peer` binds a configuration, a PeerState and an Outbox for one step; it holds nothing itself.
// The one mutator is `step(input)`; a boot or restart is `recover(disk)`. Handlers live in one
// file per protocol phase: election.cpp, discovery.cpp, synchronization.cpp, broadcast.cpp,
// stages.cpp (the processor queues) and roles.cpp (entering and leaving roles).
#pragma once

#include "impl/quorum/config.h"
#include "impl/quorum/effects.h"
#include "impl/quorum/inputs.h"
#include "impl/quorum/state.h"

namespace zab {

class Peer {
 public:
  Peer(const QuorumConfig& cfg, PeerState& state, Outbox& out) : cfg_(cfg), s_(state), out_(out) {}

  void step(const Input& input);

  // Boot from the data directory: load the latest snapshot, replay the log after it into the
  // in-memory database (ZooKeeper's loadDataBase), then start looking for a leader.
  static PeerState recover(const QuorumConfig& cfg, NodeId self, const DurableState& disk,
                           Outbox& out);

  // Whether this peer's thread for `from` reads the next packet on the quorum channel now. A
  // LearnerHandler blocked in getEpochToPropose / waitForEpochAck / waitForNewLeaderAck does
  // not read its socket, and a peer that is not LEADING accepts no learner connection (the
  // learner keeps retrying its connect). The world delivers only what is being read.
  static bool reads_quorum_from(const PeerState& state, NodeId from);

  // Why ZooKeeper would refuse to start from this data directory (QuorumPeer.loadDataBase:
  // currentEpoch older than the last logged zxid, or acceptedEpoch below currentEpoch), after
  // honouring the updatingEpoch marker; nullopt when it starts.
  static std::optional<std::string> recovery_error(const DurableState& disk);

 private:
  // ---- election.cpp: FastLeaderElection.lookForLeader and WorkerReceiver.
  void on_notification(NodeId from, const Notification& n);
  void on_looking_notification(NodeId from, const Notification& n);
  void on_following_notification(NodeId from, const Notification& n);
  void on_election_timer(TimerKind timer);
  void update_proposal(const Vote& vote);
  void send_notifications();
  void reply_notification(NodeId to, const Vote& vote, uint64_t round);
  void check_looking_quorum();
  void decide(const Vote& vote, uint64_t round);
  Vote initial_vote() const;
  bool total_order(const Vote& candidate, const Vote& current) const;

  // ---- roles.cpp: entering and leaving LOOKING, LEADING, FOLLOWING, OBSERVING.
  void start_looking();
  void become_leader();
  void become_learner(NodeId leader);
  void shut_down_role();

  // ---- discovery.cpp: FOLLOWERINFO -> LEADERINFO -> ACKEPOCH.
  void on_follower_info(NodeId from, const FollowerInfo& m);
  void on_leader_info(NodeId from, const LeaderInfo& m);
  void on_ack_epoch(NodeId from, const AckEpoch& m);
  void count_connecting(NodeId sid, Epoch accepted_epoch);
  void count_electing(NodeId sid, const AckEpoch& m);
  void on_epoch_chosen();
  void on_election_finished();

  // ---- synchronization.cpp: DIFF / TRUNC / SNAP -> NEWLEADER -> ACK -> UPTODATE.
  void sync_learner(NodeId sid);
  void on_newleader_ack(NodeId from, Zxid zxid);
  void count_newleader_ack(NodeId sid, Zxid zxid);
  void start_serving();
  void on_diff(NodeId from, const Diff& m);
  void on_trunc(NodeId from, const Trunc& m);
  void on_snap(NodeId from, const Snap& m);
  void on_sync_proposal(const Proposal& m);
  void on_sync_commit(const Commit& m);
  void on_newleader(NodeId from, const NewLeader& m);
  void on_uptodate(NodeId from);

  // ---- broadcast.cpp: PROPOSAL -> ACK -> COMMIT / INFORM, and client writes.
  void on_client_propose(const ClientPropose& m);
  void on_proposal(NodeId from, const Proposal& m);
  void on_commit(NodeId from, const Commit& m);
  void on_inform(NodeId from, const Inform& m);
  void on_ack(NodeId from, const Ack& m);
  void on_ping(NodeId from, const Ping& m);
  void process_ack(NodeId sid, Zxid zxid);
  void try_to_commit();
  void on_leader_ping_timer();
  void ping_learners();

  // ---- stages.cpp: the processor queues, and applying transactions.
  void drain_log_writer();
  void drain_apply();
  void apply_to_database(const TxnRef& txn);
  void fast_forward_database();
  void load_database();

  // ---- snapshots.cpp: snapCount snapshots, and what a peer outside the checker forgets.
  void count_logged_txn();
  void take_snapshot_if_due();
  void trim_history();
  TxnLog snapshot_history() const;

  // ---- peer.cpp: dispatch, and durable writes (mirrored in s_.durable as they are issued).
  void write(DiskWrite w);
  void on_receive(const Receive& r);
  void on_connection_lost(NodeId peer);
  void on_timer(TimerKind timer);
  bool ignore_quorum_packet(NodeId from) const;

  bool is_observer() const;
  bool i_am_participant() const { return cfg_.is_participant(s_.self); }
  LeaderState& leader() { return *s_.leading; }
  LearnerState& learner() { return *s_.learning; }

  const QuorumConfig& cfg_;
  PeerState& s_;
  Outbox& out_;
};

// Forgets the log entries below `zxid` in a DurableState mirror (the entries from it on are
// rebuilt as a log of their own, so the older ones can be freed).
void drop_log_before(DurableState& disk, Zxid zxid);

// Helpers shared by the handlers and the properties.
// Whether `learner` is past startForwarding: it receives every new proposal and commit.
bool is_forwarding(const LearnerHandler& learner);

}  // namespace zab
