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
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "checker/world/action.h"
#include "checker/world/cow.h"
#include "checker/world/scripts.h"
#include "impl/core/hasher.h"
#include "impl/quorum/peer.h"
#include "impl/quorum/state.h"
#include "impl/server/zk_server.h"

namespace zab::check {

// Upper bounds on what the environment may do along one path.
struct Budgets {
  int crashes = 0;
  int restarts = 0;
  int partitions = 0;  // link cuts (a heal is free)
  int drops = 0;       // quorum connection drops
  int timeouts = 0;    // timers fired while something else could happen (delay faults)
  int writes = 0;      // raw client writes submitted (worlds without scripted clients)
  int ticks = 0;       // half-tickTime steps of logical time (the leader's ping period)
  ZK_FIELDS(crashes, restarts, partitions, drops, timeouts, writes, ticks)
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
  // Scripted ZooKeeper clients (0: the quorum core alone, writing opaque payloads). With
  // clients, every server runs the server layer over a ZkDatabase.
  int clients = 0;
  std::string client_script = "ephemeral";
  // Data directories to start from (default: empty). Scenarios use them to begin from a
  // history, as the published ZooKeeper model-checking work starts from a steady state.
  std::array<std::optional<DurableState>, kMaxServers + 1> initial_disks;
  // Txns of those disks that were committed before the run starts (a quorum logged them), so
  // that the ghost and the durability properties know about them.
  std::vector<Zxid> initial_committed;
};

// A channel entry: a message, or (null) the mark that the sender closed the quorum connection
// (the receiver reads it, in order, as ConnectionLost). Messages are immutable and shared: a
// world copy shares everything in flight with its parent, and an entry costs two words.
struct Envelope {
  std::shared_ptr<const Message> msg;
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
  PeerState peer;                // valid while up
  DurableState disk;             // what a crash keeps for sure
  SmallVec<DiskWrite> unsynced;  // issued but not yet synced, in order (a crash keeps a prefix)
  SmallVec<server::ServerEffect, 1> held;  // effects waiting for an fsync; held[0] is that Sync
  Cow<server::ServerLayer> layer;          // clients, pipeline, sessions, watches (volatile)
  uint8_t timers = 0;                      // armed timers, bit per TimerKind
  std::array<uint32_t, kTimerKindCount> timer_after_ms{};  // the duration each was armed with
  // Ghost: the votes this server proposed in its current election round, in order
  // (no-vote-cycle). Empty when it is not LOOKING.
  SmallVec<Vote> round_votes;
  ZK_FIELDS(up, peer, disk, unsynced, held, layer, timers, timer_after_ms, round_votes)
  bool blocked() const { return !held.empty(); }
  bool timer_armed(TimerKind t) const { return (timers >> static_cast<int>(t)) & 1u; }
};

// Ghost history kept by the world for the properties; never read by the peers.
// A watch a client holds (ghost): registered by the reply to a read with watch at `zxid`.
struct WatchReg {
  std::string path;
  bool child = false;  // a child watch (getChildren) rather than a data / exist watch
  Zxid zxid;
  ZK_FIELDS(path, child, zxid)
  bool operator==(const WatchReg&) const = default;
};

// A scripted client, as the world sees it (its library's state plus ghost history).
struct ClientSlot {
  server::ClientId id;
  uint8_t next = 0;              // index of the next script step
  std::optional<NodeId> server;  // the server of its open connection
  bool established = false;      // the connect was answered with a session
  uint64_t session_id = 0;
  int32_t next_cxid = 1;
  SmallVec<std::pair<int32_t, uint8_t>, 2> outstanding;  // (cxid, script step) not yet answered
  SmallVec<WatchReg, 2> watches;  // ghost: watches registered and not yet fired
  Zxid last_zxid_seen;            // the highest zxid of a reply (clients' lastZxidSeen)
  std::string anomaly;            // ghost: what went wrong at this client, if anything
  uint8_t events_seen = 0;        // ghost: watch events received
  ZK_FIELDS(id, next, server, established, session_id, next_cxid, outstanding, watches,
            last_zxid_seen, anomaly, events_seen)
  bool operator==(const ClientSlot&) const = default;
};

// One message between a client and a server: a request, or a reply / watch event, or (no
// payload) the close of the connection.
struct ClientMsg {
  server::ClientId client;
  NodeId server;
  bool to_server = true;
  std::optional<std::variant<server::ClientRequest, server::ToClient>> payload;
  ZK_FIELDS(client, server, to_server, payload)
  bool operator==(const ClientMsg&) const = default;
};

// A session expiry the leader performed (ghost, for session-bucket-expiry).
using ExpiryRecord = server::SessionExpired;

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
  // Sessions whose closeSession txn is committed, with its zxid (server worlds).
  SmallVec<std::pair<uint64_t, Zxid>, 2> closed_sessions;
  // Every session expiry the leaders performed, in order.
  SmallVec<ExpiryRecord, 2> expiries;
  ZK_FIELDS(established, acknowledged, committed, refused_restart, closed_sessions, expiries)
};

