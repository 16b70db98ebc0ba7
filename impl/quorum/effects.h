// What comes out of a peer, and the contract every interpreter of it keeps.
//
// A step appends effects to an Outbox; nothing happens until the interpreter performs them. There
// are two interpreters, the checker's world (checker/world) and the cluster runtime
// (impl/runtime), and both keep this contract, which is what lets the checker's verdicts speak
// for the running server:
//
//  1. Order. The effects of one step are performed in outbox order, and the effects of a step
//     before those of any later step of the same peer.
//  2. Persist is issued, not durable. A Persist (DiskWrite) is applied to the data directory in
//     issue order, but survives a crash only once a later Sync has completed. A crash keeps
//     every synced write and may keep any prefix of the unsynced ones, never a subset with holes
//     (ZooKeeper's files are appended and renamed in order).
//  3. Sync is a barrier. Every effect after a Sync waits until every write issued before it is
//     durable, and the peer takes no further input until then: no message is read, no timer
//     fires and no stage drains (inputs arriving meanwhile wait, in arrival order). So an ACK or
//     a client reply after a Sync can never overtake the write it depends on. A Sync with
//     nothing unsynced completes at once.
//  4. Channels are FIFO per (sender, receiver, channel): a Send is read after every earlier Send
//     on the same channel. CloseConnection breaks the quorum connection both ways; what was in
//     flight is lost and the other end reads ConnectionLost after anything sent before it. A new
//     connection (FOLLOWERINFO) never reads what an older one carried.
//  5. Timers. SetTimer (re)arms the one timer of its kind with `after_ms`; CancelTimer disarms
//     it; a timer fires at most once per arming, as TimerFired. The world fires them by its own
//     rules (the shortest first, others as delay faults); the runtime after `after_ms` of
//     monotonic time.
//  6. SelfAck loops back: LocalAck is fed to the same peer right after the effects before it
//     (AckRequestProcessor runs on the log writer's thread after the flush), before any effect
//     queued after it.
//  7. Delivered and ClientReply are for the layer above (impl/server): they change no disk and
//     send nothing by themselves.
//  8. A crash loses everything but the synced data directory (and that prefix of unsynced
//     writes); a restart is `Peer::recover(disk)`, never a step.
// tests/scenario/interaction_test.cpp feeds inputs to a bare Peer and checks these effects.
#pragma once

#include <boost/container/small_vector.hpp>
#include <cstdint>
#include <string>
#include <variant>

#include "impl/core/ids.h"
#include "impl/core/state_machine.h"
#include "impl/core/txn.h"
#include "impl/quorum/inputs.h"
#include "impl/quorum/messages.h"

namespace zab {

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
// Cut the log after its last entry <= zxid and remove the snapshots newer than zxid, which would
// bring the dropped txns back at the next start. `keep_snapshots`: leave them, as ZooKeeper 3.8
// does (seeded bug trunc-keeps-next).
struct TruncateLog {
  Zxid zxid;
  bool keep_snapshots = false;
  ZK_FIELDS(zxid, keep_snapshots)
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
