// The connection side of the server: requests read from a connection, writes and syncs routed
// into the leader's pipeline, auth, answers in request order, session touches, closes.
#include <algorithm>

#include "impl/core/check.h"
#include "impl/core/overloaded.h"
#include "impl/data/acl.h"
#include "impl/server/zk_server.h"

namespace zab::server {

void ZkServer::on_client(const FromClient& m) {
  if (const auto* connect = std::get_if<ConnectOp>(&m.request.op)) {
    on_connect(m.client, m.request.cxid, *connect);
    return;
  }
  Connection* conn = layer_.connection(m.client);
  // A connection this server does not hold: one it has closed (what the client sent meanwhile is
  // discarded with the socket). A connection's first frame is always read as a ConnectRequest
  // (the runtime's codec closes the connection if it is not one), so no other case exists.
  if (!conn) return;
  if (!conn->established()) {
    conn->unread.push_back(m.request);
    return;
  }
  process_request(m.client, m.request);
}

// ZooKeeperServer.processPacket: every request touches the session; auth is handled on the spot;
// the rest queue behind the connection's earlier requests, writes and syncs also going to the
// leader now, so that the leader sees a session's requests in the order they were sent.
void ZkServer::process_request(ClientId client, const ClientRequest& r) {
  Connection* conn = layer_.connection(client);
  ZK_ASSERT(conn && conn->established());
  touch(conn->session_id, conn->timeout_ms);
  const OpKind kind = kind_of(r.op);
  if (kind == OpKind::kAuth) {
    on_auth(*conn, r.cxid, std::get<wire::AuthPacket>(std::get<RequestOp>(r.op).record));
    return;
  }
  if (kind == OpKind::kUnimplemented) {
    // UnimplementedRequestProcessor: answered at once, ahead of queued replies, then closed.
    ClientReply refused;
    refused.cxid = r.cxid;
    refused.zxid = kNoZxid;
    refused.err = Code::kUnimplemented;
    reply(*conn, std::move(refused));
    close_connection(client, true);
    return;
  }
  const auto auth_count = static_cast<uint8_t>(conn->auth_ids.size());
  conn->pending.push_back(PendingRequest{r.cxid, r.op, auth_count});
  switch (kind) {
    case OpKind::kWrite:
    case OpKind::kSync: {
      if (kind == OpKind::kSync) layer_.syncs.push_back(PendingSync{client, std::nullopt});
      const auto& op = std::get<RequestOp>(r.op);
      forward(*conn, r.cxid, op.type, record_bytes(op.record));
      break;
    }
    case OpKind::kLocal:
      break;
    case OpKind::kConnect:
    case OpKind::kAuth:
    case OpKind::kUnimplemented:
      ZK_UNREACHABLE("handled above");
  }
  advance(client);
}

// FollowerRequestProcessor: to the leader; on the leader, into its own PrepRequestProcessor.
void ZkServer::forward(const Connection& conn, int32_t cxid, data::OpCode type,
                       std::string record) {
  ForwardedRequest f{conn.session_id,
                     cxid,
                     peer_.self,
                     std::vector<data::Id>(conn.auth_ids.begin(), conn.auth_ids.end()),
                     type,
                     std::move(record)};
  if (peer_.is_established_leader()) {
    layer_.prep_queue.push_back(PrepItem{f.session_id, f.cxid, f.origin, encode_request(f)});
  } else if (peer_.learning) {
    send(peer_.learning->leader, Request{encode_request(f)});
  }
}

// ZooKeeperServer.processPacket's auth branch: the provider adds the identity at once and the
// reply (xid as sent, zxid 0) goes out ahead of queued replies, as clients expect for xid -4. A
// scheme without a provider fails: AUTHFAILED, and the connection is closed.
void ZkServer::on_auth(Connection& conn, int32_t cxid, const wire::AuthPacket& auth) {
  auto add = [&](data::Id id) {
    if (std::find(conn.auth_ids.begin(), conn.auth_ids.end(), id) == conn.auth_ids.end())
      conn.auth_ids.push_back(std::move(id));
  };
  Code code = Code::kAuthFailed;
  if (auth.scheme == "digest") {
    // DigestAuthenticationProvider.handleAuthentication.
    const std::string id = data::digest_id(auth.auth);
    if (!config_.super_digest.empty() && id == config_.super_digest) add(data::Id{"super", ""});
    add(data::Id{"digest", id});
    code = Code::kOk;
  } else if (auth.scheme == "ip") {
    // IPAuthenticationProvider: the connection's address, which it already holds.
    code = Code::kOk;
  }
  ClientReply r;
  r.cxid = cxid;
  r.err = code;
  reply(conn, std::move(r));
  if (code != Code::kOk) close_connection(conn.client, true);
}

// Answers what can be answered at the head of the connection's queue: local requests, and
// syncs this server has caught up with. Writes wait for their txn (on_delivered).
void ZkServer::advance(ClientId client) {
  for (;;) {
    Connection* conn = layer_.connection(client);
    if (!conn || !conn->established() || conn->pending.empty()) return;
    const PendingRequest& head = conn->pending.front();
    switch (kind_of(head.op)) {
      case OpKind::kLocal: {
        const PendingRequest p = head;
        conn->pending.erase(conn->pending.begin());
        answer_local(*conn, p);
        break;
      }
      case OpKind::kSync: {
        if (!sync_ready(client)) return;
        remove_sync(client);
        ClientReply r;
        r.cxid = head.cxid;
        r.zxid = peer_.last_processed;
        r.body = wire::SyncResponse{
            std::get<wire::SyncRequest>(std::get<RequestOp>(head.op).record).path};
        conn->pending.erase(conn->pending.begin());
        reply(*conn, std::move(r));
        break;
      }
      case OpKind::kWrite:
      case OpKind::kConnect:
      case OpKind::kAuth:
      case OpKind::kUnimplemented:
        return;
    }
  }
}

void ZkServer::reply(const Connection& conn, ClientReply r) {
  out_.emplace_back(SendToClient{conn.client, ToClient{std::move(r)}});
}

void ZkServer::notify(ClientId client, const sessions::WatchNotification& n) {
  out_.emplace_back(SendToClient{
      client, wire::WatcherEvent{static_cast<int32_t>(n.type),
                                 static_cast<int32_t>(KeeperState::kSyncConnected), n.path}});
}

// Every request and every tick (the client's pings) refreshes the session: at the leader in
// its tracker, at a learner in the list it reports with its next PING reply.
void ZkServer::touch(uint64_t session_id, uint32_t timeout_ms) {
  if (layer_.tracker) {
    layer_.tracker->touch(session_id, layer_.now_ms);
    return;
  }
  for (const auto& [id, timeout] : layer_.touched)
    if (id == session_id) return;
  layer_.touched.emplace_back(session_id, timeout_ms);
}

// NIOServerCnxn.close: the connection's watches go with it (watches belong to connections);
// its requests in flight are still processed, their answers dropped.
void ZkServer::close_connection(ClientId client, bool tell_client) {
  const Connection* conn = layer_.connection(client);
  if (!conn) return;
  if (conn->session_id != 0) layer_.watches.remove_session(conn->session_id);
  for (auto& s : layer_.syncs)
    if (s.client == client) s.client = ClientId{};
  if (tell_client) out_.emplace_back(CloseClient{client});
  layer_.remove_connection(client);
}

void ZkServer::close_all_connections() {
  for (const auto& c : layer_.connections) {
    layer_.watches.remove_session(c.session_id);
    out_.emplace_back(CloseClient{c.client});
  }
  layer_.connections.clear();
}

}  // namespace zab::server
