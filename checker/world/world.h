// The simulated world the checker explores: N real servers (impl/server over impl/quorum) wired
// by FIFO channels, with disks that separate synced from unsynced writes, abstract timers,
// scripted clients and faults. The world is one interpreter of the servers' effects and keeps
// the contract of impl/quorum/effects.h; the servers cannot tell it from the cluster runtime.
//
// The parts, one job each: network.h (channels, connections, partitions), timers.h, disk.h
// (synced / unsynced / held effects), ghost.h (what the properties read), clients.h (scripted
// clients), actions.cpp (one enabled_<kind> per action kind), action_names.cpp and
// action_parse.cpp (names and their parser). World itself keeps the dispatch: world.cpp performs
// actions and runs the servers' effects.
//
// A World is a value: copying one copies a few pointers (servers are shared copy-on-write, and
// logs, images and transactions are immutable shared values), and it hashes canonically.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checker/search/hash_cons.h"
#include "checker/world/action.h"
#include "checker/world/clients.h"
#include "checker/world/cow.h"
#include "checker/world/ghost.h"
#include "checker/world/network.h"
#include "checker/world/scripts.h"
#include "checker/world/server_slot.h"
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

class World {
 public:
  explicit World(const WorldConfig& cfg);

  const WorldConfig& config() const { return *cfg_; }
  // Enabled actions in a fixed order (the same state always lists the same actions).
  void actions(std::vector<Action>& out) const;
  bool enabled(const Action& a) const;
  // Takes an enabled action. Assertion failures in the servers propagate as AssertionFailure;
  // a broken invariant of the world itself throws search::CheckerFailure.
  void perform(const Action& a);
  // The canonical one-line name of an enabled action ("deliver n2->n1 quorum ACKEPOCH ...").
  std::string name(const Action& a) const;
  // The enabled action whose name is exactly `line`, if any.
  std::optional<Action> parse(std::string_view line) const;
  // Within the configured bounds (the explorers do not expand states outside them).
  bool within_bounds() const;

  uint64_t fingerprint() const;
  const ServerSlot& server(NodeId id) const { return *servers_[id.value]; }
  // Replaces each server slot by an equal one already in `table` (or adds it), so that the
  // many worlds of a frontier that hold the same server state share one copy.
  void share_servers(search::HashCons<ServerSlot>& table);
  const std::vector<NodeId>& ids() const { return *ids_; }
  // Everything in flight between servers, sorted by (from, to, kind), oldest first in a channel.
  const SmallVec<InFlight, 4>& network() const { return network_.in_flight(); }
  std::vector<ChannelQueue> channels() const { return network_.channels(); }
  std::optional<ChannelQueue> channel(NodeId from, NodeId to, Channel kind) const {
    return network_.channel(from, to, kind);
  }
  const Envelope* head(NodeId from, NodeId to, Channel kind) const {
    return network_.head(from, to, kind);
  }
  const Ghost& ghost() const { return *ghost_; }
  const std::vector<ClientSlot>& clients() const { return clients_->slots; }
  const ClientSlot& client(server::ClientId id) const { return clients_->slots[id.value - 1]; }
  const std::vector<ClientMsg>& client_network() const { return clients_->net; }
  uint64_t now_ms() const { return now_ms_; }
  const Budgets& used() const { return used_; }
  bool link_cut(NodeId a, NodeId b) const { return network_.cut(a, b); }
  std::string describe() const;
  // Forget what a scripted prefix spent, so a run starting here gets its full budgets.
  void reset_budgets() { used_ = Budgets{}; }

 private:
  // ---- world.cpp: performing actions (one take() per kind) and running servers' effects.
  void take(const Deliver& a);
  void take(const Fsync& a);
  void take(const DrainLog& a);
  void take(const Apply& a);
  void take(const Fire& a);
  void take(const ClientWrite& a);
  void take(const Crash& a);
  void take(const Restart& a);
  void take(const Partition& a);
  void take(const Heal& a);
  void take(const Drop& a);
  void take(const SettleElection& a);
  void take(const ClientSend& a);
  void take(const ClientRecv& a);
  void take(const ServerRead& a);
  void take(const Prep& a);
  void take(const Tick& a);
  ServerSlot& mutable_server(NodeId id);
  server::ServerLayer& layer_for(ServerSlot& slot);
  void boot(NodeId id);
  // One step of server `id` with its ghost bookkeeping (votes, established leaders); returns its
  // effects, not yet run.
  server::ServerEffects step_server(NodeId id, const server::ServerInput& input);
  // A step whose effects are run at once.
  void step_peer(NodeId id, const server::ServerInput& input);
  void run_effects(NodeId id, server::ServerEffects effects);
  void run_effect(NodeId id, server::ServerEffects& work, size_t i);
  void send(NodeId from, Send& e);
  void record_vote(NodeId id, const PeerState& peer, uint64_t round_before);
  void record_reply(NodeId id, const ClientReply& reply);
  bool decode_sessions() const { return cfg_->clients > 0; }
  void refresh(NodeId id);

