// The request processors ZooKeeper runs on their own threads, as queues inside the peer that the
// world drains as separate events: the log writer (SyncRequestProcessor: append, fsync, then
// ACK) and the apply stage (CommitProcessor + FinalRequestProcessor). A crash or a message can
// therefore land between "queued" and "done", which is where ZooKeeper's data-loss bugs lived.
#include <algorithm>

#include "impl/core/check.h"
#include "impl/quorum/peer.h"

namespace zab {

// SyncRequestProcessor: append every queued txn, flush once, then acknowledge each of them.
// The Sync barrier guarantees that no ACK leaves before the txns it covers are durable.
void Peer::drain_log_writer() {
  if (s_.log_writer_queue.empty()) return;
  for (const auto& request : s_.log_writer_queue)
    write(AppendTxn{request.txn});
  out_.sync();
  for (const auto& request : s_.log_writer_queue) {
    if (!request.ack) continue;
    if (s_.leading)
      out_.self_ack(request.txn->zxid());  // AckRequestProcessor
    else if (s_.learning)
      out_.send(s_.learning->leader, Ack{request.txn->zxid()});  // SendAckRequestProcessor
  }
  s_.log_writer_queue.clear();
  take_snapshot_if_due();  // snapshots.cpp
}

// CommitProcessor hands the oldest committed txn to FinalRequestProcessor, which applies it and,
// on the server the client is connected to, answers the client.
void Peer::drain_apply() {
  if (s_.apply_queue.empty()) return;
  const TxnRef txn = s_.apply_queue.front();
  s_.apply_queue.erase(s_.apply_queue.begin());
  apply_to_database(txn);
  if (!s_.leading) return;
  auto& replies = s_.leading->pending_replies;
  for (auto it = replies.begin(); it != replies.end(); ++it) {
    if (it->zxid != txn->zxid()) continue;
    out_.client_reply(it->request_id, true, txn->zxid());
    replies.erase(it);
    break;
  }
}

void Peer::apply_to_database(const TxnRef& txn) {
  StateImageRef before = std::move(s_.image);
  s_.image = before->apply(*txn);
  // A txn sent again after a TRUNC that kept it, or one a newer snapshot already holds (both only
  // with trunc-keeps-next), is applied again, as ZooKeeper's processTxn does, but goes into the
  // committed log once.
  if (s_.applied.empty() || txn->zxid() > s_.applied.last_zxid())
    s_.applied = s_.applied.append(txn);
  // ZKDatabase.addCommittedProposal keeps the newest commitLogCount; trimmed in steps of as many
  // so that the copy this takes costs O(1) per txn.
  if (!cfg_.keep_history && s_.applied.size() >= 2 * size_t{cfg_.committed_log_max})
    s_.applied = s_.applied.suffix(cfg_.committed_log_max);
  s_.last_processed = std::max(s_.last_processed, txn->zxid());  // DataTree.processTxn
  out_.delivered(txn, std::move(before));
}

// ZKDatabase.loadDataBase (FileTxnSnapLog.restore): the in-memory database rebuilt from the data
// directory, i.e. the newest snapshot with the log after it replayed over it. `s_.durable` mirrors
// every write as it is issued, synced or not: ZooKeeper reads the files back through the page
// cache, so a write it has issued but not yet fsynced is read too (only a crash loses it, and the
// world models that by handing `recover` the disk's durable part).
void Peer::load_database() {
  const auto& snap = newest_snapshot(s_.durable);
  s_.image = snap->image;
  s_.applied = snap->history;
  s_.last_processed = snap->zxid;
  fast_forward_database();
}

// FileTxnSnapLog.fastForwardFromEdits: replay logged txns beyond lastProcessedZxid.
void Peer::fast_forward_database() {
  for (const auto& txn : s_.durable.log.entries_after(s_.last_processed))
    apply_to_database(txn);
}

}  // namespace zab
