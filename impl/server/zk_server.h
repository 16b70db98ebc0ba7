// A ZooKeeper server: the quorum core (Peer) plus the layer above it that clients talk to.
//
// The request pipeline is ZooKeeper's, as queues the world drains as separate events:
// a write read from a connection goes to the leader's PrepRequestProcessor queue (a learner
// forwards it in a REQUEST packet); draining one item prepares it against the leader's view
// of the tree including outstanding changes (impl/data/prep) and proposes the txn; the quorum
// core logs and commits it; its apply stage applies it on every server, and there this layer
// (FinalRequestProcessor) fires the watches of its own connections and answers its own client,
// the watch events before the reply. Everything else a client asks is answered by the server it
// is connected to, in order behind that connection's earlier requests (CommitProcessor keeps a
// session's requests in order); a sync waits until this server has applied what the leader had
// committed when the sync reached it (sync.cpp).
//
// Sessions: the established leader owns the SessionTracker (expiry buckets of tickTime); the
// server holding a connection touches its session on every request (and, for the checker's
// clients that never ping, on every tick), learners report their touches to the leader in PING
// replies, and an expired session becomes a closeSession txn that deletes its ephemerals
// atomically. A client re-attaches to its session on any server with the session's password; a
// learner asks the leader (REVALIDATE), which also makes that learner the session's owner.
//
// The client port of a runtime (the checker's world does the same with values):
//  - a connection's first frame, wire::decode_connect_request's record, goes in as
//    FromClient{client, {0, ConnectOp{record, peer address}}}; every later frame, when
//    wire::decode_request gives a record, as FromClient{client, {header.xid, RequestOp{
//    header.type, record}}}. A frame wire cannot read is the runtime's to refuse (UNIMPLEMENTED:
//    wire::unimplemented_reply_header, then close; anything else: close), followed by ClientGone.
//  - SendToClient carries a wire::ConnectResponse (wire::encode_connect_response), a ClientReply
//    (wire::encode_reply(reply_header(r), r.body)) or a wire::WatcherEvent
//    (wire::encode_notification), in the order to write them; CloseClient closes the socket after
//    what was sent before it. A socket that closes by itself is ClientGone.
//  - Tick{now_ms} a few times per tickTime. now_ms must never go back; it also stamps znodes'
//    ctime/mtime and drives TTL and container expiry (ZooKeeper's wall clock there).
//  - DrainPrep whenever the established leader's prep_queue is not empty.
// ClientIds are the runtime's: any non-zero value, not reused while the server runs.
#pragma once

#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "impl/data/database.h"
#include "impl/quorum/peer.h"
#include "impl/server/client_protocol.h"
#include "impl/server/client_responses.h"
#include "impl/server/request_codec.h"
#include "impl/server/server_config.h"
#include "impl/server/server_state.h"

namespace zab::server {

// ---- Inputs beyond the quorum core's ---------------------------------------------------------

// A client's request read from its connection (a ConnectOp opens the connection).
struct FromClient {
  ClientId client;
  ClientRequest request;
};
// The client's connection is gone (the client closed it or its machine died).
struct ClientGone {
  ClientId client;
};
// Logical time advanced to `now_ms` (the checker's world steps half a tickTime, the leader's
// ping period, per tick).
struct Tick {
  uint64_t now_ms = 0;
};
// PrepRequestProcessor takes the oldest queued request (established leader).
struct DrainPrep {};

using ServerInput = std::variant<Input, FromClient, ClientGone, Tick, DrainPrep>;

// ---- Effects beyond the quorum core's ---------------------------------------------------------

struct SendToClient {
  ClientId client;
  ToClient msg;
  ZK_FIELDS(client, msg)
};
// The server closes the client's connection (after a closeSession, a refused connect or auth, a
// moved session, or when it stops serving). Nothing more is sent to it.
struct CloseClient {
  ClientId client;
  ZK_FIELDS(client)
};
// Observability for the checker's ghost: the leader expired a session (SessionTrackerImpl.run).
struct SessionExpired {
  uint64_t session_id = 0;
  uint32_t timeout_ms = 0;
  uint64_t last_touch_ms = 0;
  uint64_t now_ms = 0;
  ZK_FIELDS(session_id, timeout_ms, last_touch_ms, now_ms)
};
// DataTree.compareDigest failed: after applying the txn at `zxid`, this server's tree digest is
// `actual` where the leader's txn said `expected`. ZooKeeper counts and logs it and goes on.
struct DigestMismatch {
  Zxid zxid;
  int64_t expected = 0;
  int64_t actual = 0;
  std::string payload;  // the txn, for the log
  ZK_FIELDS(zxid, expected, actual, payload)
};
using ServerEffect =
    std::variant<Effect, SendToClient, CloseClient, SessionExpired, DigestMismatch>;
using ServerEffects = boost::container::small_vector<ServerEffect, 8>;
std::string describe(const ServerEffect& effect);

class ZkServer {
 public:
  // `config` must pass validate(cfg.tick_time_ms).
  ZkServer(const QuorumConfig& cfg, PeerState& peer, ServerLayer& layer, ServerEffects& out,
           const ServerConfig& config = default_config())
      : cfg_(cfg), config_(config), peer_(peer), layer_(layer), out_(out) {}

