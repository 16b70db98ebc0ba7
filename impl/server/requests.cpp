// The connection side of the server: connects, reads answered in order behind the session's
// writes, writes routed into the leader's pipeline, and session touches.
#include <algorithm>

#include "impl/core/check.h"
#include "impl/core/overloaded.h"
#include "impl/data/database.h"
#include "impl/data/read.h"
#include "impl/server/request_codec.h"
#include "impl/server/zk_server.h"

namespace zab::server {
namespace {

data::AclList open_acl() {
  return {data::Acl{data::perms::kAll, data::Id{"world", "anyone"}}};
}

data::WriteRequest to_write(const ClientOp& op) {
  return std::visit(
      Overloaded{
          [](const CreateOp& c) -> data::WriteRequest {
            return data::Create{c.path, c.data, open_acl(), c.flags};
          },
          [](const DeleteOp& d) -> data::WriteRequest {
            return data::Delete{d.path, d.version};
          },
          [](const SetDataOp& s) -> data::WriteRequest {
            return data::SetData{s.path, s.data, s.version};
          },
          [](const CloseOp&) -> data::WriteRequest { return data::CloseSession{}; },
          [](const ConnectOp& c) -> data::WriteRequest {
            return data::CreateSession{static_cast<int32_t>(c.timeout_ms)};
          },
          [](const auto&) -> data::WriteRequest { ZK_UNREACHABLE("a read is not a write"); },
      },
      op);
}

}  // namespace

void ZkServer::on_client(const FromClient& m) {
  if (std::holds_alternative<ConnectOp>(m.request.op)) {
    on_connect(m.client, m.request);
    return;
  }
  Connection* conn = layer_.connection(m.client);
  if (!conn || !conn->established) return;  // clients wait for the connect's reply
  touch(conn->session_id, conn->timeout_ms);
  conn->pending.push_back(PendingRequest{m.request.cxid, m.request.op});
  if (is_write(m.request.op)) route_write(*conn, m.request);
  answer_reads(*conn);
}

// ZooKeeperServer.processConnectRequest for a new session: negotiate the timeout, pick the id,
// and send createSession through the leader; the client is answered once it is applied here.
void ZkServer::on_connect(ClientId client, const ClientRequest& r) {
  if (!serving(peer_) || !layer_.enabled || layer_.connection(client)) {
    out_.emplace_back(CloseClient{client});  // not serving: accept and close at once
    return;
  }
  sessions::SessionConfig config;
  config.tick_time_ms = cfg_.tick_time_ms;
  const auto& connect = std::get<ConnectOp>(r.op);
  const uint32_t timeout =
      sessions::negotiate_session_timeout(static_cast<int32_t>(connect.timeout_ms), config);
  Connection conn;
  conn.client = client;
  conn.session_id = layer_.session_ids.take();
  conn.timeout_ms = timeout;
  conn.pending.push_back(PendingRequest{r.cxid, ConnectOp{timeout}});
  layer_.connections.push_back(conn);
  route_write(layer_.connections.back(), ClientRequest{r.cxid, ConnectOp{timeout}});
}

void ZkServer::route_write(Connection& conn, const ClientRequest& r) {
  const ForwardedRequest f{conn.session_id, r.cxid, peer_.self, to_write(r.op)};
  if (peer_.is_established_leader()) {
    layer_.prep_queue.push_back(PrepItem{f.session_id, f.cxid, f.origin, encode_request(f)});
  } else if (peer_.learning) {
    // FollowerRequestProcessor: the write goes to the leader; the answer comes with its commit.
    out_.emplace_back(Effect{Send{peer_.learning->leader, Request{encode_request(f)}}});
  }
}

// FinalRequestProcessor for reads: in order, and never ahead of an earlier write of the same
// connection (CommitProcessor keeps a session's requests in order).
void ZkServer::answer_reads(Connection& conn) {
  while (conn.established && !conn.pending.empty() && is_read(conn.pending.front().op)) {
    const PendingRequest p = conn.pending.front();
    conn.pending.erase(conn.pending.begin());
    answer_read(conn, p);
  }
}

void ZkServer::answer_read(Connection& conn, const PendingRequest& p) {
  const auto& db = database();
  ClientReply reply;
  reply.cxid = p.cxid;
  reply.zxid = peer_.last_processed;
  const std::vector<data::Id> auth;  // world:anyone is all the scripted clients need
  std::visit(Overloaded{
                 [&](const GetDataOp& op) {
                   const auto r = data::get_data(db, op.path, auth);
                   reply.err = r.code();
                   if (r.ok()) {
                     reply.data = r->data ? *r->data : std::string();
                     reply.stat = r->stat;
                     if (op.watch) layer_.watches.add_data_watch(conn.session_id, op.path);
                   }
                 },
                 [&](const ExistsOp& op) {
                   const auto r = data::exists(db, op.path);
                   reply.err = r.code();
                   if (r.ok()) reply.stat = *r;
                   // exists registers the watch even for a missing node (NodeCreated later).
                   if (op.watch && (r.ok() || r.code() == Code::kNoNode))
                     layer_.watches.add_data_watch(conn.session_id, op.path);
                 },
                 [&](const GetChildrenOp& op) {
                   const auto r = data::get_children(db, op.path, auth);
                   reply.err = r.code();
                   if (r.ok()) {
                     reply.children = *r;
                     if (op.watch) layer_.watches.add_child_watch(conn.session_id, op.path);
                   }
                 },
                 [&](const auto&) { ZK_UNREACHABLE("answer_read on a write"); },
             },
             p.op);
  out_.emplace_back(SendToClient{conn.client, reply});
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

void ZkServer::close_all_connections() {
  for (const auto& c : layer_.connections) {
    layer_.watches.remove_session(c.session_id);
    out_.emplace_back(CloseClient{c.client});
  }
  layer_.connections.clear();
}

}  // namespace zab::server
