#include "impl/quorum/effects.h"

#include <fmt/format.h>

#include "impl/core/overloaded.h"

namespace zab {

std::string_view to_string(TimerKind timer) {
  switch (timer) {
    case TimerKind::kElectionResend:
      return "election-resend";
    case TimerKind::kElectionFinalize:
      return "election-finalize";
    case TimerKind::kLeaderInit:
      return "leader-init-limit";
    case TimerKind::kLearnerInit:
      return "learner-init-limit";
    case TimerKind::kLeaderPing:
      return "leader-ping";
    case TimerKind::kLearnerSync:
      return "learner-sync-limit";
  }
  return "?";
}

std::string describe(const DiskWrite& write) {
  return std::visit(
      Overloaded{
          [](const WriteAcceptedEpoch& w) {
            return fmt::format("acceptedEpoch={}", w.epoch.value);
          },
          [](const WriteCurrentEpoch& w) { return fmt::format("currentEpoch={}", w.epoch.value); },
          [](const AppendTxn& w) { return "append " + to_string(w.txn->zxid()); },
          [](const TruncateLog& w) {
            return "truncate-after " + to_string(w.zxid) +
                   (w.keep_snapshots ? " keep-snapshots" : "");
          },
          [](const WriteSnapshot& w) { return "snapshot " + to_string(w.snapshot->zxid); },
          [](const WriteUpdatingEpoch& w) {
            return std::string(w.present ? "create updatingEpoch" : "delete updatingEpoch");
          },
      },
      write);
}

std::string describe(const Effect& effect) {
  return std::visit(
      Overloaded{
          [](const Send& e) { return fmt::format("send {} {}", to_string(e.to), describe(e.msg)); },
          [](const CloseConnection& e) { return "close " + to_string(e.peer); },
          [](const SetTimer& e) { return fmt::format("set-timer {}", to_string(e.timer)); },
          [](const CancelTimer& e) { return fmt::format("cancel-timer {}", to_string(e.timer)); },
          [](const Persist& e) { return "write " + describe(e.write); },
          [](const Sync&) { return std::string("sync"); },
          [](const SelfAck& e) { return "self-ack " + to_string(e.zxid); },
          [](const Delivered& e) { return "deliver " + to_string(e.txn->zxid()); },
          [](const ClientReply& e) {
            return fmt::format("reply request={} {} {}", e.request_id, e.ok ? "ok" : "failed",
                               to_string(e.zxid));
          },
      },
      effect);
}

}  // namespace zab
