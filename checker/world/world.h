// The simulated world the checker explores: N real peers (impl/quorum) wired by FIFO channels,
// with disks that separate synced from unsynced writes, abstract timers, clients and faults.
// The world interprets the peers' effects; the peers cannot tell it from the cluster runtime.
//
// A World is a value: copying one copies a few pointers (servers are shared copy-on-write, and
// logs, images and transactions are immutable shared values), and it hashes canonically.
#pragma once

#include <array>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <optional>
#include <string>
#include <vector>

#include "checker/world/action.h"
#include "impl/core/hasher.h"
#include "impl/quorum/peer.h"
#include "impl/quorum/state.h"

namespace zab::check {

// Upper bounds on what the environment may do along one path.
struct Budgets {
  int crashes = 0;
  int restarts = 0;
  int partitions = 0;  // link cuts (a heal is free)
  int drops = 0;       // quorum connection drops
  int timeouts = 0;    // timers fired while something else could happen (delay faults)
  int writes = 0;      // client writes submitted
  ZK_FIELDS(crashes, restarts, partitions, drops, timeouts, writes)
  bool operator==(const Budgets&) const = default;
};

struct WorldConfig {
  QuorumConfig quorum;
  Budgets budget;
  // Do not explore past states in which a peer has accepted an epoch above this (0: no bound).
  uint32_t max_epoch = 0;
  // A reduction for searches aimed at Zab's recovery: instead of interleaving every election
  // notification, one action runs the real FastLeaderElection code to completion in a fixed
  // order (deliver notifications in channel order, fire finalizeWait when nothing is in
  // flight). Like the TLA+ specs' ElectionAndDiscovery, it explores one schedule per election.
  bool settle_elections = false;
  // The replicated state machine's empty image.
  StateImageRef empty_image = make_counter_image();
  // Servers that start crashed (scenarios boot them one at a time with restart).
  SidSet start_down;
  // The server ids, in order (filled from `quorum` when the first world is built).
  std::vector<NodeId> ids() const;
  // Data directories to start from (default: empty). Scenarios use them to begin from a
  // history, as the published ZooKeeper model-checking work starts from a steady state.
  std::array<std::optional<DurableState>, kMaxServers + 1> initial_disks;
  // Txns of those disks that were committed before the run starts (a quorum logged them), so
  // that the ghost and the durability properties know about them.
  std::vector<Zxid> initial_committed;
};

// A channel entry: a message, or the mark that the sender closed the quorum connection (the
// receiver reads it, in order, as ConnectionLost).
struct Envelope {
  std::optional<Message> msg;
  ZK_FIELDS(msg)
};

// One entry in flight on the channel from -> to of `kind`.
struct InFlight {
  NodeId from;
  NodeId to;
  Channel kind = Channel::kElection;
  Envelope env;
  ZK_FIELDS(from, to, kind, env)
};

// A read-only view of one channel's contents, oldest first.
struct ChannelQueue {
  NodeId from;
  NodeId to;
  Channel kind = Channel::kElection;
  std::vector<Envelope> items;
};

// One server and its disk.
struct ServerSlot {
  bool up = false;
  PeerState peer;                  // valid while up
  DurableState disk;               // what a crash keeps for sure
  SmallVec<DiskWrite> unsynced;    // issued but not yet synced, in order (a crash keeps a prefix)
  SmallVec<Effect> held;           // effects waiting for an fsync; held[0] is that Sync
  uint8_t timers = 0;              // armed timers, bit per TimerKind
  std::array<uint32_t, kTimerKindCount> timer_after_ms{};  // the duration each was armed with
  // Ghost: the votes this server proposed in its current election round, in order
  // (no-vote-cycle). Empty when it is not LOOKING.
  SmallVec<Vote> round_votes;
  ZK_FIELDS(up, peer, disk, unsynced, held, timers, timer_after_ms, round_votes)
  bool blocked() const { return !held.empty(); }
  bool timer_armed(TimerKind t) const { return (timers >> static_cast<int>(t)) & 1u; }
};

// Ghost history kept by the world for the properties; never read by the peers.
// Kept as sorted sets, so that the ghost does not depend on the order of independent events.
struct Ghost {
  // Every (epoch, leader) a leader was established for, sorted.
  SmallVec<std::pair<Epoch, NodeId>> established;
  // Every write acknowledged to a client as committed, by zxid.
  SmallVec<TxnRef> acknowledged;
  // Every txn known committed: acknowledged writes, and the whole history of each leader at the
  // moment a quorum acked its NEWLEADER (Zab commits the new leader's initial history then).
  SmallVec<TxnRef> committed;
  // Servers whose restart ZooKeeper would refuse (QuorumPeer.loadDataBase).
  SidSet refused_restart;
  ZK_FIELDS(established, acknowledged, committed, refused_restart)
};

// Hash-consing of server slots by fingerprint (thread-safe).
class SlotTable {
 public:
  std::shared_ptr<const ServerSlot> intern(uint64_t fp, std::shared_ptr<const ServerSlot> slot);
  size_t size() const;

