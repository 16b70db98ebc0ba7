// Dispatch: inputs either belong to this layer or go to the quorum core, whose effects come
// back through absorb().
#include "impl/server/zk_server.h"

#include <fmt/format.h>

#include <algorithm>

#include "impl/core/check.h"
#include "impl/core/overloaded.h"
#include "impl/data/database.h"

namespace zab::server {

const ServerConfig& ZkServer::default_config() {
  static const ServerConfig config;
  return config;
}

void ZkServer::step(const ServerInput& input) {
  std::visit(Overloaded{
                 [&](const Input& in) {
                   const auto* r = std::get_if<Receive>(&in);
                   if (!layer_.enabled || !r) {
                     step_peer(in);
                     return;
                   }
                   // The packets of the layer above Zab; the quorum core still reads them, as
                   // every packet from the leader resets a learner's read timeout.
                   std::visit(Overloaded{
                                  [&](const Request& m) { on_forwarded(r->from, m); },
                                  [&](const Ping& m) {
                                    if (peer_.is_established_leader()) on_touch_report(m);
                                    step_peer(in);
                                    if (peer_.is_established_leader()) on_ping_echo(r->from);
                                  },
                                  [&](const Revalidate& m) {
                                    on_revalidate(r->from, m);
                                    step_peer(in);
                                  },
                                  [&](const RevalidateReply& m) {
                                    step_peer(in);
                                    if (peer_.learning && r->from == peer_.learning->leader)
                                      on_revalidate_reply(m);
                                  },
                                  [&](const SyncReply&) {
                                    step_peer(in);
                                    if (peer_.learning && r->from == peer_.learning->leader)
                                      on_sync_reply();
                                  },
                                  [&](const auto&) { step_peer(in); },
                              },
                              r->msg);
                 },
                 [&](const FromClient& m) { on_client(m); },
                 [&](const ClientGone& m) { close_connection(m.client, false); },
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
    layer_.syncs.clear();
    layer_.leader_syncs.clear();
  }
  if (!was_leader && peer_.is_established_leader()) start_tracker();
  // A commit in this step may let syncs waiting at the leader go (after its COMMITs).
  if (peer_.is_established_leader() && !layer_.leader_syncs.empty()) release_leader_syncs();
}

void ZkServer::send(NodeId to, Message msg) {
  out_.emplace_back(Effect{Send{to, std::move(msg)}});
}

const data::ZkDatabase& ZkServer::database() const {
  return static_cast<const data::ZkDatabase&>(*peer_.image);
}

sessions::SessionConfig ZkServer::session_config() const {
  return config_.session_config(cfg_.tick_time_ms);
}

namespace {
template <class Connections>
auto lower_bound_client(Connections& connections, ClientId client) {
  return std::lower_bound(connections.begin(), connections.end(), client,
                          [](const Connection& c, ClientId key) { return c.client < key; });
}
}  // namespace

Connection* ServerLayer::connection(ClientId client) {
  auto it = lower_bound_client(connections, client);
  return it != connections.end() && it->client == client ? &*it : nullptr;
}

const Connection* ServerLayer::connection(ClientId client) const {
  auto it = lower_bound_client(connections, client);
  return it != connections.end() && it->client == client ? &*it : nullptr;
}

Connection& ServerLayer::add_connection(Connection conn) {
  auto it = lower_bound_client(connections, conn.client);
  ZK_ASSERT(it == connections.end() || it->client != conn.client);
  return *connections.insert(it, std::move(conn));
}

void ServerLayer::remove_connection(ClientId client) {
  auto it = lower_bound_client(connections, client);
  if (it != connections.end() && it->client == client) connections.erase(it);
}

Connection* ServerLayer::connection_of_session(uint64_t session_id) {
  for (auto& c : connections)
    if (c.session_id == session_id && session_id != 0) return &c;
  return nullptr;
}

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
          [](const DigestMismatch& e) {
            const auto txn = data::decode_txn(e.payload);
            return fmt::format("digest mismatch after {} ({}): expected {:#x}, actual {:#x}",
                               to_string(e.zxid), txn ? data::describe(*txn) : "?",
                               static_cast<uint64_t>(e.expected), static_cast<uint64_t>(e.actual));
          },
      },
      effect);
}

}  // namespace zab::server
