// The cluster's interpreter of one server's effects: the same contract as the checker's world
// (impl/quorum/effects.h), with sockets, files and a clock behind it.
//
// ServerLoop owns the server's state (PeerState + ServerLayer) and is the only thing that steps
// it. It runs on one thread (the server's event loop); everything else reaches it by posting onto
// that thread: a message read from a peer or a client, a timer that expired, the disk thread's
// "fsync done". Inputs are processed strictly in arrival order, never while a Sync is held (the
// inputs wait, as the world's blocked server waits), and between inputs the loop drains the
// stages ZooKeeper runs on their own threads (the log writer, the apply stage, the leader's
// PrepRequestProcessor). Every schedule it produces is one the checker's world can produce, which
// is what lets the checker's verdicts speak for the running server.
//
// Group commit falls out of the barrier: while one fsync is in flight, proposals keep arriving
// and queue; when it completes they are all handed to the log writer, which appends them and
// syncs once.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>

#include "impl/data/zxid_digest.h"
#include "impl/quorum/config.h"
#include "impl/quorum/state.h"
#include "impl/server/effect_sequencer.h"
#include "impl/server/zk_server.h"

namespace zab::runtime {

// Where the loop's effects go. The asio runtime implements these with sockets, the disk thread
// and steady timers; tests implement them with recorders.
class PeerNetwork {
 public:
  virtual ~PeerNetwork() = default;
  // Queue `msg` on the election or quorum connection to `to` (FIFO per peer and channel).
  virtual void send(NodeId to, const Message& msg) = 0;
  // Break the quorum connection with `peer` both ways (the peer reads ConnectionLost).
  virtual void close(NodeId peer) = 0;
};

class ClientNetwork {
 public:
  virtual ~ClientNetwork() = default;
  virtual void send(server::ClientId client, const server::ToClient& msg) = 0;
  // Close after everything already sent to this client has been written.
  virtual void close(server::ClientId client) = 0;
};

class Disk {
 public:
  virtual ~Disk() = default;
  // Issue a write; applied to the data directory in issue order.
  virtual void write(const DiskWrite& write) = 0;
  // Make every issued write durable, then call ServerLoop::fsync_done on the loop's thread.
  virtual void sync() = 0;
};

class Timers {
 public:
  virtual ~Timers() = default;
  // Arm (or re-arm) the timer; when it expires call ServerLoop::timer_expired(kind, generation)
  // on the loop's thread. A later arm or cancel makes the old generation stale.
  virtual void arm(TimerKind kind, uint32_t after_ms, uint64_t generation) = 0;
  virtual void cancel(TimerKind kind) = 0;
};

// Where a server stands, for the operator's log: a change of any field is logged.
struct Role {
  ServerState state = ServerState::kLooking;
  ZabPhase phase = ZabPhase::kElection;
  bool operator==(const Role&) const = default;
};
Role role_of(const PeerState& peer);

// What an operator's log and the four-letter words want to know, as it happens.
struct LoopEvents {
  std::function<void(Role before, const PeerState& now)> role_changed;
  std::function<void(const server::SessionExpired&)> session_expired;
  std::function<void(const server::DigestMismatch&)> digest_mismatch;
};

class ServerLoop {
 public:
  struct Sinks {
    PeerNetwork& peers;
    ClientNetwork& clients;
    Disk& disk;
    Timers& timers;
  };

  // Boots from the data directory (Peer::recover) and starts looking for a leader. `now_ms` is
  // the loop's monotonic clock; `wall_clock_ms` seeds session ids (unique across restarts, as
  // ZooKeeper's SessionTrackerImpl.initializeNextSessionId).
  ServerLoop(const QuorumConfig& cfg, NodeId self, const DurableState& disk, Sinks sinks,
             uint64_t now_ms, uint64_t wall_clock_ms, LoopEvents events = {},
             server::ServerConfig server_config = server::ZkServer::default_config());

  // An input from the outside (a message, a client request, a tick). Processed in order.
  void submit(server::ServerInput input);
  // A timer armed with `generation` expired; ignored if it was re-armed or cancelled since.
  void timer_expired(TimerKind kind, uint64_t generation);
  // The disk made every write issued before the held Sync durable.
  void fsync_done();

  bool blocked() const { return !held_.empty(); }
  size_t queued_inputs() const { return inputs_.size(); }
  const PeerState& peer() const { return peer_; }
  const server::ServerLayer& layer() const { return layer_; }
  const QuorumConfig& config() const { return cfg_; }
  NodeId self() const { return peer_.self; }
  // DataTree's digest log: the tree digest after every applied zxid that is a multiple of 128,
  // the newest 1024 (what the `hash` word lists). Empty with digests disabled.
  const std::deque<data::ZxidDigest>& digest_log() const { return digest_log_; }
  static constexpr uint64_t kDigestLogInterval = 128;  // DataTree.DIGEST_LOG_INTERVAL
  static constexpr size_t kDigestLogLimit = 1024;      // DataTree.DIGEST_LOG_LIMIT

 private:
  // A timer expiry waiting in the input queue; checked against the armed generation when its
  // turn comes, so a timer cancelled by effects that ran meanwhile does not fire.
  struct Expiry {
    TimerKind kind;
    uint64_t generation;
  };
  using Queued = std::variant<server::ServerInput, Expiry>;

  void pump();
  bool drain_one_stage();
  void step(const server::ServerInput& input);
  void run(server::ServerEffects effects);
  server::ServerEffects step_collect(const server::ServerInput& input);
  // DataTree.logZxidDigest, for a txn the core applied.
  void log_digest(const Delivered& delivered);

  // The effect sequencer's interpreter (impl/server/effect_sequencer.h).
  friend struct Interpreter;
  struct Interpreter;

  const QuorumConfig& cfg_;
  const server::ServerConfig server_config_;
  Sinks sinks_;
  LoopEvents events_;
  PeerState peer_;
  server::ServerLayer layer_;
  server::HeldEffects held_;
  bool unsynced_ = false;
  std::deque<Queued> inputs_;
  std::deque<data::ZxidDigest> digest_log_;
  bool pumping_ = false;
  std::array<uint64_t, kTimerKindCount> timer_generation_{};  // 0: not armed
  uint64_t next_generation_ = 1;
};

}  // namespace zab::runtime
