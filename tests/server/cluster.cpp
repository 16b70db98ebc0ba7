#include "tests/server/cluster.h"

#include <fmt/format.h>

#include <stdexcept>

#include "impl/core/check.h"
#include "impl/core/overloaded.h"

namespace zab::server::testing {

Cluster::Cluster(int participants, ServerConfig config, int observers, BugSet bugs)
    : cfg_(make_config(participants, observers)), config_(std::move(config)) {
  cfg_.bugs = bugs;
  ZK_ASSERT(!config_.validate(cfg_.tick_time_ms));
  for (const auto& spec : cfg_.servers) {
    servers_[spec.sid.value].disk =
        initial_durable_state(std::make_shared<const data::ZkDatabase>());
    boot(spec.sid);
  }
  settle();
}

void Cluster::boot(NodeId id) {
  auto& s = servers_.at(id.value);
  Outbox out;
  s.peer = Peer::recover(cfg_, id, s.disk, out);
  s.layer = ServerLayer{};
  s.layer.enabled = true;
  s.layer.now_ms = now_ms_;
  s.layer.session_ids = sessions::SessionIdGenerator::initial(id, now_ms_);
  ServerEffects effects;
  for (auto& e : out.effects())
    effects.emplace_back(std::move(e));
  run(id, std::move(effects));
}

const data::ZkDatabase& Cluster::db(NodeId id) const {
  return static_cast<const data::ZkDatabase&>(*peer(id).image);
}

void Cluster::step(NodeId id, const ServerInput& input) {
  auto& s = servers_.at(id.value);
  ServerEffects out;
  ZkServer(cfg_, s.peer, s.layer, out, config_).step(input);
  run(id, std::move(out));
}

// The effects of one step, in order. Writes are durable at once (no crashes here), so a Sync
// holds nothing back; a SelfAck is fed back before the effects after it, as the contract says.
void Cluster::run(NodeId id, ServerEffects work) {
  for (size_t i = 0; i < work.size(); ++i) {
    auto& s = servers_.at(id.value);
    std::visit(
        Overloaded{
            [&](Effect& effect) {
              std::visit(
                  Overloaded{
                      [&](Send& e) {
                        channels_[{id.value, e.to.value, channel_of(e.msg)}].push_back(
                            std::move(e.msg));
                      },
                      [&](CloseConnection& e) {
                        channels_[{id.value, e.peer.value, Channel::kQuorum}].clear();
                        channels_[{e.peer.value, id.value, Channel::kQuorum}].clear();
                        channels_[{id.value, e.peer.value, Channel::kQuorum}].push_back(
                            std::nullopt);
                      },
                      [&](SetTimer& e) { s.timers[e.timer] = e.after_ms; },
                      [&](CancelTimer& e) { s.timers.erase(e.timer); },
                      [&](Persist& e) { apply_write(s.disk, e.write); },
                      [&](Sync&) {},
                      [&](SelfAck& e) {
                        ServerEffects out;
                        ZkServer(cfg_, s.peer, s.layer, out, config_).step(Input{LocalAck{e.zxid}});
                        work.insert(work.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                                    std::make_move_iterator(out.begin()),
                                    std::make_move_iterator(out.end()));
                      },
                      [&](Delivered&) {},
                      [&](zab::ClientReply&) {},
                  },
                  effect);
            },
            [&](SendToClient& e) {
              auto& c = clients_.at(e.client.value);
              if (c.closed || c.server != id) return;
              if (const auto* cr = std::get_if<wire::ConnectResponse>(&e.msg)) {
                if (c.connected) throw std::runtime_error("a second connect reply");
                if (!c.inbox.empty()) throw std::runtime_error("a reply before the connect's");
                c.connected = *cr;
                if (cr->session_id != 0) {
                  c.session_id = static_cast<uint64_t>(cr->session_id);
                  c.passwd = cr->passwd;
                }
                return;
              }
              if (const auto* r = std::get_if<server::ClientReply>(&e.msg))
                c.last_zxid = std::max(c.last_zxid, r->zxid);
              c.inbox.push_back(e.msg);
            },
            [&](CloseClient& e) { clients_.at(e.client.value).closed = true; },
            [&](SessionExpired&) {},
            [&](DigestMismatch& e) { digest_mismatches.push_back(e); },
        },
        work[i]);
  }
}

bool Cluster::deliverable(const ChannelKey& key) const {
  const auto& [from, to, kind] = key;
  if (kind == Channel::kElection) return true;
  return Peer::reads_quorum_from(servers_.at(to).peer, NodeId{from});
}

bool Cluster::deliver(NodeId from, NodeId to) {
  const ChannelKey key{from.value, to.value, Channel::kQuorum};
  auto it = channels_.find(key);
  if (it == channels_.end() || it->second.empty() || !deliverable(key)) return false;
  auto msg = std::move(it->second.front());
  it->second.pop_front();
  if (msg)
    step(to, Input{Receive{from, std::move(*msg)}});
  else
    step(to, Input{ConnectionLost{from}});
  return true;
}

size_t Cluster::in_flight(NodeId from, NodeId to) const {
  auto it = channels_.find(ChannelKey{from.value, to.value, Channel::kQuorum});
  return it == channels_.end() ? 0 : it->second.size();
}

bool Cluster::drain_log(NodeId id) {
  if (peer(id).log_writer_queue.empty()) return false;
  step(id, Input{DrainLogWriter{}});
  return true;
}

bool Cluster::apply(NodeId id) {
  if (peer(id).apply_queue.empty()) return false;
  step(id, Input{DrainApply{}});
  return true;
}

bool Cluster::prep(NodeId id) {
  if (layer(id).prep_queue.empty() || !peer(id).is_established_leader()) return false;
  step(id, DrainPrep{});
  return true;
}

bool Cluster::step_once(const Links& held, const std::vector<NodeId>& held_apply) {
  for (auto& [key, queue] : channels_) {
    if (queue.empty() || !deliverable(key)) continue;
    const auto& [from, to, kind] = key;
    const bool hold =
        kind == Channel::kQuorum &&
        std::find(held.begin(), held.end(), std::make_pair(NodeId{from}, NodeId{to})) != held.end();
    if (hold) continue;
    auto msg = std::move(queue.front());
    queue.pop_front();
    if (msg)
      step(NodeId{to}, Input{Receive{NodeId{from}, std::move(*msg)}});
    else
      step(NodeId{to}, Input{ConnectionLost{NodeId{from}}});
    return true;
  }
  for (const auto& [sid, s] : servers_) {
    const NodeId id{sid};
    const bool apply_held = std::find(held_apply.begin(), held_apply.end(), id) != held_apply.end();
    if (drain_log(id) || (!apply_held && apply(id)) || prep(id)) return true;
  }
  return false;
}

// When everything is idle and someone is still electing: the shortest election timer fires.
bool Cluster::fire_election_timer() {
  std::optional<std::pair<uint32_t, uint8_t>> best;
  TimerKind kind = TimerKind::kElectionResend;
  for (const auto& [sid, s] : servers_) {
    if (s.peer.state != ServerState::kLooking) continue;
    for (const auto& [timer, after] : s.timers) {
      if (timer != TimerKind::kElectionResend && timer != TimerKind::kElectionFinalize) continue;
      if (!best || after < best->first) {
        best = std::make_pair(after, sid);
        kind = timer;
      }
    }
  }
  if (!best) return false;
  servers_.at(best->second).timers.erase(kind);
  step(NodeId{best->second}, Input{TimerFired{kind}});
  return true;
}

void Cluster::settle_except(const Links& held, const std::vector<NodeId>& held_apply,
                            int max_steps) {
  for (int i = 0; i < max_steps; ++i) {
    if (step_once(held, held_apply)) continue;
    if (!fire_election_timer()) return;
  }
  throw std::runtime_error("the cluster did not settle");
}

void Cluster::settle(int max_steps) {
  settle_except({}, {}, max_steps);
}

NodeId Cluster::leader() const {
  for (const auto& [sid, s] : servers_)
    if (s.peer.is_established_leader()) return NodeId{sid};
  throw std::runtime_error("no established leader");
}

std::vector<NodeId> Cluster::followers() const {
  std::vector<NodeId> out;
  for (const auto& [sid, s] : servers_)
    if (s.peer.state == ServerState::kFollowing) out.push_back(NodeId{sid});
  return out;
}

void Cluster::advance_time(uint64_t ms) {
  const uint64_t half = cfg_.tick_time_ms / 2;
  for (uint64_t passed = 0; passed < ms; passed += half) {
    now_ms_ += half;
    for (const auto& [sid, s] : servers_)
      step(NodeId{sid}, Tick{now_ms_});
    const NodeId l = leader();
    if (servers_.at(l.value).timers.contains(TimerKind::kLeaderPing)) {
      servers_.at(l.value).timers.erase(TimerKind::kLeaderPing);
      step(l, Input{TimerFired{TimerKind::kLeaderPing}});
    }
    settle();
  }
}

ClientId Cluster::open(NodeId server, ClientOp first, int32_t cxid) {
  const ClientId id{next_client_++};
  clients_[id.value].server = server;
  step(server, FromClient{id, ClientRequest{cxid, std::move(first)}});
  return id;
}

ClientId Cluster::connect(NodeId server, ClientOp op) {
  const ClientId id = open(server, op);
  settle();
  return id;
}

int32_t Cluster::send_with_xid(ClientId client, int32_t cxid, ClientOp op) {
  const auto& c = clients_.at(client.value);
  if (c.closed) throw std::runtime_error("send on a closed connection");
  step(c.server, FromClient{client, ClientRequest{cxid, std::move(op)}});
  return cxid;
}

int32_t Cluster::send(ClientId client, ClientOp op) {
  const int32_t cxid = clients_.at(client.value).next_cxid++;
  return send_with_xid(client, cxid, std::move(op));
}

ClientReply Cluster::call(ClientId client, ClientOp op) {
  const int32_t cxid = send(client, std::move(op));
  settle();
  auto& inbox = clients_.at(client.value).inbox;
  std::optional<ClientReply> found;
  std::deque<ToClient> rest;
  for (auto& m : inbox) {
    const auto* r = std::get_if<ClientReply>(&m);
    if (r && !found && (r->cxid == cxid || r->cxid == wire::kPingXid)) {
      found = *r;
      continue;
    }
    if (found && std::holds_alternative<ClientReply>(m))
      throw std::runtime_error("another reply after the one to " + std::to_string(cxid));
    rest.push_back(std::move(m));
  }
  if (!found) throw std::runtime_error(fmt::format("no reply to cxid {}", cxid));
  inbox = std::move(rest);
  return *found;
}

void Cluster::disconnect(ClientId client) {
  auto& c = clients_.at(client.value);
  if (!c.closed) step(c.server, ClientGone{client});
  c.closed = true;
}

std::vector<ToClient> Cluster::take(ClientId client) {
  auto& inbox = clients_.at(client.value).inbox;
  std::vector<ToClient> out(inbox.begin(), inbox.end());
  inbox.clear();
  return out;
}

std::vector<wire::WatcherEvent> Cluster::take_events(ClientId client) {
  std::vector<wire::WatcherEvent> events;
  for (auto& m : take(client)) {
    if (const auto* e = std::get_if<wire::WatcherEvent>(&m))
      events.push_back(*e);
    else
      throw std::runtime_error("a reply where only watch events were expected: " +
                               server::describe(m));
  }
  return events;
}

const data::Stat& stat_of(const ClientReply& r) {
  return std::visit(
      [](const auto& body) -> const data::Stat& {
        if constexpr (requires { body.stat; }) {
          if constexpr (std::is_same_v<std::decay_t<decltype(body.stat)>, data::Stat>)
            return body.stat;
        }
        throw std::runtime_error("a reply without a stat");
      },
      r.body);
}

std::vector<wire::WatcherEvent> events(
    std::initializer_list<std::pair<const char*, int32_t>> path_types) {
  std::vector<wire::WatcherEvent> out;
  for (const auto& [path, type] : path_types)
    out.push_back(event(path, type));
  return out;
}

std::string describe(const ClientReply& r) {
  return server::describe(ToClient{r});
}

}  // namespace zab::server::testing