  // ---- actions.cpp: what is enabled, one function per kind, in the listing's fixed order.
  void enabled_deliver(std::vector<Action>& out) const;
  void enabled_settle_election(std::vector<Action>& out) const;
  void enabled_fsync(NodeId id, std::vector<Action>& out) const;
  void enabled_drain_log(NodeId id, std::vector<Action>& out) const;
  void enabled_apply(NodeId id, std::vector<Action>& out) const;
  void enabled_prep(NodeId id, std::vector<Action>& out) const;
  void enabled_server_read(const ClientMsg& m, std::vector<Action>& out) const;
  void enabled_client_recv(const ClientMsg& m, std::vector<Action>& out) const;
  void enabled_fire(bool idle, std::vector<Action>& out) const;
  void enabled_client_send(std::vector<Action>& out) const;
  void enabled_tick(std::vector<Action>& out) const;
  void enabled_client_write(std::vector<Action>& out) const;
  void enabled_crash(NodeId id, std::vector<Action>& out) const;
  void enabled_restart(NodeId id, std::vector<Action>& out) const;
  void enabled_heal(NodeId a, NodeId b, std::vector<Action>& out) const;
  void enabled_partition(NodeId a, NodeId b, std::vector<Action>& out) const;
  void enabled_drop(NodeId a, NodeId b, std::vector<Action>& out) const;
  bool deliverable(NodeId from, NodeId to, Channel kind) const;
  bool election_pending() const;

  // ---- action_names.cpp: the canonical name of each kind.
  std::string name_of(const Deliver& a) const;
  std::string name_of(const Fsync& a) const;
  std::string name_of(const DrainLog& a) const;
  std::string name_of(const Apply& a) const;
  std::string name_of(const Fire& a) const;
  std::string name_of(const ClientWrite& a) const;
  std::string name_of(const Crash& a) const;
  std::string name_of(const Restart& a) const;
  std::string name_of(const Partition& a) const;
  std::string name_of(const Heal& a) const;
  std::string name_of(const Drop& a) const;
  std::string name_of(const SettleElection& a) const;
  std::string name_of(const ClientSend& a) const;
  std::string name_of(const ClientRecv& a) const;
  std::string name_of(const ServerRead& a) const;
  std::string name_of(const Prep& a) const;
  std::string name_of(const Tick& a) const;

  // ---- settle.cpp: one canonical schedule of a whole election.
  void settle_election();

  // ---- clients.cpp: the clients' side of client actions, and the servers' client effects.
  void client_send(server::ClientId id);
  void client_recv(server::ClientId id);
  void server_read(NodeId id, server::ClientId client);
  void tick();
  void to_client(NodeId from, const server::SendToClient& e);
  void close_client(NodeId from, server::ClientId client);
  void disconnect_clients_of(NodeId id);
  void record_client_reply(ClientSlot& c, const server::ClientReply& reply,
                           const server::ClientOp& op);
  void record_watch_event(ClientSlot& c, const wire::WatcherEvent& event);

  const WorldConfig* cfg_;
  // Shared by every world of a run and never changed: kept for the process's lifetime, so that
  // copying a world copies pointers, not reference counts every core would write.
  const std::vector<NodeId>* ids_;
  const std::vector<ClientScript>* scripts_;  // client i's is (*scripts_)[i - 1]
  // Indexed by server id (slot 0 unused), sized for the configured servers only.
  SmallVec<std::shared_ptr<const ServerSlot>, 8> servers_;
  SmallVec<uint64_t, 8> server_fingerprints_;
  Network network_;
  Cow<ClientWorld> clients_;
  uint64_t now_ms_ = 0;  // logical time
  Budgets used_;
  GhostRecord ghost_;
  SidSet dirty_;  // servers changed by the action being performed (fingerprints to refresh)
};

}  // namespace zab::check
