// Dispatch: inputs either belong to this layer or go to the quorum core, whose effects come
// back through absorb().
#include "impl/server/zk_server.h"

#include <fmt/format.h>

#include "impl/core/check.h"
#include "impl/core/overloaded.h"
#include "impl/data/database.h"

namespace zab::server {

void ZkServer::step(const ServerInput& input) {
  std::visit(Overloaded{
                 [&](const Input& in) {
                   if (layer_.enabled) {
                     if (const auto* r = std::get_if<Receive>(&in)) {
                       if (const auto* req = std::get_if<Request>(&r->msg)) {
                         on_forwarded(r->from, *req);
                         return;
                       }
                       const auto* ping = std::get_if<Ping>(&r->msg);
                       if (ping && peer_.is_established_leader()) on_touch_report(*ping);
                     }
                   }
                   step_peer(in);
                 },
                 [&](const FromClient& m) { on_client(m); },
                 [&](const ClientGone& m) {
                   if (const Connection* c = layer_.connection(m.client)) {
                     layer_.watches.remove_session(c->session_id);  // watches die with the socket
                     layer_.remove_connection(m.client);
                   }
                 },
                 [&](const Tick& t) { on_tick(t); },
                 [&](const DrainPrep&) { drain_prep(); },
             },
             input);
}

void ZkServer::step_peer(const Input& input) {
  const bool was_serving = serving(peer_);
  const bool was_leader = peer_.is_established_leader();
  Outbox out;
  Peer(cfg_, peer_, out).step(input);
  absorb(std::move(out.effects()), was_serving, was_leader);
}

void ZkServer::absorb(Effects effects, bool was_serving, bool was_leader) {
  for (auto& e : effects) {
    const auto* delivered = std::get_if<Delivered>(&e);
    if (layer_.enabled && delivered) {
      const Delivered d = *delivered;
      out_.emplace_back(std::move(e));
      on_delivered(d);
      continue;
    }
    out_.emplace_back(std::move(e));
  }
  if (!layer_.enabled) return;
  if (was_serving && !serving(peer_)) {
    // A server that leaves broadcast closes every client connection and forgets its pipeline;
    // the clients' sessions live on in the replicated database.
    close_all_connections();
    layer_.prep_queue.clear();
    layer_.tracker.reset();
    layer_.touched.clear();
  }
  if (!was_leader && peer_.is_established_leader()) start_tracker();
}

const data::ZkDatabase& ZkServer::database() const {
  return static_cast<const data::ZkDatabase&>(*peer_.image);
}

Connection* ServerLayer::connection(ClientId client) {
  for (auto& c : connections)
    if (c.client == client) return &c;
  return nullptr;
}

void ServerLayer::remove_connection(ClientId client) {
  connections.erase(std::remove_if(connections.begin(), connections.end(),
                                   [&](const Connection& c) { return c.client == client; }),
                    connections.end());
}

Connection* ServerLayer::connection_of_session(uint64_t session_id) {
  for (auto& c : connections)
    if (c.session_id == session_id && session_id != 0) return &c;
  return nullptr;
}

std::string to_string(ClientId id) { return fmt::format("c{}", id.value); }

std::string describe(const ServerEffect& effect) {
  return std::visit(
      Overloaded{
          [](const Effect& e) { return zab::describe(e); },
          [](const SendToClient& e) { return "to " + to_string(e.client) + " " + describe(e.msg); },
          [](const CloseClient& e) { return "close " + to_string(e.client); },
          [](const SessionExpired& e) {
            return fmt::format("expire session {:#x} (timeout {} ms, last heard {} ms, now {} ms)",
                               e.session_id, e.timeout_ms, e.last_touch_ms, e.now_ms);
          },
      },
      effect);
}

}  // namespace zab::server
