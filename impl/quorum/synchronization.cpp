// Zab synchronisation (phase 2): DIFF / TRUNC / SNAP -> NEWLEADER -> ACK -> UPTODATE.
//
// Leader side: LearnerHandler.syncFollower picks the sync mode from the learner's last zxid and
// the leader's committed log, queues the packets, starts forwarding new proposals to the learner,
// and queues NEWLEADER. Once a quorum has acked NEWLEADER the leader is established and every
// synced learner gets UPTODATE.
//
// Learner side: Learner.syncWithLeader. This is where ZooKeeper lost committed data
// (ZOOKEEPER-4643, -4646, -2355): at NEWLEADER the learner must first make the synced
// transactions durable, then write currentEpoch, and only then ACK. Each of those is a separate
// durable write behind its own Sync, so the world can crash the learner between any two.
#include <algorithm>

#include "impl/core/check.h"
#include "impl/quorum/peer.h"

namespace zab {
namespace {

struct SyncPlan {
  std::vector<Message> packets;  // queued op packet and committed proposals
  bool need_op = true;           // no DIFF / TRUNC chosen yet
  bool need_snap = true;
  Zxid current;  // last zxid the learner will have once the packets arrive
};

// LearnerHandler.queueCommittedProposals over the leader's committed log.
void queue_committed_proposals(const std::vector<TxnRef>& committed, Zxid peer, Zxid last_committed,
                               bool zk1154, SyncPlan& plan) {
  const bool peer_new_epoch_zxid = peer.counter() == 0;
  Zxid queued = peer;
  std::optional<Zxid> prev;  // the proposal before the first one the peer lacks
  for (const auto& p : committed) {
    const Zxid z = p->zxid();
    if (z < peer) {
      prev = z;
      continue;
    }
    if (plan.need_op) {
      if (z == peer) {
        plan.packets.push_back(Diff{last_committed});
        plan.need_op = false;
        continue;
      }
      if (peer_new_epoch_zxid || zk1154) {
        // ZOOKEEPER-1154's bug takes this branch for any peer inside the committed log, without
        // checking that the peer's last zxid is actually in the leader's history.
        plan.packets.push_back(Diff{last_committed});
        plan.need_op = false;
      } else {
        // The peer has proposals we never saw (it may be an old leader): truncate it back to the
        // last proposal we share, unless that crosses an epoch boundary (then SNAP).
        if (z.epoch() != peer.epoch()) {
          plan.current = queued;
          return;
        }
        ZK_ASSERT(prev.has_value());
        plan.packets.push_back(Trunc{*prev});
        plan.need_op = false;
      }
    }
    if (z <= queued) continue;
    plan.packets.push_back(Proposal{p});
    plan.packets.push_back(Commit{z});
    queued = z;
  }
  if (plan.need_op && peer_new_epoch_zxid) {
    plan.packets.push_back(Diff{last_committed});
    plan.need_op = false;
  }
  plan.current = queued;
}

}  // namespace

bool is_forwarding(const LearnerHandler& h) {
  return h.stage == HandlerStage::kAwaitingNewLeaderAck ||
         h.stage == HandlerStage::kAwaitingStartup || h.stage == HandlerStage::kForwarding;
}

// LearnerHandler.syncFollower + startForwarding + NEWLEADER.
void Peer::sync_learner(NodeId sid) {
  auto& L = leader();
  auto& h = *L.learners.find(sid);
  ZK_ASSERT(h.stage == HandlerStage::kAwaitingEpochQuorum);
  const Zxid peer = h.peer_last_zxid;

  // The committed log (ZKDatabase.committedLog): the last committed_log_max proposals applied to
  // the leader's database, since its last restart, SNAP or TRUNC when it does not keep the whole
  // history (QuorumConfig::keep_history), as ZooKeeper's is refilled only from the log replayed
  // over a snapshot. What the leader does not keep is what it cannot DIFF: see below.
  auto applied = s_.applied.entries();
  const size_t keep = std::min<size_t>(applied.size(), cfg_.committed_log_max);
  std::vector<TxnRef> committed(applied.end() - static_cast<std::ptrdiff_t>(keep), applied.end());
  const Zxid max_committed = committed.empty() ? s_.last_processed : committed.back()->zxid();
  const Zxid min_committed = committed.empty() ? s_.last_processed : committed.front()->zxid();

  SyncPlan plan;
  plan.current = peer;
  // The core's rule where the peer is ahead of the applied committed log with a txn of this
  // epoch: this leader proposed it, so the peer's log is this leader's up to it, and the apply
  // queue holds the txns committed but not yet applied. Nothing committed is cut: an empty DIFF
  // if the peer has only committed txns, else a TRUNC to the last committed one (dropping only
  // outstanding proposals, which are sent again). ZooKeeper's rule (seeded bug
  // trunc-before-apply) TRUNCs to maxCommittedLog, which holds only applied txns, and the learner
  // cuts committed ones from its disk (README, "Findings").
  const Zxid committed_tip = s_.apply_queue.empty() ? max_committed : s_.apply_queue.back()->zxid();
  if (!cfg_.bugs.has(Bug::kTruncBeforeApply) && peer > max_committed && peer.counter() != 0 &&
      peer.epoch() == L.epoch && committed_tip > max_committed) {
    if (peer <= committed_tip) {
      plan.packets.push_back(Diff{peer});
    } else {
      plan.packets.push_back(Trunc{committed_tip});
      plan.current = committed_tip;
    }
    plan.need_op = plan.need_snap = false;
  } else if (s_.last_processed == peer) {
    plan.packets.push_back(Diff{peer});  // already in sync: empty DIFF
    plan.need_op = plan.need_snap = false;
  } else if (peer > max_committed && peer.counter() != 0) {
    plan.packets.push_back(Trunc{max_committed});  // the peer is ahead: truncate it
    plan.current = max_committed;
    plan.need_op = plan.need_snap = false;
  } else if (min_committed <= peer && peer <= max_committed) {
    queue_committed_proposals(committed, peer, max_committed, cfg_.bugs.has(Bug::kZk1154), plan);
    plan.need_snap = false;
  }
  // Otherwise the peer is behind the committed log. Syncing from the on-disk txnlog is not
  // modelled (as with zookeeper.snapshotSizeFactor < 0), so it gets a SNAP.
  if (plan.need_op && !plan.need_snap) plan.need_snap = true;

  // startForwarding: committed-but-unapplied proposals with their COMMITs, then (participants
  // only) the outstanding proposals, so the learner misses nothing proposed from now on.
  if (L.last_proposed > plan.current) {
    for (const auto& txn : s_.apply_queue) {
      if (txn->zxid() <= plan.current) continue;
      plan.packets.push_back(Proposal{txn});
      plan.packets.push_back(Commit{txn->zxid()});
    }
    if (h.type == LearnerType::kParticipant)
      for (const auto& p : L.outstanding)
        if (p.txn->zxid() > plan.current) plan.packets.push_back(Proposal{p.txn});
  }

  // A TRUNC cuts the learner's log back to its target, so the ACKs it sent for outstanding
  // proposals above it no longer stand for a logged txn: they stop counting towards a quorum,
  // and the learner ACKs those proposals again once it has logged them at NEWLEADER. ZooKeeper
  // leaves them in the proposals' ack sets (seeded bug trunc-before-apply), and the leader can
  // then commit with a quorum that counts a learner which has just cut the txn from its disk.
  if (!cfg_.bugs.has(Bug::kTruncBeforeApply))
    for (const auto& packet : plan.packets)
      if (const auto* trunc = std::get_if<Trunc>(&packet))
        for (auto& p : L.outstanding)
          if (p.txn->zxid() > trunc->zxid) p.acks.erase(sid);

  // LearnerHandler sends SNAP with the database's lastProcessedZxid: the applied history (a ghost
  // of the checker) may be shorter, e.g. after a restart from a snapshot with no newer txns.
  if (plan.need_snap)
    out_.send(sid, Snap{make_snapshot(s_.image, snapshot_history(), s_.last_processed)});
  for (auto& packet : plan.packets)
    out_.send(sid, std::move(packet));
  out_.send(sid, NewLeader{Zxid::make(L.epoch, 0)});
  h.stage = HandlerStage::kAwaitingNewLeaderAck;
}

void Peer::on_newleader_ack(NodeId from, Zxid zxid) {
  auto& L = leader();
  auto& h = *L.learners.find(from);
  h.first_ack_after_newleader = zxid;
  h.stage = HandlerStage::kAwaitingStartup;
  count_newleader_ack(from, zxid);
  auto* still = L.learners.find(from);
  if (s_.leading && still && still->stage == HandlerStage::kAwaitingStartup && L.quorum_formed) {
    out_.send(from, UpToDate{});
    still->stage = HandlerStage::kForwarding;
  }
}

// Leader.waitForNewLeaderAck.
void Peer::count_newleader_ack(NodeId sid, Zxid zxid) {
  auto& L = leader();
  if (L.quorum_formed) return;
  if (zxid != Zxid::make(L.epoch, 0)) return;  // "NEWLEADER ACK is from a different epoch"
  if (cfg_.is_participant(sid)) L.newleader_acks.insert(sid);
  if (!L.newleader_acks.contains(s_.self) || !cfg_.is_quorum(L.newleader_acks)) return;
  L.quorum_formed = true;
  start_serving();
}

// lead(): startZkServer, then broadcast; handlers blocked in waitForStartup send UPTODATE.
void Peer::start_serving() {
  auto& L = leader();
  s_.phase = ZabPhase::kBroadcast;
  s_.current_vote.peer_epoch = L.epoch;  // updateElectionVote
  out_.cancel_timer(TimerKind::kLeaderInit);
  out_.set_timer(TimerKind::kLeaderPing, cfg_.tick_time_ms / 2);
  // startZkServer ends with setlastProcessedZxid(zk.getZxid()): <epoch,0> until the first txn of
  // the epoch is applied. It is what the leader votes with if it loses its quorum before then,
  // and the maxCommittedLog of a TRUNC when its committed log is empty.
  s_.last_processed = Zxid::make(L.epoch, 0);
  for (auto& [sid, h] : L.learners) {
    if (h.stage != HandlerStage::kAwaitingStartup) continue;
    out_.send(sid, UpToDate{});
    h.stage = HandlerStage::kForwarding;
  }
}

// ---- Learner side (Learner.syncWithLeader) ----------------------------------------------------

void Peer::on_diff(NodeId, const Diff& m) {
  auto& l = learner();
  if (l.phase != LearnerPhase::kAwaitingSync) return;
  l.sync_mode = SyncMode::kDiff;
  l.snapshot_needed = false;
  l.write_to_txn_log = true;  // nothing is applied in memory before it is logged
  l.phase = LearnerPhase::kSyncing;
  // ZOOKEEPER-2355's bug: claim the DIFF's zxid before the proposals have arrived.
  if (cfg_.bugs.has(Bug::kZk2355)) s_.last_processed = m.zxid;
}

void Peer::on_trunc(NodeId, const Trunc& m) {
  auto& l = learner();
  if (l.phase != LearnerPhase::kAwaitingSync) return;
  l.sync_mode = SyncMode::kTrunc;
  l.snapshot_needed = true;
  l.write_to_txn_log = false;
  l.phase = LearnerPhase::kSyncing;
  // ZKDatabase.truncateLog, then setlastProcessedZxid: the log cut right after the target, the
  // snapshots newer than it removed, the database reloaded.
  Zxid cut = m.zxid;
  const bool zookeeper = cfg_.bugs.has(Bug::kTruncKeepsNext);
  if (zookeeper) {
    // What ZooKeeper 3.8 does (tests/cluster/truncate_probe.sh runs its code): FileTxnLog.truncate
    // positions a log iterator on the first txn at or above the target and cuts after that txn.
    // An exact cut when the target is a txn this learner logged; when it is not (<0,0>, or <e,0>
    // from a leader that has applied nothing in epoch e), the next txn survives, on disk and,
    // through the reload, in memory, with lastProcessedZxid below it. Newer snapshots stay and
    // the reload takes the newest. With no txn at or above the target, truncate throws and the
    // learner exits (QUORUM_PACKET_ERROR) to be restarted; here the role ends instead, which
    // leaves it where a restart would (nothing was written) but for a restart's election state.
    const std::optional<Zxid> first = s_.durable.log.first_at_or_above(m.zxid);
    if (!first) {
      shut_down_role();
      return;
    }
    cut = *first;
  }
  write(TruncateLog{cut, zookeeper});
  out_.sync();
  load_database();
  s_.last_processed = m.zxid;
}

void Peer::on_snap(NodeId, const Snap& m) {
  auto& l = learner();
  if (l.phase != LearnerPhase::kAwaitingSync) return;
  l.sync_mode = SyncMode::kSnap;
  l.snapshot_needed = true;
  l.write_to_txn_log = false;
  l.phase = LearnerPhase::kSyncing;
  // deserializeSnapshot: the leader's image replaces ours; made durable at NEWLEADER.
  s_.image = m.snapshot->image;
  s_.applied = m.snapshot->history;
  s_.last_processed = m.snapshot->zxid;
}

void Peer::on_sync_proposal(const Proposal& m) {
  learner().packets_not_logged.push_back(m.txn);
}

void Peer::on_sync_commit(const Commit& m) {
  auto& l = learner();
  if (l.write_to_txn_log) {
    l.packets_committed.push_back(m.zxid);
    return;
  }
  // Before NEWLEADER in TRUNC / SNAP mode: apply straight to memory; the NEWLEADER snapshot will
  // make it durable.
  if (l.packets_not_logged.empty() || l.packets_not_logged.front()->zxid() != m.zxid) return;
  const TxnRef txn = l.packets_not_logged.front();
  l.packets_not_logged.erase(l.packets_not_logged.begin());
  apply_to_database(txn);
}

void Peer::on_newleader(NodeId from, const NewLeader& m) {
  auto& l = learner();
  if (l.phase != LearnerPhase::kSyncing) return;
  const bool zk4643 = cfg_.bugs.has(Bug::kZk4643);
  const bool zk4646 = cfg_.bugs.has(Bug::kZk4646);
  // The updatingEpoch marker brackets the window in which the log may be ahead of currentEpoch.
  write(WriteUpdatingEpoch{true});
  // zk.takeSnapshot(syncSnapshot): named by lastProcessedZxid, which a TRUNC sets to its target.
  if (l.snapshot_needed)
    write(WriteSnapshot{make_snapshot(s_.image, snapshot_history(), s_.last_processed)});
  if (zk4643) {
    // ZOOKEEPER-4643: currentEpoch goes to disk before the synced txns are durable.
    write(WriteCurrentEpoch{l.new_epoch});
    out_.sync();
  }
  l.write_to_txn_log = true;
  for (const auto& txn : l.packets_not_logged) {
    l.pending_txns.push_back(txn);
    if (zk4646) {
      // ZOOKEEPER-4646: hand them to the log writer and do not wait for it.
      s_.log_writer_queue.push_back(LogRequest{txn, !is_observer()});
    } else {
      write(AppendTxn{txn});
    }
  }
  l.packets_not_logged.clear();
  out_.sync();  // syncFlush: the snapshot and the synced txns are durable before currentEpoch
  if (!zk4643) {
    write(WriteCurrentEpoch{l.new_epoch});
    out_.sync();
  }
  write(WriteUpdatingEpoch{false});  // not synced, as in ZooKeeper (a lost delete is harmless)
  out_.send(from, Ack{m.zxid});
  l.phase = LearnerPhase::kAwaitingUpToDate;
}

void Peer::on_uptodate(NodeId from) {
  auto& l = learner();
  if (l.phase != LearnerPhase::kAwaitingUpToDate) return;
  out_.send(from, Ack{Zxid::make(l.new_epoch, 0)});
  l.phase = LearnerPhase::kBroadcast;
  s_.phase = ZabPhase::kBroadcast;
  s_.current_vote.peer_epoch = l.new_epoch;  // updateElectionVote
  out_.cancel_timer(TimerKind::kLearnerInit);
  out_.set_timer(TimerKind::kLearnerSync, cfg_.sync_limit_ticks * cfg_.tick_time_ms);
  // Proposals and commits read between NEWLEADER and UPTODATE enter the normal pipeline.
  for (const auto& txn : l.packets_not_logged) {
    l.pending_txns.push_back(txn);
    s_.log_writer_queue.push_back(LogRequest{txn, !is_observer()});
  }
  l.packets_not_logged.clear();
  for (const Zxid zxid : l.packets_committed) {
    if (l.pending_txns.empty() || l.pending_txns.front()->zxid() != zxid) continue;
    s_.apply_queue.push_back(l.pending_txns.front());
    l.pending_txns.erase(l.pending_txns.begin());
  }
  l.packets_committed.clear();
}

}  // namespace zab