// Hash-consing of server slots by fingerprint (thread-safe).
class SlotTable {
 public:
  std::shared_ptr<const ServerSlot> intern(uint64_t fp, std::shared_ptr<const ServerSlot> slot);
  size_t size() const;
  // Forgets the server states no world holds any more (the table's is the only reference), so
  // the table keeps the frontier's states, not every state ever seen. Not concurrent with
  // intern().
  void evict_unshared();

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
  const std::vector<ClientSlot>& clients() const { return clients_->slots; }
  const ClientSlot& client(server::ClientId id) const { return clients_->slots[id.value - 1]; }
  const std::vector<ClientMsg>& client_network() const { return clients_->net; }
  uint64_t now_ms() const { return now_ms_; }
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
  void step_peer(NodeId id, const server::ServerInput& input);
  server::ServerLayer& layer_for(ServerSlot& slot);
  void boot(NodeId id);
  void run_effects(NodeId id, server::ServerEffects effects);
  void run_effect(NodeId id, server::ServerEffects& work, size_t i);
  // world_clients.cpp
  void client_actions(std::vector<Action>& out) const;
  void client_send(server::ClientId id);
  void client_recv(server::ClientId id);
  void server_read(NodeId id, server::ClientId client);
  void tick();
  void to_client(NodeId from, const server::SendToClient& e);
  void close_client(NodeId from, server::ClientId client);
  void disconnect_clients_of(NodeId id);
  const ClientMsg* client_head(server::ClientId client, NodeId server, bool to_server) const;
  void client_pop(server::ClientId client, NodeId server, bool to_server);
  void record_client_reply(ClientSlot& c, const server::ClientReply& reply,
                           const server::ClientOp& op);
  void record_watch_event(ClientSlot& c, const wire::WatcherEvent& event);
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
  // Shared by every world of a run and never changed: kept for the process's lifetime, so that
  // copying a world copies pointers, not reference counts every core would write.
  const std::vector<NodeId>* ids_;
  const std::vector<ClientScript>* scripts_;  // client i's is (*scripts_)[i - 1]
  // Indexed by server id (slot 0 unused), sized for the configured servers only.
  SmallVec<std::shared_ptr<const ServerSlot>, 8> servers_;
  SmallVec<uint64_t, 8> server_fingerprints_;
  SmallVec<InFlight, 4> network_;
  // The clients and what is in flight between them and the servers (FIFO per client, server
  // and direction); shared copy-on-write, since most steps do not touch them.
  struct ClientWorld {
    std::vector<ClientSlot> slots;
    std::vector<ClientMsg> net;
    ZK_FIELDS(slots, net)
    bool operator==(const ClientWorld&) const = default;
  };
  Cow<ClientWorld> clients_;
  uint64_t now_ms_ = 0;  // logical time (ticks)
  SmallVec<SidSet, 8> cut_;
  Budgets used_;
  std::shared_ptr<const Ghost> ghost_ = std::make_shared<const Ghost>();
  SidSet dirty_;  // servers changed by the action being performed (fingerprints to refresh)
};

}  // namespace zab::check
