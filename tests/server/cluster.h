// A small interpreter of the server's effects for scenario tests of the client protocol: N real
// ZkServers (peer + server layer) wired by FIFO channels, with fsyncs that complete at once and
// no faults, and clients that talk to one server each and see exactly what it sends them. Unlike
// the checker's world, a test chooses every request (any ClientOp, to any server) and can hold
// back or release single steps (a delivery, a log write, an apply, a prep) to pin an
// interleaving.
#pragma once

#include <deque>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <tuple>
#include <vector>

#include "impl/data/database.h"
#include "impl/quorum/peer.h"
#include "impl/server/client_ops.h"
#include "impl/server/zk_server.h"

// Readable test failures (found by argument-dependent lookup).
namespace zab::wire {
inline void PrintTo(const WatcherEvent& e, std::ostream* os) {
  *os << server::describe(server::ToClient{e});
}
}  // namespace zab::wire
namespace zab::server {
inline void PrintTo(const ClientReply& r, std::ostream* os) {
  *os << describe(ToClient{r});
}
}  // namespace zab::server

namespace zab::server::testing {

using namespace ops;  // the tests call create(...), get_data(...)

inline NodeId n(int id) {
  return NodeId{static_cast<uint8_t>(id)};
}

class Cluster {
 public:
  // `participants` servers (and `observers`), booted and left to elect a leader; `bugs` are
  // seeded bugs switched on (impl/core/bugs.h).
  explicit Cluster(int participants, ServerConfig config = {}, int observers = 0, BugSet bugs = {});

  // ---- The ensemble --------------------------------------------------------------------------
  // Delivers, logs, applies and prepares in a fixed order until nothing but time can happen;
  // fires election timers only when everything is idle.
  void settle(int max_steps = 200000);
  NodeId leader() const;
  std::vector<NodeId> followers() const;  // the participants that follow, ascending
  const PeerState& peer(NodeId id) const { return servers_.at(id.value).peer; }
  const ServerLayer& layer(NodeId id) const { return servers_.at(id.value).layer; }
  const data::ZkDatabase& db(NodeId id) const;
  const QuorumConfig& quorum() const { return cfg_; }
  uint64_t now_ms() const { return now_ms_; }
  // Logical time moves by `ms` in half ticks: each server reads a Tick, the leader pings (which
  // carries the learners' session touches), and the system settles.
  void advance_time(uint64_t ms);

  // Single steps, for tests that pin an order. Each returns false when it cannot happen.
  bool deliver(NodeId from, NodeId to);  // the head of the quorum channel from -> to
  bool drain_log(NodeId id);
  bool apply(NodeId id);
  bool prep(NodeId id);
  // Everything that can happen except on the listed quorum channels (from, to) and in the apply
  // stages of the listed servers.
  using Links = std::vector<std::pair<NodeId, NodeId>>;
  void settle_except(const Links& held, const std::vector<NodeId>& held_apply = {},
                     int max_steps = 200000);
  size_t in_flight(NodeId from, NodeId to) const;

  // ---- Clients ---------------------------------------------------------------------------------
  // Opens a connection to `server` and sends the connect; settles; returns the client.
  ClientId connect(NodeId server, ClientOp op = ops::connect());
  // Opens a connection and sends `op` without settling.
  ClientId open(NodeId server, ClientOp first, int32_t cxid = 0);
  // Sends a request on the client's connection (the server reads it at once); returns its cxid.
  int32_t send(ClientId client, ClientOp op);
  int32_t send_with_xid(ClientId client, int32_t cxid, ClientOp op);
  // Sends, settles, and returns the one reply to it (the watch events before it stay in the
  // client's inbox, everything else is checked away).
  ClientReply call(ClientId client, ClientOp op);
  // The client's connection goes away without a close (ClientGone).
  void disconnect(ClientId client);

  // The reply to the client's connect, once it came (it does not go to the inbox).
  std::optional<wire::ConnectResponse> connect_reply(ClientId client) const {
    return clients_.at(client.value).connected;
  }
  // What the server sent the client after the connect reply, oldest first, since the last
  // take().
  std::vector<ToClient> take(ClientId client);
  std::vector<wire::WatcherEvent> take_events(ClientId client);
  bool closed(ClientId client) const { return clients_.at(client.value).closed; }
  NodeId server_of(ClientId client) const { return clients_.at(client.value).server; }
  uint64_t session_of(ClientId client) const { return clients_.at(client.value).session_id; }
  std::string passwd_of(ClientId client) const { return clients_.at(client.value).passwd; }
  // The highest zxid of a reply the client has read (its lastZxidSeen).
  Zxid last_zxid_seen(ClientId client) const { return clients_.at(client.value).last_zxid; }

  // Every digest mismatch a server reported (DataTree.compareDigest), in order.
  std::vector<DigestMismatch> digest_mismatches;

 private:
  struct Server {
    PeerState peer;
    ServerLayer layer;
    DurableState disk;
    std::map<TimerKind, uint32_t> timers;  // armed, with their duration
  };
  struct Client {
    NodeId server;
    bool closed = false;
    int32_t next_cxid = 1;
    uint64_t session_id = 0;
    std::string passwd;
    Zxid last_zxid;
    std::optional<wire::ConnectResponse> connected;
    std::deque<ToClient> inbox;
  };
  // One FIFO channel per (from, to, kind); an empty optional is a closed connection.
  using ChannelKey = std::tuple<uint8_t, uint8_t, Channel>;

  void boot(NodeId id);
  void step(NodeId id, const ServerInput& input);
  void run(NodeId id, ServerEffects effects);
  bool deliverable(const ChannelKey& key) const;
  bool step_once(const Links& held, const std::vector<NodeId>& held_apply);
  bool fire_election_timer();

  QuorumConfig cfg_;
  ServerConfig config_;
  std::map<uint8_t, Server> servers_;
  std::map<ChannelKey, std::deque<std::optional<Message>>> channels_;
  std::map<uint32_t, Client> clients_;
  uint32_t next_client_ = 1;
  uint64_t now_ms_ = 0;
};

// Shorthands for tests.
// A watch notification as a server sends it (state SyncConnected).
inline wire::WatcherEvent event(std::string path, int32_t type) {
  return wire::WatcherEvent{type, 3, std::move(path)};
}
std::vector<wire::WatcherEvent> events(
    std::initializer_list<std::pair<const char*, int32_t>> path_types);
const data::Stat& stat_of(const ClientReply& r);  // the Stat of a reply that carries one
std::string describe(const ClientReply& r);

}  // namespace zab::server::testing
