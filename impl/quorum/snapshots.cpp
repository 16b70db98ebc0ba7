// The snapshots a peer takes on its own every snapCount txns (SyncRequestProcessor), and what a
// peer that does not feed the checker's properties forgets below them.
//
// ZooKeeper's log writer counts the txns it appends since the last roll (ZKDatabase.txnCount);
// once the count passes snapCount / 2 + randRoll it rolls the log, draws a new roll and lets a
// thread serialise the live DataTree while the apply stage goes on changing it: a fuzzy snapshot,
// named by lastProcessedZxid at its start and made right at restart by replaying the log over it
// (FileTxnSnapLog.restore; the txns are idempotent). Here images are immutable values, so the
// snapshot is exact: the applied image at last_processed, nothing more and nothing less. It is
// taken by the log writer right after a batch was appended and synced, which is when it is
// consistent with the log: see take_snapshot_if_due. The interpreter starts a new log segment
// after it (DataDir does after every snapshot), which is ZooKeeper's rollLog.
#include <algorithm>

#include "impl/core/check.h"
#include "impl/quorum/peer.h"

namespace zab {

// ZKDatabase.append's txnCount. Every append counts, wherever it comes from (the log writer, the
// learner's NEWLEADER, a shutdown's flush), as every one goes to the current segment. Once the
// count reaches snap_count the snapshot is due whatever the roll (rolls are below snap_count / 2),
// so the count stops there: the checker then sees one state where counting on would make many.
void Peer::count_logged_txn() {
  if (cfg_.snap_count == 0) return;
  s_.txns_since_snapshot = std::min(s_.txns_since_snapshot + 1, cfg_.snap_count);
}

// SyncRequestProcessor.shouldSnapshot, asked at the end of each batch (ZooKeeper asks after
// each append and rolls mid-batch; here the whole batch stays in the old segment and the new one
// starts after the snapshot, so the count restarts at 0 as FileTxnLog's does).
//
// When: only in Zab's broadcast phase (an established leader, or a learner past UPTODATE). Before
// that a learner's image may be a SNAP of an epoch that is not yet its currentEpoch on disk (the
// NEWLEADER snapshot is bracketed by the updatingEpoch marker for exactly that reason), and a
// leader's history is not committed until a quorum acked NEWLEADER. In broadcast the image holds
// only txns committed in an established epoch, so no later leader truncates below this snapshot.
// A due snapshot that has to wait stays due, and the first batch in broadcast takes it.
//
// What: the image at last_processed, after the batch's Sync. The apply stage may run ahead of the
// log writer (a follower applies a COMMIT whose PROPOSAL is still queued for the log), but the
// log writer has just taken everything queued, so every txn in the image has been issued to the
// log, or lies under an earlier snapshot, before this write; writes survive a crash as a prefix
// in issue order, so a disk that keeps this snapshot keeps the log it summarises too, and a
// restart from it replays exactly the txns after last_processed. The guard below checks that
// rather than trust the argument. The snapshot needs no Sync of its own: nothing waits for it.
void Peer::take_snapshot_if_due() {
  if (cfg_.snap_count == 0) return;
  const uint32_t roll =
      cfg_.snap_rolls.empty() ? 0 : cfg_.snap_rolls[s_.snap_roll_index % cfg_.snap_rolls.size()];
  if (s_.txns_since_snapshot <= cfg_.snap_count / 2 + roll) return;
  if (s_.phase != ZabPhase::kBroadcast) return;
  const Zxid covered = std::max(s_.durable.log.last_zxid(), newest_snapshot(s_.durable)->zxid);
  if (s_.last_processed > covered) return;
  write(WriteSnapshot{make_snapshot(s_.image, snapshot_history(), s_.last_processed)});
  s_.txns_since_snapshot = 0;  // resetSnapshotStats + rollLog's resetTxnCount
  if (!cfg_.snap_rolls.empty())
    s_.snap_roll_index = static_cast<uint32_t>((s_.snap_roll_index + 1) % cfg_.snap_rolls.size());
  if (!cfg_.keep_history) trim_history();
}

// Outside the checker (QuorumConfig::keep_history off) a peer keeps in memory what ZooKeeper
// keeps: the newest snapshot and the log after it (the files below stay until autopurge removes
// them). Recovery needs no more: it starts from the newest snapshot and replays the log after it.
// A TRUNC needs the log from the snapshot's own txn on: a TRUNC to it cuts right after it. One
// below it (a leader whose apply stage lags a committed txn this peer has applied and
// snapshotted) finds its cut at the snapshot's txn here, where ZooKeeper's file cuts lower; both
// then load this snapshot (it stays, and is the newest), so only log records under it differ,
// which nothing reads again. DIFF sync reads the committed log (`applied`, bounded in
// apply_to_database), never the log, and a learner behind it gets a SNAP (synchronization.cpp),
// as ZooKeeper's does without txn-log sync.
void Peer::trim_history() {
  auto& disk = s_.durable;
  const SnapshotRef newest = newest_snapshot(disk);
  disk.snapshots.clear();
  disk.snapshots.push_back(newest);
  drop_log_before(disk, newest->zxid);
}

void drop_log_before(DurableState& disk, Zxid zxid) {
  TxnLog kept;
  for (const auto& txn : disk.log.entries_after(zxid.value == 0 ? zxid : Zxid{zxid.value - 1}))
    kept = kept.append(txn);
  disk.log = std::move(kept);
}

// A snapshot's ghost history: the applied txns for the checker's properties; outside the checker
// nothing reads it, and keeping it would keep every txn alive.
TxnLog Peer::snapshot_history() const {
  return cfg_.keep_history ? s_.applied : TxnLog{};
}

}  // namespace zab
