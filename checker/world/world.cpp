// The dispatch: performing each kind of action, and running the servers' effects under the
// contract of impl/quorum/effects.h (order, the Sync barrier, SelfAck looping back).
#include "checker/world/world.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <mutex>

#include "checker/world/disk.h"
#include "impl/core/overloaded.h"
#include "impl/data/database.h"

namespace zab::check {

std::vector<NodeId> WorldConfig::ids() const {
  std::vector<NodeId> out;
  for (const auto& spec : quorum.servers)
    out.push_back(spec.sid);
  return out;
}

void World::share_servers(search::HashCons<ServerSlot>& table) {
  for (const NodeId id : *ids_)
    servers_[id.value] = table.intern(server_fingerprints_[id.value], servers_[id.value]);
}

namespace {

// The run-wide constants of a world, one copy per distinct value for the process's lifetime (a
// process builds worlds for a handful of configurations at most).
template <class Key, class Value, class Make>
const Value* kept_forever(const Key& key, Make make) {
  static std::mutex mu;
  static std::map<Key, std::unique_ptr<const Value>> kept;
  std::lock_guard lock(mu);
  auto& slot = kept[key];
  if (!slot) slot = std::make_unique<const Value>(make());
  return slot.get();
}

void require(bool condition, const std::string& what) {
  if (!condition) throw search::CheckerFailure("world invariant: " + what);
}

}  // namespace

World::World(const WorldConfig& cfg) : cfg_(&cfg) {
  if (auto problem = cfg.quorum.validate()) throw search::CheckerFailure(*problem);
  const std::vector<NodeId> ids = cfg.ids();
  ids_ = kept_forever<std::vector<NodeId>, std::vector<NodeId>>(ids, [&] { return ids; });
  scripts_ = kept_forever<std::pair<std::string, int>, std::vector<ClientScript>>(
      {cfg.client_script, cfg.clients}, [&] {
        std::vector<ClientScript> scripts;
        for (int i = 1; i <= cfg.clients; ++i)
          scripts.push_back(script_for(cfg.client_script, i, cfg.clients));
        return scripts;
      });
  if (cfg.clients > 0) {
    auto& cw = clients_.mut();
    for (int i = 1; i <= cfg.clients; ++i)
      cw.slots.push_back(ClientSlot{server::ClientId{static_cast<uint8_t>(i)}});
  }
  const size_t slots = static_cast<size_t>(ids_->back().value) + 1;
  servers_.resize(slots);
  server_fingerprints_.resize(slots);
  network_.resize(slots);
  for (const NodeId id : *ids_) {
    auto slot = std::make_shared<ServerSlot>();
    slot->disk = cfg.initial_disks[id.value] ? *cfg.initial_disks[id.value]
                                             : initial_durable_state(cfg.empty_image);
    servers_[id.value] = slot;
  }
  // Boot every server that does not start down, in id order.
  for (const NodeId id : *ids_)
    if (!cfg.start_down.contains(id)) boot(id);
  for (const Zxid zxid : cfg.initial_committed) {
    TxnRef txn;
    for (const NodeId id : *ids_)
      if (!txn) txn = servers_[id.value]->disk.log.find(zxid);
    require(txn != nullptr, "initially committed " + to_string(zxid) + " is on no disk");
    ghost_.committed(txn, decode_sessions());
  }
  for (const NodeId id : *ids_)
    refresh(id);
  dirty_.clear();
}

// A (re)start from the data directory: the quorum core recovers, and the server layer starts
// empty at the current logical time.
void World::boot(NodeId id) {
  auto& slot = mutable_server(id);
  Outbox out;
  slot.peer = Peer::recover(cfg_->quorum, id, slot.disk, out);
  slot.up = true;
  slot.layer = Cow<server::ServerLayer>{};
  if (cfg_->clients > 0) {
    auto& layer = slot.layer.mut();
    layer.enabled = true;
    layer.now_ms = now_ms_;
    // Session ids: ZooKeeper seeds them from the clock; the logical clock can repeat across a
    // restart, so also start past every id this server handed out that the database still holds.
    layer.session_ids = sessions::SessionIdGenerator::initial(id, now_ms_);
    for (const auto& [session, timeout] :
         static_cast<const data::ZkDatabase&>(*slot.peer.image).sessions())
      if (sessions::creator_of_session(static_cast<uint64_t>(session)) == id.value)
        layer.session_ids.next_session_id =
            std::max(layer.session_ids.next_session_id, static_cast<uint64_t>(session) + 1);
  }
  record_vote(id, slot.peer, 0);
  server::ServerEffects effects;
  for (auto& e : out.effects())
    effects.emplace_back(std::move(e));
  run_effects(id, std::move(effects));
}

ServerSlot& World::mutable_server(NodeId id) {
  dirty_.insert(id);
  auto& ptr = servers_[id.value];
  if (ptr.use_count() != 1) ptr = std::make_shared<ServerSlot>(*ptr);
  return const_cast<ServerSlot&>(*ptr);
}

void World::refresh(NodeId id) {
  server_fingerprints_[id.value] = fingerprint_of(*servers_[id.value]);
}

// The server layer a step may change. Worlds without clients never enable it, so they all share
// one empty layer and the steps work on a scratch copy of it that is thrown away.
server::ServerLayer& World::layer_for(ServerSlot& slot) {
  if (cfg_->clients > 0) return slot.layer.mut();
  thread_local server::ServerLayer scratch;
  scratch = server::ServerLayer{};
  return scratch;
}

server::ServerEffects World::step_server(NodeId id, const server::ServerInput& input) {
  auto& slot = mutable_server(id);
  require(slot.up && !slot.blocked(), to_string(id) + " stepped while down or blocked");
  const bool was_established = slot.peer.is_established_leader();
  const uint64_t round_before = slot.peer.election.logical_clock;
  server::ServerEffects out;
  server::ZkServer(cfg_->quorum, slot.peer, layer_for(slot), out).step(input);
  if (!was_established && slot.peer.is_established_leader())
    ghost_.established(id, slot.peer, decode_sessions());
  record_vote(id, slot.peer, round_before);
  return out;
}

void World::step_peer(NodeId id, const server::ServerInput& input) {
  run_effects(id, step_server(id, input));
}

void World::record_vote(NodeId id, const PeerState& peer, uint64_t round_before) {
  auto& votes = mutable_server(id).round_votes;
  if (peer.state != ServerState::kLooking) {
    votes.clear();
    return;
  }
  if (peer.election.logical_clock != round_before) votes.clear();
  if (votes.empty() || !(votes.back() == peer.election.proposal))
    votes.push_back(peer.election.proposal);
}

// Effects run in order; behind an unfinished Sync they wait (contract points 1 and 3).
void World::run_effects(NodeId id, server::ServerEffects work) {
  for (size_t i = 0; i < work.size(); ++i) {
    auto& slot = mutable_server(id);
    if (slot.blocked()) {
      slot.held.push_back(std::move(work[i]));
      continue;
    }
    run_effect(id, work, i);
  }
}

void World::send(NodeId from, Send& e) {
  if (network_.cut(from, e.to)) return;  // lost on a cut link
  const Channel kind = channel_of(e.msg);
  // A new quorum connection never reads the old socket's leftovers.
  if (kind == Channel::kQuorum && opens_connection(e.msg))
    network_.clear_queue(e.to, from, Channel::kQuorum);
  // QuorumCnxManager keeps one pending message per unreachable peer.
  if (kind == Channel::kElection && !servers_[e.to.value]->up)
    network_.clear_queue(from, e.to, kind);
  network_.push(from, e.to, kind, Envelope{std::make_shared<const Message>(std::move(e.msg))});
}

void World::run_effect(NodeId id, server::ServerEffects& work, size_t i) {
  auto& slot = mutable_server(id);
  const auto quorum_effect = Overloaded{
      [&](Send& e) { send(id, e); },
      [&](CloseConnection& e) { network_.close_connection(id, e.peer); },
      [&](SetTimer& e) { slot.timers.arm(e.timer, e.after_ms); },
      [&](CancelTimer& e) { slot.timers.disarm(e.timer); },
      [&](Persist& e) { disk::issue(slot, std::move(e.write)); },
      [&](Sync&) { disk::sync(slot); },
      [&](SelfAck& e) {
        // AckRequestProcessor runs on the log writer's thread right after the flush: its effects
        // come next, before anything queued after the ack (contract point 6).
        server::ServerEffects out = step_server(id, Input{LocalAck{e.zxid}});
        work.insert(work.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                    std::make_move_iterator(out.begin()), std::make_move_iterator(out.end()));
      },
      [&](Delivered&) {},
      [&](ClientReply& e) { record_reply(id, e); },
  };
  std::visit(Overloaded{
                 [&](Effect& effect) { std::visit(quorum_effect, effect); },
                 [&](server::SendToClient& e) { to_client(id, e); },
                 [&](server::CloseClient& e) { close_client(id, e.client); },
                 [&](server::SessionExpired& e) { ghost_.expired(e); },
                 [&](server::DigestMismatch& e) { ghost_.digest_mismatch(e); },
             },
             work[i]);
}

void World::record_reply(NodeId id, const ClientReply& reply) {
  if (!reply.ok) return;
  const TxnRef txn = servers_[id.value]->peer.applied.find(reply.zxid);
  require(txn != nullptr, to_string(id) + " acknowledged an unapplied " + to_string(reply.zxid));
  ghost_.acknowledged(txn, decode_sessions());
}

// ---- Performing actions -------------------------------------------------------------------

void World::perform(const Action& a) {
  std::visit([&](const auto& kind) { take(kind); }, a);
  dirty_.for_each([&](NodeId id) { refresh(id); });
  dirty_.clear();
}

void World::take(const Deliver& a) {
  const Envelope* first = network_.head(a.from, a.to, a.channel);
  require(first != nullptr, "delivery from an empty channel");
  const Envelope env = *first;
  network_.pop(a.from, a.to, a.channel);
  if (env.msg)
    step_peer(a.to, Receive{a.from, *env.msg});
  else
    step_peer(a.to, ConnectionLost{a.from});
}

void World::take(const Fsync& a) {
  run_effects(a.node, disk::complete_fsync(mutable_server(a.node)));
}

void World::take(const DrainLog& a) {
  step_peer(a.node, DrainLogWriter{});
}

void World::take(const Apply& a) {
  step_peer(a.node, DrainApply{});
}

void World::take(const Fire& a) {
  if (a.costs_timeout) used_.timeouts += 1;
  mutable_server(a.node).timers.disarm(a.timer);  // a timer fires once per arming
  step_peer(a.node, TimerFired{a.timer});
}

void World::take(const ClientWrite& a) {
  used_.writes += 1;
  step_peer(a.node,
            ClientPropose{static_cast<uint64_t>(used_.writes), fmt::format("w{}", used_.writes)});
}

void World::take(const Crash& a) {
  used_.crashes += 1;
  auto& slot = mutable_server(a.node);
  disk::crash(slot, a.keep);
  slot.timers.clear();
  slot.peer = PeerState{};
  slot.layer = Cow<server::ServerLayer>{};
  slot.round_votes.clear();
  slot.up = false;
  network_.clear_node(a.node);
  disconnect_clients_of(a.node);
  // The crashed process's sockets are reset: every peer reads the close.
  for (const NodeId other : *ids_)
    if (other != a.node) network_.push(a.node, other, Channel::kQuorum, Envelope{});
}

void World::take(const Restart& a) {
  used_.restarts += 1;
  if (Peer::recovery_error(servers_[a.node.value]->disk)) {
    ghost_.refused_restart(a.node);  // ZooKeeper would refuse to start
    return;
  }
  boot(a.node);
}

void World::take(const Partition& a) {
  used_.partitions += 1;
  network_.partition(a.a, a.b);
}

void World::take(const Heal& a) {
  network_.heal(a.a, a.b);
}

void World::take(const Drop& a) {
  used_.drops += 1;
  network_.close_connection(a.a, a.b);
  network_.push(a.b, a.a, Channel::kQuorum, Envelope{});
}

void World::take(const SettleElection&) {
  settle_election();
}

void World::take(const ClientSend& a) {
  client_send(server::ClientId{a.client});
}

void World::take(const ClientRecv& a) {
  client_recv(server::ClientId{a.client});
}

void World::take(const ServerRead& a) {
  server_read(a.node, server::ClientId{a.client});
}

void World::take(const Prep& a) {
  step_peer(a.node, server::DrainPrep{});
}

void World::take(const Tick&) {
  used_.ticks += 1;
  tick();
}

bool World::enabled(const Action& a) const {
  std::vector<Action> all;
  actions(all);
  return std::find(all.begin(), all.end(), a) != all.end();
}

bool World::within_bounds() const {
  if (cfg_->max_epoch == 0) return true;
  for (const NodeId id : *ids_) {
    const auto& s = *servers_[id.value];
    if (s.disk.accepted_epoch.value > cfg_->max_epoch) return false;
    if (s.up && s.peer.durable.accepted_epoch.value > cfg_->max_epoch) return false;
  }
  return true;
}

uint64_t World::fingerprint() const {
  Hasher h;
  for (const NodeId id : *ids_)
    h.u64(server_fingerprints_[id.value]);
  hash_append(h, network_.in_flight());
  for (const NodeId id : *ids_)
    hash_append(h, network_.cuts_of(id));
  hash_append(h, used_);
  ghost_.hash_into(h);
  h.u64(clients_.fingerprint());
  h.u64(now_ms_);
  return h.finish();
}

std::string World::describe() const {
  std::string out;
  for (const NodeId id : *ids_) {
    const auto& s = *servers_[id.value];
    if (!s.up) {
      out += fmt::format("{} down  accepted={} current={} log={}\n", to_string(id),
                         s.disk.accepted_epoch.value, s.disk.current_epoch.value,
                         s.disk.log.describe());
      continue;
    }
    const auto& p = s.peer;
    out += fmt::format(
        "{} {:<9} {:<15} accepted={} current={} lastProcessed={} log={} applied={}{}\n",
        to_string(id), to_string(p.state), to_string(p.phase), p.durable.accepted_epoch.value,
        p.durable.current_epoch.value, to_string(p.last_processed), p.durable.log.describe(),
        p.applied.describe(), s.blocked() ? " [fsync pending]" : "");
  }
  for (const auto& m : network_.in_flight())
    out += fmt::format("  {}->{} {}: {}\n", to_string(m.from), to_string(m.to), to_string(m.kind),
                       m.env.msg ? zab::describe(*m.env.msg) : "connection-closed");
  return out;
}

}  // namespace zab::check
