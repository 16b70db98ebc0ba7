// The connection side of the server: requests read from a connection, writes and syncs routed
// into the leader's pipeline, auth, answers in request order, session touches, closes.
#include <algorithm>

#include "impl/core/check.h"
#include "impl/core/overloaded.h"
#include "impl/data/acl.h"
#include "impl/server/zk_server.h"

namespace zab::server {
namespace {

data::Create to_create(const CreateOp& c) {
  return data::Create{c.path, c.data, c.acl, c.flags, c.ttl_ms};
}

data::MultiOp to_multi_op(const MultiSubOp& op) {
  return std::visit(Overloaded{
                        [](const CreateOp& c) -> data::MultiOp { return to_create(c); },
                        [](const DeleteOp& d) -> data::MultiOp {
                          return data::Delete{d.path, d.version};
                        },
                        [](const SetDataOp& s) -> data::MultiOp {
                          return data::SetData{s.path, s.data, s.version};
                        },
                        [](const CheckOp& c) -> data::MultiOp {
                          return data::Check{c.path, c.version};
                        },
                    },
                    op);
}

// What goes to the leader for a write or a sync.
ForwardedOp to_forwarded(const ClientOp& op) {
  return std::visit(
      Overloaded{
          [](const CreateOp& c) -> ForwardedOp { return data::WriteRequest{to_create(c)}; },
          [](const DeleteOp& d) -> ForwardedOp {
            return data::WriteRequest{data::Delete{d.path, d.version}};
          },
          [](const SetDataOp& s) -> ForwardedOp {
            return data::WriteRequest{data::SetData{s.path, s.data, s.version}};
          },
          [](const SetAclOp& s) -> ForwardedOp {
            return data::WriteRequest{data::SetAcl{s.path, s.acl, s.version}};
          },
          [](const CheckOp& c) -> ForwardedOp {
            return data::WriteRequest{data::Check{c.path, c.version}};
          },
          [](const MultiOp& m) -> ForwardedOp {
            data::Multi multi;
            for (const auto& op : m.ops)
              multi.ops.push_back(to_multi_op(op));
            return data::WriteRequest{std::move(multi)};
          },
          [](const CloseOp&) -> ForwardedOp { return data::WriteRequest{data::CloseSession{}}; },
          [](const ConnectOp& c) -> ForwardedOp {
            return data::WriteRequest{data::CreateSession{c.timeout_ms}};
          },
          [](const SyncOp& s) -> ForwardedOp { return SyncRequest{s.path}; },
          [](const ReconfigOp& r) -> ForwardedOp {
            return ReconfigRequest{r.joining_servers, r.leaving_servers, r.new_members,
                                   r.cur_config_id};
          },
          [](const auto&) -> ForwardedOp { ZK_UNREACHABLE("not a write or a sync"); },
      },
      op);
}

}  // namespace

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
    on_auth(*conn, r.cxid, std::get<AuthOp>(r.op));
    return;
  }
  const auto auth_count = static_cast<uint8_t>(conn->auth_ids.size());
  conn->pending.push_back(PendingRequest{r.cxid, r.op, auth_count});
  switch (kind) {
    case OpKind::kWrite:
      forward(*conn, r.cxid, to_forwarded(r.op));
      break;
    case OpKind::kSync:
      layer_.syncs.push_back(PendingSync{client, std::nullopt});
      forward(*conn, r.cxid, to_forwarded(r.op));
      break;
    case OpKind::kLocal:
      break;
    case OpKind::kConnect:
    case OpKind::kAuth:
      ZK_UNREACHABLE("handled above");
  }
  advance(client);
}

// FollowerRequestProcessor: to the leader; on the leader, into its own PrepRequestProcessor.
void ZkServer::forward(const Connection& conn, int32_t cxid, ForwardedOp op) {
  ForwardedRequest f{conn.session_id, cxid, peer_.self,
                     std::vector<data::Id>(conn.auth_ids.begin(), conn.auth_ids.end()),
                     std::move(op)};
  if (peer_.is_established_leader()) {
    layer_.prep_queue.push_back(PrepItem{f.session_id, f.cxid, f.origin, encode_request(f)});
  } else if (peer_.learning) {
    send(peer_.learning->leader, Request{encode_request(f)});
  }
}

// ZooKeeperServer.processPacket's auth branch: the provider adds the identity at once and the
// reply (xid as sent, zxid 0) goes out ahead of queued replies, as clients expect for xid -4. A
// scheme without a provider fails: AUTHFAILED, and the connection is closed.
void ZkServer::on_auth(Connection& conn, int32_t cxid, const AuthOp& auth) {
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
        r.response = SyncResponse{std::get<SyncOp>(head.op).path};
        conn->pending.erase(conn->pending.begin());
        reply(*conn, std::move(r));
        break;
      }
      case OpKind::kWrite:
      case OpKind::kConnect:
      case OpKind::kAuth:
        return;
    }
  }
}

void ZkServer::reply(const Connection& conn, ClientReply r) {
  out_.emplace_back(SendToClient{conn.client, ToClient{std::move(r)}});
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
