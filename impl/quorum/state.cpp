#include "impl/quorum/state.h"

#include <fmt/format.h>

#include "impl/core/check.h"
#include "impl/core/overloaded.h"

namespace zab {

DurableState initial_durable_state(const StateImageRef& empty_image) {
  DurableState disk;
  disk.snapshots.push_back(make_snapshot(empty_image, TxnLog{}));
  return disk;
}

void apply_write(DurableState& disk, const DiskWrite& write) {
  std::visit(Overloaded{
                 [&](const WriteAcceptedEpoch& w) { disk.accepted_epoch = w.epoch; },
                 [&](const WriteCurrentEpoch& w) { disk.current_epoch = w.epoch; },
                 [&](const AppendTxn& w) { disk.log = disk.log.append(w.txn); },
                 [&](const TruncateLog& w) {
                   disk.log = disk.log.truncate_after(w.zxid);
                   if (w.keep_snapshots) return;
                   while (disk.snapshots.size() > 1 && disk.snapshots.back()->zxid > w.zxid)
                     disk.snapshots.pop_back();
                 },
                 [&](const WriteSnapshot& w) { disk.snapshots.push_back(w.snapshot); },
                 [&](const WriteUpdatingEpoch& w) { disk.updating_epoch = w.present; },
             },
             write);
}

const SnapshotRef& newest_snapshot(const DurableState& disk) {
  ZK_ASSERT(!disk.snapshots.empty());
  const SnapshotRef* newest = &disk.snapshots.front();
  for (const auto& snap : disk.snapshots)
    if (snap->zxid >= (*newest)->zxid) newest = &snap;
  return *newest;
}

bool PeerState::operator==(const PeerState& other) const {
  return fingerprint_of(*this) == fingerprint_of(other);
}

std::string_view to_string(HandlerStage stage) {
  switch (stage) {
    case HandlerStage::kAwaitingEpoch:
      return "awaiting-epoch";
    case HandlerStage::kAwaitingAckEpoch:
      return "awaiting-ackepoch";
    case HandlerStage::kAwaitingEpochQuorum:
      return "awaiting-epoch-quorum";
    case HandlerStage::kAwaitingNewLeaderAck:
      return "awaiting-newleader-ack";
    case HandlerStage::kAwaitingStartup:
      return "awaiting-startup";
    case HandlerStage::kForwarding:
      return "forwarding";
  }
  return "?";
}

std::string_view to_string(LearnerPhase phase) {
  switch (phase) {
    case LearnerPhase::kConnecting:
      return "connecting";
    case LearnerPhase::kAwaitingSync:
      return "awaiting-sync";
    case LearnerPhase::kSyncing:
      return "syncing";
    case LearnerPhase::kAwaitingUpToDate:
      return "awaiting-uptodate";
    case LearnerPhase::kBroadcast:
      return "broadcast";
  }
  return "?";
}

std::string_view to_string(SyncMode mode) {
  switch (mode) {
    case SyncMode::kNone:
      return "none";
    case SyncMode::kDiff:
      return "DIFF";
    case SyncMode::kTrunc:
      return "TRUNC";
    case SyncMode::kSnap:
      return "SNAP";
  }
  return "?";
}

std::string_view to_string(ZabPhase phase) {
  switch (phase) {
    case ZabPhase::kElection:
      return "ELECTION";
    case ZabPhase::kDiscovery:
      return "DISCOVERY";
    case ZabPhase::kSynchronization:
      return "SYNCHRONIZATION";
    case ZabPhase::kBroadcast:
      return "BROADCAST";
  }
  return "?";
}

}  // namespace zab
