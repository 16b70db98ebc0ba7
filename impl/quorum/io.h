// What goes into a peer and what comes out of it. A peer never touches a clock, a socket or a
// file: every stimulus is an Input, and everything it wants done is an Effect appended to the
// Outbox. The checker's world and the cluster runtime are the two interpreters of effects.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include <boost/container/small_vector.hpp>

#include "impl/core/ids.h"
#include "impl/core/txn.h"
#include "impl/quorum/messages.h"

namespace zab {

// ---- Timers -----------------------------------------------------------------------------------

enum class TimerKind : uint8_t {
  kElectionResend,    // FLE: no notification for notTimeout; resend and back off
  kElectionFinalize,  // FLE: a quorum agrees; finalizeWait passed with no better vote
  kLeaderInit,        // leader: initLimit passed while waiting for a quorum (discovery/sync)
  kLearnerInit,       // learner: initLimit passed while connecting to or syncing with the leader
  kLeaderPing,        // leader: half a tick passed; ping learners and check the synced quorum
  kLearnerSync,       // learner: syncLimit passed without hearing from the leader
};
inline constexpr int kTimerKindCount = 6;
std::string_view to_string(TimerKind timer);
// Heartbeat timers are reset by traffic the checker does not model message by message (pings);
// the world fires them only as counted timeout faults. See checker/world/timers.h.
constexpr bool is_heartbeat(TimerKind t) {
  return t == TimerKind::kLeaderPing || t == TimerKind::kLearnerSync;
}

// ---- Durable writes ---------------------------------------------------------------------------

// Each is one separate write to the data directory, in ZooKeeper's files: acceptedEpoch,
// currentEpoch, the transaction log, snapshot.<zxid>. A write is not durable until a later Sync.
struct WriteAcceptedEpoch {
  Epoch epoch;
  ZK_FIELDS(epoch)
  bool operator==(const WriteAcceptedEpoch&) const = default;
};
struct WriteCurrentEpoch {
  Epoch epoch;
  ZK_FIELDS(epoch)
  bool operator==(const WriteCurrentEpoch&) const = default;
};
struct AppendTxn {
  TxnRef txn;
  ZK_FIELDS(txn)
  bool operator==(const AppendTxn& o) const { return same_txn(txn, o.txn); }
};
struct TruncateLog {
  Zxid zxid;  // keep entries <= zxid; drop snapshots newer than zxid
  ZK_FIELDS(zxid)
  bool operator==(const TruncateLog&) const = default;
};
struct WriteSnapshot {
  SnapshotRef snapshot;
  ZK_FIELDS(snapshot)
  bool operator==(const WriteSnapshot& o) const {
    return snapshot->fingerprint() == o.snapshot->fingerprint();
  }
};
struct WriteUpdatingEpoch {
  bool present = false;  // create (true) or delete (false) the marker
  ZK_FIELDS(present)
  bool operator==(const WriteUpdatingEpoch&) const = default;
};
using DiskWrite = std::variant<WriteAcceptedEpoch, WriteCurrentEpoch, AppendTxn, TruncateLog,
                               WriteSnapshot, WriteUpdatingEpoch>;
std::string describe(const DiskWrite& write);

// ---- Inputs -----------------------------------------------------------------------------------

struct Receive {
  NodeId from;
  Message msg;
};
// The quorum connection with `peer` broke (socket error, peer crashed, read timeout, or the peer
// closed it). Election connections carry no state, so their loss needs no input.
struct ConnectionLost {
  NodeId peer;
};
struct TimerFired {
  TimerKind timer;
};
// The leader's own log writer has made `zxid` durable (AckRequestProcessor).
struct LocalAck {
  Zxid zxid;
};
// The log writer (SyncRequestProcessor) takes everything queued, appends it and syncs.
struct DrainLogWriter {};
// The apply stage (CommitProcessor + FinalRequestProcessor) applies the oldest committed txn.
struct DrainApply {};
// A client write submitted to this server; only an established leader accepts it.
struct ClientPropose {
  uint64_t request_id = 0;
  std::string payload;
};
using Input = std::variant<Receive, ConnectionLost, TimerFired, LocalAck, DrainLogWriter,
                           DrainApply, ClientPropose>;

// ---- Effects ----------------------------------------------------------------------------------

struct Send {
  NodeId to;
  Message msg;
  ZK_FIELDS(to, msg)
};
// Close the quorum connection with `peer` (both directions; the peer sees ConnectionLost).
struct CloseConnection {
  NodeId peer;
  ZK_FIELDS(peer)
};
struct SetTimer {
  TimerKind timer;
  uint32_t after_ms;  // for the runtime; the checker fires timers by its own rules
  ZK_FIELDS(timer, after_ms)
};
struct CancelTimer {
  TimerKind timer;
  ZK_FIELDS(timer)
};
struct Persist {
  DiskWrite write;
  ZK_FIELDS(write)
};
// A barrier: every effect after it waits until every earlier write is durable (fsync). An ACK
// after a Sync can therefore never overtake the write it acknowledges.
struct Sync {
  ZK_FIELDS()
};
// Feed LocalAck back into this peer once the effects before it are done.
struct SelfAck {
  Zxid zxid;
  ZK_FIELDS(zxid)
};
// The apply stage applied `txn` to this peer's state machine; `before` is the image it was
// applied to (the server layer derives replies and watch events from it).
struct Delivered {
  TxnRef txn;
  StateImageRef before;
  ZK_FIELDS(txn, before)
};
// The outcome of a ClientPropose: committed and applied at `zxid`, or refused.
struct ClientReply {
  uint64_t request_id = 0;
  bool ok = false;
  Zxid zxid;
  ZK_FIELDS(request_id, ok, zxid)
};
using Effect = std::variant<Send, CloseConnection, SetTimer, CancelTimer, Persist, Sync, SelfAck,
                            Delivered, ClientReply>;
std::string describe(const Effect& effect);

using Effects = boost::container::small_vector<Effect, 8>;

class Outbox {
 public:
  void send(NodeId to, Message msg) { effects_.emplace_back(Send{to, std::move(msg)}); }
  void close(NodeId peer) { effects_.emplace_back(CloseConnection{peer}); }
  void set_timer(TimerKind timer, uint32_t after_ms) {
    effects_.emplace_back(SetTimer{timer, after_ms});
  }
  void cancel_timer(TimerKind timer) { effects_.emplace_back(CancelTimer{timer}); }
  void persist(DiskWrite write) { effects_.emplace_back(Persist{std::move(write)}); }
  void sync() { effects_.emplace_back(Sync{}); }
  void self_ack(Zxid zxid) { effects_.emplace_back(SelfAck{zxid}); }
  void delivered(TxnRef txn, StateImageRef before) {
    effects_.emplace_back(Delivered{std::move(txn), std::move(before)});
  }
  void client_reply(uint64_t request_id, bool ok, Zxid zxid) {
    effects_.emplace_back(ClientReply{request_id, ok, zxid});
  }

  const Effects& effects() const { return effects_; }
  Effects& effects() { return effects_; }
  void clear() { effects_.clear(); }
  bool empty() const { return effects_.empty(); }

 private:
  Effects effects_;
};

}  // namespace zab