 private:
  struct Shard {
    mutable std::mutex mu;
    std::unordered_map<uint64_t, std::shared_ptr<const ServerSlot>> slots;
  };
  std::array<Shard, 64> shards_;
};

class World {
 public:
  explicit World(const WorldConfig& cfg);

  const WorldConfig& config() const { return *cfg_; }
  // Enabled actions in a fixed order (the same state always lists the same actions).
  void actions(std::vector<Action>& out) const;
  bool enabled(const Action& a) const;
  // Takes an enabled action. Assertion failures in the peers propagate as AssertionFailure.
  void perform(const Action& a);
  // The canonical one-line name of an enabled action ("deliver n2->n1 quorum ACKEPOCH ...").
  std::string name(const Action& a) const;
  // Within the configured bounds (the explorers do not expand states outside them).
  bool within_bounds() const;

  uint64_t fingerprint() const;
  const ServerSlot& server(NodeId id) const { return *servers_[id.value]; }
  // Replaces each server slot by an equal one already in `table` (or adds it), so that the
  // many worlds of a frontier that hold the same server state share one copy.
  void intern_servers(class SlotTable& table);
  const std::vector<NodeId>& ids() const { return *ids_; }
  // Everything in flight, sorted by (from, to, kind), oldest first within a channel.
  const SmallVec<InFlight, 4>& network() const { return network_; }
  std::vector<ChannelQueue> channels() const;
  std::optional<ChannelQueue> channel(NodeId from, NodeId to, Channel kind) const;
  const Envelope* head(NodeId from, NodeId to, Channel kind) const;
  const Ghost& ghost() const { return *ghost_; }
  const Budgets& used() const { return used_; }
  bool link_cut(NodeId a, NodeId b) const { return cut_[a.value].contains(b); }
  std::string describe() const;
  // Forget what a scripted prefix spent, so a run starting here gets its full budgets.
  void reset_budgets() { used_ = Budgets{}; }

 private:
  ServerSlot& mutable_server(NodeId id);
  Ghost& mutable_ghost();
  void push(NodeId from, NodeId to, Channel kind, Envelope env);
  void pop(NodeId from, NodeId to, Channel kind);
  void clear_queue(NodeId from, NodeId to, Channel kind);
  void clear_server_channels(NodeId id);
  void close_connection(NodeId from, NodeId to);  // clear both ways, mark from->to
  void step_peer(NodeId id, const Input& input);
  void run_effects(NodeId id, Effects effects);
  void complete_fsync(NodeId id);
  void record_reply(NodeId id, const ClientReply& reply);
  void record_vote(NodeId id, const PeerState& peer, uint64_t round_before);
  void record_established(NodeId id, const PeerState& peer);
  void record_committed(const TxnRef& txn);
  bool deliverable(NodeId from, NodeId to, Channel kind) const;
  bool election_pending() const;
  void settle_election();
  bool quiescent() const;
  void refresh(NodeId id);

  const WorldConfig* cfg_;
  std::shared_ptr<const std::vector<NodeId>> ids_;  // shared by every world of a run
  // Indexed by server id (slot 0 unused), sized for the configured servers only.
  SmallVec<std::shared_ptr<const ServerSlot>, 8> servers_;
  SmallVec<uint64_t, 8> server_fingerprints_;
  SmallVec<InFlight, 4> network_;
  SmallVec<SidSet, 8> cut_;
  Budgets used_;
  std::shared_ptr<const Ghost> ghost_ = std::make_shared<const Ghost>();
  SidSet dirty_;  // servers changed by the action being performed (fingerprints to refresh)
};

}  // namespace zab::check
