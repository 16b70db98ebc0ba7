// The world's clients (clients.h): performing their steps, the servers' effects on them, and the
// ghost history the session and watch properties read. What is enabled is in actions.cpp.
#include <fmt/format.h>

#include "checker/search/model.h"
#include "checker/world/world.h"
#include "impl/core/overloaded.h"

namespace zab::check {

using server::ClientId;

namespace {
void require(bool condition, const char* what) {
  if (!condition) throw search::CheckerFailure(std::string("world invariant: ") + what);
}
}  // namespace

const ClientMsg* ClientWorld::head(ClientId client, NodeId server, bool to_server) const {
  for (const auto& m : net)
    if (m.client == client && m.server == server && m.to_server == to_server) return &m;
  return nullptr;
}

bool ClientWorld::is_head(size_t i) const {
  const auto& m = net[i];
  for (size_t j = 0; j < i; ++j) {
    const auto& p = net[j];
    if (p.client == m.client && p.server == m.server && p.to_server == m.to_server) return false;
  }
  return true;
}

void ClientWorld::pop(ClientId client, NodeId server, bool to_server) {
  for (auto it = net.begin(); it != net.end(); ++it)
    if (it->client == client && it->server == server && it->to_server == to_server) {
      net.erase(it);
      return;
    }
  require(false, "a client channel popped while empty");
}

void World::client_send(ClientId id) {
  auto& cw = clients_.mut();
  auto& c = cw.slots[id.value - 1];
  const auto& step = (*scripts_)[id.value - 1][c.next];
  if (std::holds_alternative<VanishOp>(step)) {
    // The client's machine dies: the server reads the close; the session lives on until it
    // expires.
    cw.net.erase(std::remove_if(cw.net.begin(), cw.net.end(),
                                [&](const ClientMsg& m) { return m.client == id && !m.to_server; }),
                 cw.net.end());
    if (c.server) cw.net.push_back(ClientMsg{id, *c.server, true, std::nullopt});
    c.server.reset();
    c.established = false;
    c.outstanding.clear();
    c.watches.clear();
    c.sync_floors.clear();
    c.next = static_cast<uint8_t>((*scripts_)[id.value - 1].size());
    return;
  }
  const auto& op = std::get<server::ClientOp>(step);
  if (server::kind_of(op) == server::OpKind::kSync) {
    Zxid floor;
    for (const auto& other : cw.slots)
      floor = std::max(floor, other.last_zxid_seen);
    c.sync_floors.push_back(floor);
  }
  server::ClientRequest request{0, op};
  if (std::holds_alternative<server::ConnectOp>(op)) {
    // The client's host list starts at its own server; it takes the first one that is up.
    const auto& ids = *ids_;
    const size_t first = static_cast<size_t>(id.value - 1) % ids.size();
    for (size_t k = 0; k < ids.size() && !c.server; ++k) {
      const NodeId candidate = ids[(first + k) % ids.size()];
      if (servers_[candidate.value]->up) c.server = candidate;
    }
    require(c.server.has_value(), "a client connected with no server up");
  } else {
    request.cxid = c.next_cxid++;
    c.outstanding.emplace_back(request.cxid, c.next);
  }
  cw.net.push_back(ClientMsg{id, *c.server, true, request});
  c.next += 1;
}

void World::server_read(NodeId id, ClientId client) {
  const ClientMsg* m = clients_->head(client, id, true);
  require(m != nullptr, "a server read from an empty client channel");
  const ClientMsg msg = *m;
  clients_.mut().pop(client, id, true);
  if (msg.payload)
    step_peer(id, server::FromClient{client, std::get<server::ClientRequest>(*msg.payload)});
  else
    step_peer(id, server::ClientGone{client});
}

void World::client_recv(ClientId id) {
  auto& cw = clients_.mut();
  auto& c = cw.slots[id.value - 1];
  require(c.server.has_value(), "a client without a connection read");
  const ClientMsg* m = cw.head(id, *c.server, false);
  require(m != nullptr, "a client read from an empty channel");
  const ClientMsg msg = *m;
  cw.pop(id, *c.server, false);
  if (!msg.payload) {
    // The server closed the connection. Without re-attaching (not modelled) a client that had a
    // session is done; one that never got a session may connect again.
    const bool had_session = c.established || c.session_id != 0;
    c.server.reset();
    c.established = false;
    c.outstanding.clear();
    c.watches.clear();
    c.sync_floors.clear();
    if (had_session)
      c.next = static_cast<uint8_t>((*scripts_)[id.value - 1].size());
    else
      c.next = 0;
    return;
  }
  std::visit(Overloaded{
                 [&](const wire::ConnectResponse& r) {
                   c.session_id = static_cast<uint64_t>(r.session_id);
                   c.established = c.session_id != 0;
                 },
                 [&](const server::ClientReply& r) {
                   if (c.outstanding.empty() || c.outstanding.front().first != r.cxid) {
                     if (c.anomaly.empty())
                       c.anomaly = fmt::format("reply for cxid {} out of order", r.cxid);
                     return;
                   }
                   const uint8_t step = c.outstanding.front().second;
                   c.outstanding.erase(c.outstanding.begin());
                   const auto& op = std::get<server::ClientOp>((*scripts_)[id.value - 1][step]);
                   record_client_reply(c, r, op);
                 },
                 [&](const wire::WatcherEvent& e) { record_watch_event(c, e); },
             },
             std::get<server::ToClient>(*msg.payload));
}

namespace {
// The server keeps one watch per (session, path) and table: registering again is a no-op.
void add_watch(ClientSlot& c, WatchReg w) {
  for (const auto& held : c.watches)
    if (held.path == w.path && held.child == w.child) return;
  c.watches.push_back(std::move(w));
}
}  // namespace

void World::record_client_reply(ClientSlot& c, const server::ClientReply& reply,
                                const server::ClientOp& op) {
  c.last_zxid_seen = std::max(c.last_zxid_seen, reply.zxid);
  const bool missing = reply.err == Code::kNoNode;
  const auto* request = std::get_if<server::RequestOp>(&op);
  if (!request) return;
  if (server::kind_of(op) == server::OpKind::kSync && !c.sync_floors.empty()) {
    const Zxid floor = c.sync_floors.front();
    c.sync_floors.erase(c.sync_floors.begin());
    if (reply.err == Code::kOk) {
      if (floor != Zxid{}) c.syncs_answered += 1;
      if (reply.zxid < floor && c.stale_sync.empty())
        c.stale_sync = fmt::format(
            "its sync (cxid {}) was answered at {}, though {} had been seen "
            "before it was sent",
            reply.cxid, to_string(reply.zxid), to_string(floor));
    }
  }
  std::visit(Overloaded{
                 [&](const wire::GetDataRequest& o) {
                   if (o.watch && reply.err == Code::kOk)
                     add_watch(c, WatchReg{o.path, false, reply.zxid});
                 },
                 [&](const wire::ExistsRequest& o) {
                   if (o.watch && (reply.err == Code::kOk || missing))
                     add_watch(c, WatchReg{o.path, false, reply.zxid});
                 },
                 [&](const wire::GetChildrenRequest& o) {
                   if (o.watch && reply.err == Code::kOk)
                     add_watch(c, WatchReg{o.path, true, reply.zxid});
                 },
                 [&](const wire::GetChildren2Request& o) {
                   if (o.watch && reply.err == Code::kOk)
                     add_watch(c, WatchReg{o.path, true, reply.zxid});
                 },
                 [&](const auto&) {},
             },
             request->record);
}

// A watch fires once: the event must match a watch the client holds, which it then no longer
// holds. Data watches take NodeCreated / NodeDeleted / NodeDataChanged on their path; child
// watches NodeChildrenChanged and NodeDeleted.
void World::record_watch_event(ClientSlot& c, const wire::WatcherEvent& e) {
  c.events_seen += 1;
  for (auto it = c.watches.begin(); it != c.watches.end(); ++it) {
    const bool data_event = e.type == 1 || e.type == 2 || e.type == 3;
    const bool child_event = e.type == 4 || e.type == 2;
    if (it->path == e.path && (it->child ? child_event : data_event)) {
      c.watches.erase(it);
      return;
    }
  }
  if (c.anomaly.empty())
    c.anomaly = fmt::format("watch event type {} on {} with no watch registered (fired twice?)",
                            e.type, e.path);
}

void World::to_client(NodeId from, const server::SendToClient& e) {
  auto& cw = clients_.mut();
  const auto& c = cw.slots[e.client.value - 1];
  if (c.server != from) return;  // that connection is gone
  cw.net.push_back(ClientMsg{e.client, from, false, e.msg});
}

void World::close_client(NodeId from, ClientId client) {
  auto& cw = clients_.mut();
  const auto& c = cw.slots[client.value - 1];
  if (c.server != from) return;
  // The client reads what was sent before the close, then the close; its own unread requests
  // are lost with the socket.
  cw.net.erase(std::remove_if(cw.net.begin(), cw.net.end(),
                              [&](const ClientMsg& m) {
                                return m.client == client && m.server == from && m.to_server;
                              }),
               cw.net.end());
  cw.net.push_back(ClientMsg{client, from, false, std::nullopt});
}

// A crashed server's connections die with it: everything in flight is lost and each client
// reads the close.
void World::disconnect_clients_of(NodeId id) {
  if (clients_->slots.empty()) return;  // keep sharing the empty client world
  auto& cw = clients_.mut();
  cw.net.erase(std::remove_if(cw.net.begin(), cw.net.end(),
                              [&](const ClientMsg& m) { return m.server == id; }),
               cw.net.end());
  for (const auto& c : cw.slots)
    if (c.server == id) cw.net.push_back(ClientMsg{c.id, id, false, std::nullopt});
}

// Time moves in half ticks, the period of the leader's pings: touches then fall between bucket
// boundaries, as they do on a real clock, so the bucket arithmetic is actually exercised.
void World::tick() {
  now_ms_ += cfg_->quorum.tick_time_ms / 2;
  for (const NodeId id : *ids_) {
    const auto& s = *servers_[id.value];
    if (s.up && !s.blocked()) step_peer(id, server::Tick{now_ms_});
  }
}

}  // namespace zab::check
