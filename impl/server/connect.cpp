// ZooKeeperServer.processConnectRequest: a new session goes through the leader as a createSession
// txn and is answered when it is applied here; a re-attach checks the password here and the
// session at the leader (REVALIDATE), which makes this server the session's owner.
#include <algorithm>

#include "impl/core/check.h"
#include "impl/data/jute.h"
#include "impl/server/zk_server.h"

namespace zab::server {
namespace {

// ConnectResponse's readOnly byte: sent (false: these servers are never read-only) only to a
// client that sent one (ZooKeeperServer.processConnectRequest, an old client's 36-byte reply).
std::optional<bool> read_only_byte(const PendingRequest& connect) {
  return std::get<ConnectOp>(connect.op).request.read_only ? std::optional<bool>(false)
                                                           : std::nullopt;
}

// A negative lastZxidSeen is "nothing seen": ZooKeeper compares it with its own as a signed long.
Zxid zxid_seen(int64_t value) {
  return Zxid{value < 0 ? 0 : static_cast<uint64_t>(value)};
}

}  // namespace

void ZkServer::on_connect(ClientId client, int32_t cxid, const ConnectOp& connect) {
  const wire::ConnectRequest& request = connect.request;
  // Not serving (no quorum, or syncing): ZooKeeper accepts the socket and closes it at once.
  // A second ConnectRequest on an open connection is not a request ZooKeeper can read either.
  if (!serving(peer_) || !layer_.enabled || layer_.connection(client)) {
    out_.emplace_back(CloseClient{client});
    return;
  }
  // "Refusing session request for client as it has seen zxid ... our last zxid is ...": the
  // client must try a server that is not behind what it has already seen.
  if (zxid_seen(request.last_zxid_seen) > peer_.last_processed) {
    out_.emplace_back(CloseClient{client});
    return;
  }
  const uint32_t timeout = sessions::negotiate_session_timeout(request.time_out, session_config());
  Connection conn;
  conn.client = client;
  conn.timeout_ms = timeout;
  if (!connect.client_address.empty())
    conn.auth_ids.push_back(data::Id{"ip", connect.client_address});
  ConnectOp negotiated = connect;
  negotiated.request.time_out = static_cast<int32_t>(timeout);
  conn.pending.push_back(PendingRequest{cxid, negotiated, 0});
  if (request.session_id != 0) {
    reattach(std::move(conn), request);
    return;
  }
  // createSession: a fresh id from this server's generator; answered when the txn is applied.
  conn.session_id = layer_.session_ids.take();
  conn.phase = ConnectionPhase::kCreatingSession;
  const Connection& added = layer_.add_connection(std::move(conn));
  data::JuteWriter timeout_record;
  timeout_record.i32(static_cast<int32_t>(timeout));
  forward(added, cxid, data::OpCode::kCreateSession, timeout_record.take());
}

// The re-attach half of processConnectRequest: an older connection of the session on this
// server is closed (ServerCnxnFactory.closeSession, CLIENT_RECONNECT); a wrong password gets the
// expired reply here; otherwise the leader checks the session.
void ZkServer::reattach(Connection conn, const wire::ConnectRequest& connect) {
  const ClientId client = conn.client;
  const auto session_id = static_cast<uint64_t>(connect.session_id);
  if (Connection* old = layer_.connection_of_session(session_id))
    close_connection(old->client, true);
  const auto* bytes = reinterpret_cast<const uint8_t*>(connect.passwd.data());
  if (!sessions::check_password(session_id, std::span<const uint8_t>(bytes, connect.passwd.size()),
                                config_.password_secret)) {
    refuse_session(client, read_only_byte(conn.pending.front()));
    return;
  }
  conn.session_id = session_id;
  conn.phase = ConnectionPhase::kRevalidating;
  const uint32_t timeout = conn.timeout_ms;
  layer_.add_connection(std::move(conn));
  if (peer_.is_established_leader()) {
    // ZooKeeperServer.revalidateSession: touch with the renegotiated timeout, owned here now.
    const Code code = layer_.tracker->revalidate(session_id, timeout, peer_.self, layer_.now_ms);
    finish_session_init(client, code == Code::kOk);
  } else if (peer_.learning) {
    send(peer_.learning->leader, Revalidate{session_id, timeout});
  }
}

// LearnerHandler's REVALIDATE: the session must be alive; the learner becomes its owner, so that
// requests still coming through the old server fail with SESSIONMOVED.
void ZkServer::on_revalidate(NodeId from, const Revalidate& m) {
  if (!peer_.is_established_leader() || !peer_.leading->learners.contains(from)) return;
  const Code code = layer_.tracker->revalidate(m.session_id, m.timeout_ms, from, layer_.now_ms);
  send(from, RevalidateReply{m.session_id, code == Code::kOk});
}

void ZkServer::on_revalidate_reply(const RevalidateReply& m) {
  for (const auto& c : layer_.connections) {
    if (c.session_id == m.session_id && c.phase == ConnectionPhase::kRevalidating) {
      finish_session_init(c.client, m.valid);
      return;
    }
  }
}

// ZooKeeperServer.finishSessionInit: the ConnectResponse (the same id, its password and the
// negotiated timeout), then the requests the client sent meanwhile.
void ZkServer::finish_session_init(ClientId client, bool valid) {
  Connection* conn = layer_.connection(client);
  ZK_ASSERT(conn && !conn->established() && !conn->pending.empty());
  const PendingRequest connect = conn->pending.front();
  ZK_ASSERT(std::holds_alternative<ConnectOp>(connect.op));
  if (!valid) {
    refuse_session(client, read_only_byte(connect));
    return;
  }
  conn->pending.erase(conn->pending.begin());
  conn->phase = ConnectionPhase::kEstablished;
  const auto password = sessions::generate_password(conn->session_id, config_.password_secret);
  out_.emplace_back(SendToClient{
      client, wire::ConnectResponse{
                  0, static_cast<int32_t>(conn->timeout_ms), static_cast<int64_t>(conn->session_id),
                  std::string(password.begin(), password.end()), read_only_byte(connect)}});
  const auto unread = std::move(conn->unread);
  conn->unread.clear();
  for (const auto& request : unread) {
    if (!layer_.connection(client)) return;  // an auth failure closed it
    process_request(client, request);
  }
}

// The expired reply: timeout 0, session 0, 16 zero bytes; then the connection is closed.
void ZkServer::refuse_session(ClientId client, std::optional<bool> read_only) {
  out_.emplace_back(
      SendToClient{client, wire::ConnectResponse{0, 0, 0, std::string(16, '\0'), read_only}});
  close_connection(client, false);
  out_.emplace_back(CloseClient{client});
}

}  // namespace zab::server
