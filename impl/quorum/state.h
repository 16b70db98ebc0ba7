// A peer's state as a plain value: what survives a crash (DurableState) and what does not
// (everything else in PeerState). No pointers except to immutable shared values (transactions,
// logs, images), no hash-ordered containers, every per-server table indexed by NodeId.
// Every field says what it means, who writes it and when it is valid.
#pragma once

#include <array>
#include <boost/container/small_vector.hpp>
#include <cstdint>
#include <optional>

#include "impl/core/hasher.h"
#include "impl/core/ids.h"
#include "impl/core/sid_map.h"
#include "impl/core/state_machine.h"
#include "impl/core/txn.h"
#include "impl/quorum/config.h"
#include "impl/quorum/effects.h"
#include "impl/quorum/messages.h"

namespace zab {

// A table with one slot per possible server id (slot 0 unused).
template <class T>
using PerServer = std::array<std::optional<T>, kMaxServers + 1>;

// ---- Durable ----------------------------------------------------------------------------------

// The data directory. Written only through Persist effects (mirrored here as they are issued);
// read back whole by `recover` after a restart.
struct DurableState {
  // Zab's f.p (paper): the last epoch this peer agreed to follow (LEADERINFO / NEWEPOCH).
  Epoch accepted_epoch;
  // Zab's f.a: the epoch of the last leader this peer synced with (NEWLEADER).
  Epoch current_epoch;
  // The transaction log, in append order.
  TxnLog log;
  // Snapshots in the order they were written; the first is the empty image (snapshot.0). With
  // trunc-keeps-next a TRUNC removes none of them, and the one a restart loads need not be the
  // last written: newest_snapshot.
  SmallVec<SnapshotRef, 2> snapshots;
  // The `updatingEpoch` marker file: present while a learner is between taking its sync snapshot
  // and logging the sync txns on one side and writing currentEpoch on the other. A restart that
  // finds it sets currentEpoch to the epoch of the last logged zxid (QuorumPeer.loadDataBase).
  bool updating_epoch = false;
  ZK_FIELDS(accepted_epoch, current_epoch, log, snapshots, updating_epoch)
  bool operator==(const DurableState&) const = default;
};
DurableState initial_durable_state(const StateImageRef& empty_image);
void apply_write(DurableState& disk, const DiskWrite& write);
// The snapshot ZooKeeper loads (FileSnap.findMostRecentSnapshot): the highest zxid in its name;
// of two with the same name, the later write (it replaced the file).
const SnapshotRef& newest_snapshot(const DurableState& disk);

// ---- Election (FastLeaderElection) --------------------------------------------------------------

struct ReceivedVote {
  Vote vote;
  uint64_t election_epoch = 0;
  ServerState state = ServerState::kLooking;
  ZK_FIELDS(vote, election_epoch, state)
  bool operator==(const ReceivedVote&) const = default;
};

struct ElectionState {
  // FLE's logicalclock: the election round. Bumped when this peer starts looking; adopted from
  // higher rounds seen in notifications. Survives role changes (not crashes).
  uint64_t logical_clock = 0;
  // proposedLeader/proposedZxid/proposedEpoch: this peer's current vote while LOOKING.
  Vote proposal;
  // recvset: the latest vote of each LOOKING peer in this round (cleared on a new round).
  SidMap<ReceivedVote> recvset;
  // outofelection: the latest vote of each peer that is FOLLOWING or LEADING.
  SidMap<ReceivedVote> outofelection;
  // A quorum agrees with `proposal`; waiting finalizeWait for a better vote before deciding.
  bool finalizing = false;
  // notTimeout: how long to wait for a notification before resending (doubles, capped).
  uint32_t notification_timeout_ms = 0;
  ZK_FIELDS(logical_clock, proposal, recvset, outofelection, finalizing, notification_timeout_ms)
  bool operator==(const ElectionState&) const = default;
};

// ---- Leader (Leader + LearnerHandler) ---------------------------------------------------------

// Where a learner's LearnerHandler thread is in its run() method.
enum class HandlerStage : uint8_t {
  kAwaitingEpoch,         // read FOLLOWERINFO; blocked in getEpochToPropose
  kAwaitingAckEpoch,      // sent LEADERINFO
  kAwaitingEpochQuorum,   // read ACKEPOCH; blocked in waitForEpochAck
  kAwaitingNewLeaderAck,  // queued the sync packets and NEWLEADER
  kAwaitingStartup,       // read the NEWLEADER ACK; blocked in waitForNewLeaderAck / waitForStartup
  kForwarding,            // sent UPTODATE; receives every new proposal
};
std::string_view to_string(HandlerStage stage);

struct LearnerHandler {
  LearnerType type = LearnerType::kParticipant;
  HandlerStage stage = HandlerStage::kAwaitingEpoch;
  Epoch accepted_epoch;  // from FOLLOWERINFO
  Zxid peer_last_zxid;   // from ACKEPOCH; valid from kAwaitingEpochQuorum
  // The first ACK after NEWLEADER was read (its zxid is checked by first-ack-after-newleader).
  std::optional<Zxid> first_ack_after_newleader;
  // tickOfNextAckDeadline: the leader tick by which this learner must be heard from again.
  uint64_t ack_deadline_tick = 0;
  // PINGs sent since UPTODATE whose echo has not been read yet. A learner in broadcast echoes
  // every PING, in order on this connection; the ones sent before UPTODATE it drops unanswered,
  // so they are not counted.
  uint32_t unechoed_pings = 0;
  ZK_FIELDS(type, stage, accepted_epoch, peer_last_zxid, first_ack_after_newleader,
            ack_deadline_tick, unechoed_pings)
  bool operator==(const LearnerHandler&) const = default;
};

struct OutstandingProposal {
  TxnRef txn;
  SidSet acks;  // participants whose ACK was read (the leader's own after its log sync)
  ZK_FIELDS(txn, acks)
  bool operator==(const OutstandingProposal& o) const {
    return same_txn(txn, o.txn) && acks == o.acks;
  }
};

struct PendingReply {
  Zxid zxid;
  uint64_t request_id = 0;
  ZK_FIELDS(zxid, request_id)
  bool operator==(const PendingReply&) const = default;
};

struct LeaderState {
  // getEpochToPropose: the epoch being established (max acceptedEpoch of the quorum + 1) and the
  // participants counted so far. `waiting_for_new_epoch` clears once a quorum has connected.
  Epoch epoch;
  bool waiting_for_new_epoch = true;
  SidSet connecting;
  // waitForEpochAck: ACKEPOCH senders counted (the leader itself included).
  bool election_finished = false;
  SidSet electing;
  // waitForNewLeaderAck: NEWLEADER ACKs counted (leader included). Once a quorum has acked, the
  // leader is established and serves (`quorum_formed`, Zab's broadcast phase).
  bool quorum_formed = false;
  SidSet newleader_acks;
  SidMap<LearnerHandler> learners;
  // Broadcast: the last zxid proposed and committed, and proposals awaiting a quorum, by zxid.
  Zxid last_proposed;
  Zxid last_committed;
  SmallVec<OutstandingProposal> outstanding;
  // Client writes awaiting their commit at this leader.
  SmallVec<PendingReply> pending_replies;
  // The ping loop's clock: QuorumPeer.tick, advanced every other half tick (tickSkip).
  uint64_t tick = 0;
  bool tick_skip = true;
  ZK_FIELDS(epoch, waiting_for_new_epoch, connecting, election_finished, electing, quorum_formed,
            newleader_acks, learners, last_proposed, last_committed, outstanding, pending_replies,
            tick, tick_skip)
  bool operator==(const LeaderState&) const = default;
};

// ---- Learner (Follower / Observer) ------------------------------------------------------------

enum class LearnerPhase : uint8_t {
  kConnecting,        // sent FOLLOWERINFO; waiting for LEADERINFO
  kAwaitingSync,      // sent ACKEPOCH; waiting for DIFF / TRUNC / SNAP
  kSyncing,           // read the sync mode; reading proposals and commits until NEWLEADER
  kAwaitingUpToDate,  // acked NEWLEADER; waiting for UPTODATE
  kBroadcast,         // read UPTODATE; following proposals and commits
};
std::string_view to_string(LearnerPhase phase);

enum class SyncMode : uint8_t { kNone, kDiff, kTrunc, kSnap };
std::string_view to_string(SyncMode mode);

struct LearnerState {
  NodeId leader;
  LearnerPhase phase = LearnerPhase::kConnecting;
  Epoch new_epoch;  // from LEADERINFO
  SyncMode sync_mode = SyncMode::kNone;
  // syncWithLeader's flags: TRUNC and SNAP need a snapshot at NEWLEADER; before that, committed
  // proposals are applied straight to memory, after it they go to the log first.
  bool snapshot_needed = false;
  bool write_to_txn_log = false;
  // Proposals read during sync and not yet logged (packetsNotLogged), and commits read after
  // NEWLEADER (packetsCommitted), replayed into the pipeline at UPTODATE.
  SmallVec<TxnRef> packets_not_logged;
  SmallVec<Zxid> packets_committed;
  // Broadcast: proposals handed to the log writer and not yet committed (pendingTxns).
  SmallVec<TxnRef> pending_txns;
  ZK_FIELDS(leader, phase, new_epoch, sync_mode, snapshot_needed, write_to_txn_log,
            packets_not_logged, packets_committed, pending_txns)
};

// ---- The whole peer ---------------------------------------------------------------------------

// QuorumPeer.ZabState, for properties and reports.
enum class ZabPhase : uint8_t { kElection, kDiscovery, kSynchronization, kBroadcast };
std::string_view to_string(ZabPhase phase);

struct LogRequest {
  TxnRef txn;
  bool ack = false;  // send ACK (or SelfAck on the leader) once durable
  ZK_FIELDS(txn, ack)
  bool operator==(const LogRequest& o) const { return same_txn(txn, o.txn) && ack == o.ack; }
};

struct PeerState {
  NodeId self;
  DurableState durable;
  ServerState state = ServerState::kLooking;
  ZabPhase phase = ZabPhase::kElection;
  // The vote this peer reports while not LOOKING (QuorumPeer.currentVote), with its round.
  Vote current_vote;
  uint64_t current_vote_round = 0;
  ElectionState election;
  std::optional<LeaderState> leading;    // valid iff state == kLeading
  std::optional<LearnerState> learning;  // valid iff state is kFollowing or kObserving
  // The in-memory database (ZKDatabase): the image, and its lastProcessedZxid. FLE votes with it
  // and ACKEPOCH reports it. Normally the zxid of the last applied txn; SNAP and TRUNC set it
  // explicitly (and ZOOKEEPER-2355's bug set it too early).
  StateImageRef image;
  Zxid last_processed;
  // The transactions applied to `image`, in order. With QuorumConfig::keep_history (the checker)
  // every one of them since the empty image: a ghost the properties compare. Without it, the
  // newest ones only, at least committed_log_max of them once that many were applied since the
  // last restart or SNAP: ZKDatabase.committedLog, what the leader's DIFF sync reads.
  TxnLog applied;
  // SyncRequestProcessor's queue: txns to append and sync, in order.
  SmallVec<LogRequest> log_writer_queue;
  // CommitProcessor's queue: committed txns to apply, in order.
  SmallVec<TxnRef> apply_queue;
  // SyncRequestProcessor's snapshot trigger, used only with QuorumConfig::snap_count > 0 (0
  // otherwise): the txns appended to the log since the last snap_count snapshot or restart
  // (ZKDatabase.txnCount, reset with rollLog), and the index in QuorumConfig::snap_rolls of the
  // roll of the current period (randRoll).
  uint32_t txns_since_snapshot = 0;
  uint32_t snap_roll_index = 0;
  ZK_FIELDS(self, durable, state, phase, current_vote, current_vote_round, election, leading,
            learning, image, last_processed, applied, log_writer_queue, apply_queue,
            txns_since_snapshot, snap_roll_index)
  // Equal content: compared through the canonical fingerprint, since images and transactions
  // are shared values whose addresses mean nothing.
  bool operator==(const PeerState& other) const;

  // A leader that a quorum has synced with: Zab's established leader.
  bool is_established_leader() const { return leading && leading->quorum_formed; }
};

}  // namespace zab