  // One step; every input, the quorum core's included, goes through here (a SelfAck the
  // interpreter loops back comes in again as LocalAck).
  void step(const ServerInput& input);

  // Whether this server answers clients: synced with an established leader (Zab's broadcast).
  static bool serving(const PeerState& peer) { return peer.phase == ZabPhase::kBroadcast; }
  static const ServerConfig& default_config();

 private:
  // requests.cpp: reading requests, routing them, answering in order.
  void on_client(const FromClient& m);
  void process_request(ClientId client, const ClientRequest& r);
  // A write or sync (or the connect's createSession) to the leader's pipeline: its type and
  // record bytes (request_codec.h).
  void forward(const Connection& conn, int32_t cxid, data::OpCode type, std::string record);
  void on_auth(Connection& conn, int32_t cxid, const wire::AuthPacket& auth);
  void advance(ClientId client);
  void reply(const Connection& conn, ClientReply reply);
  // A WatcherEvent to the client (state SyncConnected, the only one a server sends).
  void notify(ClientId client, const sessions::WatchNotification& n);
  void touch(uint64_t session_id, uint32_t timeout_ms);
  void close_connection(ClientId client, bool tell_client);
  void close_all_connections();

  // connect.cpp: new sessions, re-attaches, REVALIDATE.
  void on_connect(ClientId client, int32_t cxid, const ConnectOp& connect);
  void reattach(Connection conn, const wire::ConnectRequest& connect);
  void on_revalidate(NodeId from, const Revalidate& m);
  void on_revalidate_reply(const RevalidateReply& m);
  void finish_session_init(ClientId client, bool valid);
  void refuse_session(ClientId client, std::optional<bool> read_only);

  // local_ops.cpp: requests this server answers from its own state.
  void answer_local(Connection& conn, const PendingRequest& p);
  ClientReply local_reply(Connection& conn, const PendingRequest& p);
  Code set_watches(const Connection& conn, Zxid relative_zxid, const std::vector<std::string>& data,
                   const std::vector<std::string>& exist, const std::vector<std::string>& child,
                   const std::vector<std::string>& persistent,
                   const std::vector<std::string>& persistent_recursive);

  // pipeline.cpp: the leader's PrepRequestProcessor, forwarded requests, FinalRequestProcessor.
  void on_forwarded(NodeId from, const Request& m);
  void drain_prep();
  void on_delivered(const Delivered& d);
  void answer_write(uint64_t session, const data::ApplyResult& result, Zxid zxid);
  void on_tick(const Tick& t);
  void check_containers(uint64_t before_ms);
  void on_touch_report(const Ping& m);
  void start_tracker();

  // sync.cpp: syncs on learners and on the leader.
  void on_sync_prepared(const PrepItem& item);
  void on_ping_echo(NodeId from);
  void release_leader_syncs();
  void on_sync_reply();
  void release_syncs();
  bool sync_ready(ClientId client) const;
  void remove_sync(ClientId client);

  void step_peer(const Input& input);
  void send(NodeId to, Message msg);
  // The quorum core's effects of one step: deliveries become replies and watch events; becoming
  // or ceasing to be a serving server opens or closes the layer.
  void absorb(Effects effects, bool was_serving, bool was_leader);
  const data::ZkDatabase& database() const;
  sessions::SessionConfig session_config() const;

  const QuorumConfig& cfg_;
  const ServerConfig& config_;
  PeerState& peer_;
  ServerLayer& layer_;
  ServerEffects& out_;
};

}  // namespace zab::server
