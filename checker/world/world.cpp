#include "checker/world/world.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <unordered_set>

#include "impl/core/check.h"
#include "impl/core/overloaded.h"
#include "impl/data/txn.h"

namespace zab::check {

bool is_fault(const Action& a) {
  switch (a.kind) {
    case ActionKind::kCrash:
    case ActionKind::kRestart:
    case ActionKind::kPartition:
    case ActionKind::kHeal:
    case ActionKind::kDrop:
      return true;
    case ActionKind::kFire:
      return a.costs_timeout;
    case ActionKind::kDeliver:
    case ActionKind::kFsync:
    case ActionKind::kDrainLog:
    case ActionKind::kApply:
    case ActionKind::kClientWrite:
    case ActionKind::kSettleElection:
    case ActionKind::kClientSend:
    case ActionKind::kClientRecv:
    case ActionKind::kServerRead:
    case ActionKind::kPrep:
    case ActionKind::kTick:
      return false;
  }
  return false;
}

std::vector<NodeId> WorldConfig::ids() const {
  std::vector<NodeId> out;
  for (const auto& spec : quorum.servers)
    out.push_back(spec.sid);
  return out;
}

std::shared_ptr<const ServerSlot> SlotTable::intern(uint64_t fp,
                                                    std::shared_ptr<const ServerSlot> slot) {
  auto& shard = shards_[fp % shards_.size()];
  std::lock_guard lock(shard.mu);
  auto [it, inserted] = shard.slots.emplace(fp, std::move(slot));
  return it->second;
}

size_t SlotTable::size() const {
  size_t n = 0;
  for (const auto& s : shards_) {
    std::lock_guard lock(s.mu);
    n += s.slots.size();
  }
  return n;
}

void SlotTable::evict_unshared() {
  for (auto& s : shards_) {
    std::lock_guard lock(s.mu);
    std::erase_if(s.slots, [](const auto& entry) { return entry.second.use_count() == 1; });
  }
}

void World::intern_servers(SlotTable& table) {
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

}  // namespace

World::World(const WorldConfig& cfg) : cfg_(&cfg) {
  ZK_ASSERT(!cfg.quorum.validate().has_value());
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
  cut_.resize(slots);
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
    ZK_ASSERT_MSG(txn != nullptr, "initially committed " + to_string(zxid) + " is on no disk");
    record_committed(txn);
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

Ghost& World::mutable_ghost() {
  if (ghost_.use_count() != 1) ghost_ = std::make_shared<const Ghost>(*ghost_);
  return const_cast<Ghost&>(*ghost_);
}

namespace {
auto key_of(const InFlight& m) {
  return std::make_tuple(m.from, m.to, m.kind);
}
}  // namespace

const Envelope* World::head(NodeId from, NodeId to, Channel kind) const {
  const auto key = std::make_tuple(from, to, kind);
  auto it = std::lower_bound(network_.begin(), network_.end(), key,
                             [](const InFlight& m, const auto& k) { return key_of(m) < k; });
  return it != network_.end() && key_of(*it) == key ? &it->env : nullptr;
}

std::optional<ChannelQueue> World::channel(NodeId from, NodeId to, Channel kind) const {
  ChannelQueue q{from, to, kind, {}};
  for (const auto& m : network_)
    if (key_of(m) == std::make_tuple(from, to, kind)) q.items.push_back(m.env);
  if (q.items.empty()) return std::nullopt;
  return q;
}

std::vector<ChannelQueue> World::channels() const {
  std::vector<ChannelQueue> out;
  for (const auto& m : network_) {
    if (out.empty() ||
        std::make_tuple(out.back().from, out.back().to, out.back().kind) != key_of(m))
      out.push_back(ChannelQueue{m.from, m.to, m.kind, {}});
    out.back().items.push_back(m.env);
  }
  return out;
}

// FIFO within a channel: a new entry goes after everything already on its channel.
void World::push(NodeId from, NodeId to, Channel kind, Envelope env) {
  const auto key = std::make_tuple(from, to, kind);
  auto it = std::upper_bound(network_.begin(), network_.end(), key,
                             [](const auto& k, const InFlight& m) { return k < key_of(m); });
  network_.insert(it, InFlight{from, to, kind, std::move(env)});
}

void World::pop(NodeId from, NodeId to, Channel kind) {
  const auto key = std::make_tuple(from, to, kind);
  auto it = std::lower_bound(network_.begin(), network_.end(), key,
                             [](const InFlight& m, const auto& k) { return key_of(m) < k; });
  ZK_ASSERT(it != network_.end() && key_of(*it) == key);
  network_.erase(it);
}

void World::clear_queue(NodeId from, NodeId to, Channel kind) {
  const auto key = std::make_tuple(from, to, kind);
  network_.erase(std::remove_if(network_.begin(), network_.end(),
                                [&](const InFlight& m) { return key_of(m) == key; }),
                 network_.end());
}

void World::clear_server_channels(NodeId id) {
  network_.erase(std::remove_if(network_.begin(), network_.end(),
                                [&](const InFlight& m) { return m.from == id || m.to == id; }),
                 network_.end());
}

// TCP semantics for the quorum connection: whatever is in flight either way is lost, and the
// other end reads the close, in order, after anything sent before it.
void World::close_connection(NodeId from, NodeId to) {
  clear_queue(from, to, Channel::kQuorum);
  clear_queue(to, from, Channel::kQuorum);
  push(from, to, Channel::kQuorum, Envelope{});
}

// The server layer a step may change. Worlds without clients never enable it, so they all share
// one empty layer and the steps work on a scratch copy of it that is thrown away.
server::ServerLayer& World::layer_for(ServerSlot& slot) {
  if (cfg_->clients > 0) return slot.layer.mut();
  thread_local server::ServerLayer scratch;
  scratch = server::ServerLayer{};
  return scratch;
}

void World::step_peer(NodeId id, const server::ServerInput& input) {
  auto& slot = mutable_server(id);
  ZK_ASSERT(slot.up && !slot.blocked());
  const bool was_established = slot.peer.is_established_leader();
  const uint64_t round_before = slot.peer.election.logical_clock;
  server::ServerEffects out;
  server::ZkServer(cfg_->quorum, slot.peer, layer_for(slot), out).step(input);
  if (!was_established && slot.peer.is_established_leader()) record_established(id, slot.peer);
  record_vote(id, slot.peer, round_before);
  run_effects(id, std::move(out));
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

void World::run_effects(NodeId id, server::ServerEffects work) {
  for (size_t i = 0; i < work.size(); ++i) {
    auto& slot = mutable_server(id);
    if (slot.blocked()) {
      // Behind an fsync: nothing more happens until it completes.
      slot.held.push_back(std::move(work[i]));
      continue;
    }
    run_effect(id, work, i);
  }
}

void World::run_effect(NodeId id, server::ServerEffects& work, size_t i) {
  auto& slot = mutable_server(id);
  std::visit(Overloaded{
                 [&](Effect& effect) {
                   std::visit(
                       Overloaded{
                           [&](Send& e) {
                             if (cut_[id.value].contains(e.to)) return;  // lost on a cut link
                             const Channel kind = channel_of(e.msg);
                             if (kind == Channel::kQuorum && opens_connection(e.msg))
                               clear_queue(e.to, id,
                                           Channel::kQuorum);  // the old socket's leftovers
                             // QuorumCnxManager keeps one pending message per unreachable peer.
                             if (kind == Channel::kElection && !servers_[e.to.value]->up)
                               clear_queue(id, e.to, kind);
                             push(id, e.to, kind,
                                  Envelope{std::make_shared<const Message>(std::move(e.msg))});
                           },
                           [&](CloseConnection& e) { close_connection(id, e.peer); },
                           [&](SetTimer& e) {
                             slot.timers |= uint8_t(1u << static_cast<int>(e.timer));
                             slot.timer_after_ms[static_cast<int>(e.timer)] = e.after_ms;
                           },
                           [&](CancelTimer& e) {
                             slot.timers &= uint8_t(~(1u << static_cast<int>(e.timer)));
                             slot.timer_after_ms[static_cast<int>(e.timer)] = 0;
                           },
                           [&](Persist& e) { slot.unsynced.push_back(std::move(e.write)); },
                           [&](Sync&) {
                             if (slot.unsynced.empty())
                               return;  // nothing to flush: returns at once
                             slot.held.push_back(Effect{Sync{}});
                           },
                           [&](SelfAck& e) {
                             // AckRequestProcessor runs on the log writer's thread right after the
                             // flush; its effects come next, before anything queued after the ack.
                             const bool was = slot.peer.is_established_leader();
                             server::ServerEffects out;
                             server::ZkServer(cfg_->quorum, slot.peer, layer_for(slot), out)
                                 .step(Input{LocalAck{e.zxid}});
                             if (!was && slot.peer.is_established_leader())
                               record_established(id, slot.peer);
                             work.insert(work.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                                         std::make_move_iterator(out.begin()),
                                         std::make_move_iterator(out.end()));
                           },
                           [&](Delivered&) {},
                           [&](ClientReply& e) { record_reply(id, e); },
                       },
                       effect);
                 },
                 [&](server::SendToClient& e) { to_client(id, e); },
                 [&](server::CloseClient& e) { close_client(id, e.client); },
                 [&](server::SessionExpired& e) { mutable_ghost().expiries.push_back(e); },
             },
             work[i]);
}

void World::record_reply(NodeId id, const ClientReply& reply) {
  if (!reply.ok) return;
  const TxnRef txn = servers_[id.value]->peer.applied.find(reply.zxid);
  ZK_ASSERT(txn != nullptr);
  auto& acked = mutable_ghost().acknowledged;
  acked.insert(std::upper_bound(acked.begin(), acked.end(), txn,
                                [](const auto& a, const auto& b) { return a->zxid() < b->zxid(); }),
               txn);
  record_committed(txn);
}

void World::record_established(NodeId id, const PeerState& peer) {
  auto& est = mutable_ghost().established;
  const auto entry = std::make_pair(peer.leading->epoch, id);
  est.insert(std::upper_bound(est.begin(), est.end(), entry), entry);
  for (const auto& txn : peer.applied.entries())
    record_committed(txn);
}

void World::record_committed(const TxnRef& txn) {
  for (const auto& known : ghost_->committed)
    if (known->zxid() == txn->zxid() && same_txn(known, txn)) return;
  auto& committed = mutable_ghost().committed;
  committed.insert(
      std::upper_bound(committed.begin(), committed.end(), txn,
                       [](const auto& a, const auto& b) { return a->zxid() < b->zxid(); }),
      txn);
  if (cfg_->clients == 0) return;
  const auto decoded = data::decode_txn(txn->payload());
  if (decoded.ok() && decoded->header.type == data::OpCode::kCloseSession) {
    auto& closed = mutable_ghost().closed_sessions;
    closed.emplace_back(static_cast<uint64_t>(decoded->header.client_id), txn->zxid());
    std::sort(closed.begin(), closed.end());
  }
}

void World::complete_fsync(NodeId id) {
  auto& slot = mutable_server(id);
  ZK_ASSERT(slot.blocked() && std::holds_alternative<Effect>(slot.held.front()) &&
            std::holds_alternative<Sync>(std::get<Effect>(slot.held.front())));
  for (const auto& w : slot.unsynced)
    apply_write(slot.disk, w);
  slot.unsynced.clear();
  server::ServerEffects rest(std::make_move_iterator(slot.held.begin() + 1),
                             std::make_move_iterator(slot.held.end()));
  slot.held.clear();
  run_effects(id, std::move(rest));
}

bool World::deliverable(NodeId from, NodeId to_id, Channel kind) const {
  const auto& to = *servers_[to_id.value];
  if (!to.up || to.blocked()) return false;
  if (kind == Channel::kElection) return true;
  return Peer::reads_quorum_from(to.peer, from);
}

// Nothing but timers, clients and faults can happen: the whole system is waiting.
bool World::quiescent() const {
  for (size_t i = 0; i < network_.size(); ++i) {
    const auto& m = network_[i];
    if (i > 0 && key_of(network_[i - 1]) == key_of(m)) continue;  // only heads
    if (deliverable(m.from, m.to, m.kind)) return false;
  }
  for (const NodeId id : *ids_) {
    const auto& s = *servers_[id.value];
    if (!s.up) continue;
    if (s.blocked()) return false;
    if (!s.peer.log_writer_queue.empty() || !s.peer.apply_queue.empty()) return false;
  }
  return clients_->net.empty();
}

// Some notification can be delivered, or a LOOKING server waits out finalizeWait.
bool World::election_pending() const {
  for (const auto& m : network_)
    if (m.kind == Channel::kElection && deliverable(m.from, m.to, m.kind)) return true;
  for (const NodeId id : *ids_) {
    const auto& s = *servers_[id.value];
    if (s.up && !s.blocked() && s.peer.state == ServerState::kLooking &&
        s.timer_armed(TimerKind::kElectionFinalize))
      return true;
  }
  return false;
}

// Notifications in channel order, finalizeWait when none is deliverable, until nothing is left
// or the exchange comes back to a state it has been in: a LOOKING participant and a
// non-LOOKING observer answer each other for as long as the election cannot decide
// (FLE.WorkerReceiver answers every non-voter, and a non-LOOKING server answers every LOOKING
// one), and only a timer or a quorum event ends that, as in ZooKeeper.
void World::settle_election() {
  std::unordered_set<uint64_t> seen{fingerprint()};
  for (int step = 0; step < 10000; ++step) {
    const InFlight* next = nullptr;
    for (const auto& m : network_)
      if (m.kind == Channel::kElection && deliverable(m.from, m.to, m.kind)) {
        next = &m;
        break;
      }
    if (next) {
      const NodeId from = next->from, to = next->to;
      const Envelope env = next->env;
      pop(from, to, Channel::kElection);
      step_peer(to, Receive{from, *env.msg});
      if (!seen.insert(fingerprint()).second) return;
      continue;
    }
    bool fired = false;
    for (const NodeId id : *ids_) {
      auto& s = *servers_[id.value];
      if (!s.up || s.blocked() || !s.timer_armed(TimerKind::kElectionFinalize)) continue;
      auto& slot = mutable_server(id);
      slot.timers &= uint8_t(~(1u << static_cast<int>(TimerKind::kElectionFinalize)));
      slot.timer_after_ms[static_cast<int>(TimerKind::kElectionFinalize)] = 0;
      step_peer(id, TimerFired{TimerKind::kElectionFinalize});
      fired = true;
      break;
    }
    if (!fired) return;
  }
  ZK_UNREACHABLE("an election did not settle within 10000 steps");
}

void World::actions(std::vector<Action>& out) const {
  out.clear();
  const auto& b = cfg_->budget;
  const bool settle = cfg_->settle_elections;
  for (size_t i = 0; i < network_.size(); ++i) {
    const auto& m = network_[i];
    if (i > 0 && key_of(network_[i - 1]) == key_of(m)) continue;  // only heads
    if (settle && m.kind == Channel::kElection) continue;
    if (deliverable(m.from, m.to, m.kind))
      out.push_back(Action{ActionKind::kDeliver, m.to, m.from, m.kind});
  }
  if (settle && election_pending()) out.push_back(Action{ActionKind::kSettleElection});
  for (const NodeId id : *ids_) {
    const auto& s = *servers_[id.value];
    if (!s.up) continue;
    if (s.blocked()) {
      out.push_back(Action{ActionKind::kFsync, id});
      continue;
    }
    if (!s.peer.log_writer_queue.empty()) out.push_back(Action{ActionKind::kDrainLog, id});
    if (!s.peer.apply_queue.empty()) out.push_back(Action{ActionKind::kApply, id});
    if (!s.layer->prep_queue.empty() && s.peer.is_established_leader())
      out.push_back(Action{ActionKind::kPrep, id});
  }
  client_actions(out);  // deliveries between clients and servers: progress
  // Timers. "A long time passed" is free only when nothing else can happen, and then only for
  // the shortest armed timers (finalizeWait expires long before initLimit). Any other firing
  // means some message, write or shorter timer was slower than this timeout: a delay fault.
  // Heartbeat timers stand for traffic the world does not model, so they are always faults.
  const bool idle = out.empty();  // (a pending settle-election counts as activity)
  uint32_t shortest_ms = UINT32_MAX;
  if (idle)
    for (const NodeId id : *ids_) {
      const auto& s = *servers_[id.value];
      if (!s.up) continue;
      for (int t = 0; t < kTimerKindCount; ++t)
        if (s.timer_armed(static_cast<TimerKind>(t)) && !is_heartbeat(static_cast<TimerKind>(t)))
          shortest_ms = std::min(shortest_ms, s.timer_after_ms[t]);
    }
  for (const NodeId id : *ids_) {
    const auto& s = *servers_[id.value];
    if (!s.up || s.blocked()) continue;
    for (int t = 0; t < kTimerKindCount; ++t) {
      const auto kind = static_cast<TimerKind>(t);
      if (!s.timer_armed(kind)) continue;
      if (settle && kind == TimerKind::kElectionFinalize) continue;  // part of settling
      const bool costs = is_heartbeat(kind) || !idle || s.timer_after_ms[t] != shortest_ms;
      if (costs && used_.timeouts >= b.timeouts) continue;
      Action a{ActionKind::kFire, id};
      a.timer = kind;
      a.costs_timeout = costs;
      out.push_back(a);
    }
  }
  // Clients acting on their scripts, and time passing: the environment's choices.
  for (const auto& c : clients_->slots) {
    const auto& script = (*scripts_)[c.id.value - 1];
    if (c.next >= script.size()) continue;
    const bool connect =
        std::holds_alternative<server::ClientOp>(script[c.next]) &&
        std::holds_alternative<server::ConnectOp>(std::get<server::ClientOp>(script[c.next]));
    // The first step opens a connection; later ones need the session (ZooKeeper's clients send
    // nothing before the connect's reply).
    if (connect ? c.server.has_value() : !c.established) continue;
    Action a{ActionKind::kClientSend};
    a.client = c.id.value;
    if (connect) {
      bool any_up = false;
      for (const NodeId id : *ids_)
        any_up = any_up || servers_[id.value]->up;
      if (!any_up) continue;
    }
    out.push_back(a);
  }
  if (used_.ticks < b.ticks) out.push_back(Action{ActionKind::kTick});
  if (used_.writes < b.writes) {
    for (const NodeId id : *ids_) {
      const auto& s = *servers_[id.value];
      if (s.up && !s.blocked() && s.peer.is_established_leader())
        out.push_back(Action{ActionKind::kClientWrite, id});
    }
  }
  for (const NodeId id : *ids_) {
    const auto& s = *servers_[id.value];
    if (s.up && used_.crashes < b.crashes)
      for (size_t keep = 0; keep <= s.unsynced.size(); ++keep) {
        Action a{ActionKind::kCrash, id};
        a.keep = static_cast<uint8_t>(keep);
        out.push_back(a);
      }
    if (!s.up && !ghost_->refused_restart.contains(id) && used_.restarts < b.restarts)
      out.push_back(Action{ActionKind::kRestart, id});
  }
  const auto& ids = *ids_;
  for (size_t i = 0; i < ids.size(); ++i) {
    for (size_t j = i + 1; j < ids.size(); ++j) {
      const NodeId a = ids[i], c = ids[j];
      if (link_cut(a, c)) {
        out.push_back(Action{ActionKind::kHeal, a, c});
        continue;
      }
      if (used_.partitions < b.partitions) out.push_back(Action{ActionKind::kPartition, a, c});
      if (used_.drops < b.drops && servers_[a.value]->up && servers_[c.value]->up)
        out.push_back(Action{ActionKind::kDrop, a, c});
    }
  }
}

bool World::enabled(const Action& a) const {
  std::vector<Action> all;
  actions(all);
  return std::find(all.begin(), all.end(), a) != all.end();
}

void World::perform(const Action& a) {
  switch (a.kind) {
    case ActionKind::kDeliver: {
      const Envelope* first = head(a.peer, a.node, a.channel);
      ZK_ASSERT(first != nullptr);
      const Envelope env = *first;
      pop(a.peer, a.node, a.channel);
      if (env.msg)
        step_peer(a.node, Receive{a.peer, *env.msg});
      else
        step_peer(a.node, ConnectionLost{a.peer});
      break;
    }
    case ActionKind::kFsync:
      complete_fsync(a.node);
      break;
    case ActionKind::kDrainLog:
      step_peer(a.node, DrainLogWriter{});
      break;
    case ActionKind::kApply:
      step_peer(a.node, DrainApply{});
      break;
    case ActionKind::kFire: {
      if (a.costs_timeout) used_.timeouts += 1;
      auto& slot = mutable_server(a.node);
      slot.timers &= uint8_t(~(1u << static_cast<int>(a.timer)));  // a timer fires once
      slot.timer_after_ms[static_cast<int>(a.timer)] = 0;
      step_peer(a.node, TimerFired{a.timer});
      break;
    }
    case ActionKind::kClientWrite: {
      used_.writes += 1;
      step_peer(a.node, ClientPropose{static_cast<uint64_t>(used_.writes),
                                      fmt::format("w{}", used_.writes)});
      break;
    }
    case ActionKind::kCrash: {
      used_.crashes += 1;
      auto& slot = mutable_server(a.node);
      ZK_ASSERT(a.keep <= slot.unsynced.size());
      for (size_t i = 0; i < a.keep; ++i)
        apply_write(slot.disk, slot.unsynced[i]);
      slot.unsynced.clear();
      slot.held.clear();
      slot.timers = 0;
      slot.timer_after_ms = {};
      slot.peer = PeerState{};
      slot.layer = Cow<server::ServerLayer>{};
      slot.round_votes.clear();
      slot.up = false;
      clear_server_channels(a.node);
      disconnect_clients_of(a.node);
      // The crashed process's sockets are reset: every peer reads the close.
      for (const NodeId other : *ids_)
        if (other != a.node) push(a.node, other, Channel::kQuorum, Envelope{});
      break;
    }
    case ActionKind::kRestart: {
      used_.restarts += 1;
      auto& slot = mutable_server(a.node);
      if (Peer::recovery_error(slot.disk)) {
        mutable_ghost().refused_restart.insert(a.node);  // ZooKeeper would refuse to start
        break;
      }
      boot(a.node);
      break;
    }
    case ActionKind::kPartition:
      used_.partitions += 1;
      cut_[a.node.value].insert(a.peer);
      cut_[a.peer.value].insert(a.node);
      for (const auto kind : {Channel::kElection, Channel::kQuorum}) {
        clear_queue(a.node, a.peer, kind);
        clear_queue(a.peer, a.node, kind);
      }
      // Both ends eventually notice (read timeouts): each reads a close.
      push(a.node, a.peer, Channel::kQuorum, Envelope{});
      push(a.peer, a.node, Channel::kQuorum, Envelope{});
      break;
    case ActionKind::kHeal:
      cut_[a.node.value].erase(a.peer);
      cut_[a.peer.value].erase(a.node);
      break;
    case ActionKind::kSettleElection:
      settle_election();
      break;
    case ActionKind::kClientSend:
      client_send(server::ClientId{a.client});
      break;
    case ActionKind::kClientRecv:
      client_recv(server::ClientId{a.client});
      break;
    case ActionKind::kServerRead:
      server_read(a.node, server::ClientId{a.client});
      break;
    case ActionKind::kPrep:
      step_peer(a.node, server::DrainPrep{});
      break;
    case ActionKind::kTick:
      used_.ticks += 1;
      tick();
      break;
    case ActionKind::kDrop:
      used_.drops += 1;
      close_connection(a.node, a.peer);
      push(a.peer, a.node, Channel::kQuorum, Envelope{});
      break;
  }
  dirty_.for_each([&](NodeId id) { refresh(id); });
  dirty_.clear();
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
  hash_append(h, network_);
  for (const NodeId id : *ids_)
    hash_append(h, cut_[id.value]);
  hash_append(h, used_);
  hash_append(h, *ghost_);
  h.u64(clients_.fingerprint());
  h.u64(now_ms_);
  return h.finish();
}

std::string World::name(const Action& a) const {
  switch (a.kind) {
    case ActionKind::kDeliver: {
      const Envelope* first = head(a.peer, a.node, a.channel);
      std::string what = "connection-closed";
      if (first && first->msg) what = zab::describe(*first->msg);
      return fmt::format("deliver {}->{} {} {}", to_string(a.peer), to_string(a.node),
                         to_string(a.channel), what);
    }
    case ActionKind::kFsync:
      return fmt::format("fsync {}", to_string(a.node));
    case ActionKind::kDrainLog:
      return fmt::format("log-writer {}", to_string(a.node));
    case ActionKind::kApply:
      return fmt::format("apply {}", to_string(a.node));
    case ActionKind::kFire:
      return fmt::format("fire {} {}{}", to_string(a.node), to_string(a.timer),
                         a.costs_timeout ? " delay-fault" : "");
    case ActionKind::kClientWrite:
      return fmt::format("client write {}", to_string(a.node));
    case ActionKind::kCrash:
      return fmt::format("crash {} keep-unsynced={}", to_string(a.node), a.keep);
    case ActionKind::kRestart:
      return fmt::format("restart {}", to_string(a.node));
    case ActionKind::kPartition:
      return fmt::format("partition {} {}", to_string(a.node), to_string(a.peer));
    case ActionKind::kHeal:
      return fmt::format("heal {} {}", to_string(a.node), to_string(a.peer));
    case ActionKind::kDrop:
      return fmt::format("drop-connection {} {}", to_string(a.node), to_string(a.peer));
    case ActionKind::kSettleElection:
      return "settle-election";
    case ActionKind::kClientSend: {
      const auto& c = client(server::ClientId{a.client});
      return fmt::format("client {} sends {}", server::to_string(c.id),
                         check::describe((*scripts_)[a.client - 1][c.next]));
    }
    case ActionKind::kClientRecv: {
      const auto& c = client(server::ClientId{a.client});
      const ClientMsg* m = c.server ? client_head(c.id, *c.server, false) : nullptr;
      std::string what = "connection-closed";
      if (m && m->payload) what = server::describe(std::get<server::ToClient>(*m->payload));
      return fmt::format("deliver {}->{} client {}", to_string(c.server.value_or(NodeId{})),
                         server::to_string(c.id), what);
    }
    case ActionKind::kServerRead: {
      const ClientMsg* m = client_head(server::ClientId{a.client}, a.node, true);
      std::string what = "connection-closed";
      if (m && m->payload) {
        const auto& r = std::get<server::ClientRequest>(*m->payload);
        what = fmt::format("{} cxid={}", server::describe(r.op), r.cxid);
      }
      return fmt::format("deliver {}->{} client {}", server::to_string(server::ClientId{a.client}),
                         to_string(a.node), what);
    }
    case ActionKind::kPrep:
      return fmt::format("prep {}", to_string(a.node));
    case ActionKind::kTick:
      return fmt::format("tick to {} ms", now_ms_ + cfg_->quorum.tick_time_ms / 2);
  }
  return "?";
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
  for (const auto& m : network_)
    out += fmt::format("  {}->{} {}: {}\n", to_string(m.from), to_string(m.to), to_string(m.kind),
                       m.env.msg ? zab::describe(*m.env.msg) : "connection-closed");
  return out;
}

}  // namespace zab::check
