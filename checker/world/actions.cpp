// What the world can do next: every enabled action, one enabled_<kind> per kind, listed in a
// fixed order (the explorers' keys and counterexamples depend on it; traces do not, since they
// store names).
#include <algorithm>

#include "checker/world/world.h"

namespace zab::check {

namespace {

// The world's scripted clients are c1..c4 (--clients 0..4), so an action names one in a byte,
// which keeps Action at 4 bytes (BFS keeps one per reached state).
uint8_t client_index(server::ClientId id) {
  if (id.value > UINT8_MAX) throw search::CheckerFailure("a client id past 255 in the world");
  return static_cast<uint8_t>(id.value);
}

}  // namespace

void World::actions(std::vector<Action>& out) const {
  out.clear();
  enabled_deliver(out);
  enabled_settle_election(out);
  for (const NodeId id : *ids_) {
    if (!servers_[id.value]->up) continue;
    if (servers_[id.value]->blocked()) {
      enabled_fsync(id, out);  // nothing else happens at a server behind its fsync
      continue;
    }
    enabled_drain_log(id, out);
    enabled_apply(id, out);
    enabled_prep(id, out);
  }
  // Deliveries between clients and servers (progress), in the client network's order.
  const auto& client_net = clients_->net;
  for (size_t i = 0; i < client_net.size(); ++i) {
    if (!clients_->is_head(i)) continue;
    if (client_net[i].to_server)
      enabled_server_read(client_net[i], out);
    else
      enabled_client_recv(client_net[i], out);
  }
  // "A long time passed" is free only when nothing above can happen (a pending settle-election
  // counts as activity).
  enabled_fire(out.empty(), out);
  // Clients acting on their scripts, time passing, raw writes: the environment's choices.
  enabled_client_send(out);
  enabled_tick(out);
  enabled_client_write(out);
  // Faults.
  for (const NodeId id : *ids_) {
    enabled_crash(id, out);
    enabled_restart(id, out);
  }
  const auto& ids = *ids_;
  for (size_t i = 0; i < ids.size(); ++i)
    for (size_t j = i + 1; j < ids.size(); ++j) {
      if (link_cut(ids[i], ids[j])) {
        enabled_heal(ids[i], ids[j], out);
        continue;
      }
      enabled_partition(ids[i], ids[j], out);
      enabled_drop(ids[i], ids[j], out);
    }
}

bool World::deliverable(NodeId from, NodeId to_id, Channel kind) const {
  const auto& to = *servers_[to_id.value];
  if (!to.up || to.blocked()) return false;
  if (kind == Channel::kElection) return true;
  return Peer::reads_quorum_from(to.peer, from);
}

// The head of each server channel its receiver reads now. With settled elections, election
// channels belong to settle-election.
void World::enabled_deliver(std::vector<Action>& out) const {
  const auto& net = network_.in_flight();
  for (size_t i = 0; i < net.size(); ++i) {
    const auto& m = net[i];
    if (!network_.is_head(i)) continue;
    if (cfg_->settle_elections && m.kind == Channel::kElection) continue;
    if (deliverable(m.from, m.to, m.kind)) out.push_back(Deliver{m.to, m.from, m.kind});
  }
}

// Some notification can be delivered, or a LOOKING server waits out finalizeWait.
bool World::election_pending() const {
  for (const auto& m : network_.in_flight())
    if (m.kind == Channel::kElection && deliverable(m.from, m.to, m.kind)) return true;
  for (const NodeId id : *ids_) {
    const auto& s = *servers_[id.value];
    if (s.up && !s.blocked() && s.peer.state == ServerState::kLooking &&
        s.timers.armed(TimerKind::kElectionFinalize))
      return true;
  }
  return false;
}

void World::enabled_settle_election(std::vector<Action>& out) const {
  if (cfg_->settle_elections && election_pending()) out.push_back(SettleElection{});
}

void World::enabled_fsync(NodeId id, std::vector<Action>& out) const {
  if (servers_[id.value]->blocked()) out.push_back(Fsync{id});
}

void World::enabled_drain_log(NodeId id, std::vector<Action>& out) const {
  if (!servers_[id.value]->peer.log_writer_queue.empty()) out.push_back(DrainLog{id});
}

void World::enabled_apply(NodeId id, std::vector<Action>& out) const {
  if (!servers_[id.value]->peer.apply_queue.empty()) out.push_back(Apply{id});
}

void World::enabled_prep(NodeId id, std::vector<Action>& out) const {
  const auto& s = *servers_[id.value];
  if (!s.layer->prep_queue.empty() && s.peer.is_established_leader()) out.push_back(Prep{id});
}

// A request a server reads now (it must be up and not behind its fsync).
void World::enabled_server_read(const ClientMsg& m, std::vector<Action>& out) const {
  const auto& s = *servers_[m.server.value];
  if (s.up && !s.blocked()) out.push_back(ServerRead{m.server, client_index(m.client)});
}

// A reply, watch event or close a client reads (a client always reads).
void World::enabled_client_recv(const ClientMsg& m, std::vector<Action>& out) const {
  out.push_back(ClientRecv{client_index(m.client)});
}

// Timers. "A long time passed" is free only when nothing else can happen (`idle`), and then only
// for the shortest armed timers (finalizeWait expires long before initLimit). Any other firing
// means some message, write or shorter timer was slower than this timeout: a delay fault.
// Heartbeat timers stand for traffic the world does not model, so they are always faults.
void World::enabled_fire(bool idle, std::vector<Action>& out) const {
  uint32_t shortest_ms = UINT32_MAX;
  if (idle)
    for (const NodeId id : *ids_)
      if (servers_[id.value]->up)
        shortest_ms = std::min(shortest_ms, servers_[id.value]->timers.shortest_ms());
  for (const NodeId id : *ids_) {
    const auto& s = *servers_[id.value];
    if (!s.up || s.blocked()) continue;
    s.timers.for_each_armed([&](TimerKind kind) {
      if (cfg_->settle_elections && kind == TimerKind::kElectionFinalize) return;  // settling's
      const bool costs = is_heartbeat(kind) || !idle || s.timers.after(kind) != shortest_ms;
      if (costs && used_.timeouts >= cfg_->budget.timeouts) return;
      out.push_back(Fire{id, kind, costs});
    });
  }
}

// A client's next script step. The first step opens a connection (to a server that is up);
// later ones need the session (ZooKeeper's clients send nothing before the connect's reply).
void World::enabled_client_send(std::vector<Action>& out) const {
  for (const auto& c : clients_->slots) {
    const auto& script = (*scripts_)[c.id.value - 1];
    if (c.next >= script.size()) continue;
    const auto* op = std::get_if<server::ClientOp>(&script[c.next]);
    const bool connect = op && std::holds_alternative<server::ConnectOp>(*op);
    if (connect ? c.server.has_value() : !c.established) continue;
    if (connect &&
        std::none_of(ids_->begin(), ids_->end(), [&](NodeId id) { return servers_[id.value]->up; }))
      continue;
    out.push_back(ClientSend{client_index(c.id)});
  }
}

void World::enabled_tick(std::vector<Action>& out) const {
  if (used_.ticks < cfg_->budget.ticks) out.push_back(Tick{});
}

// Raw writes go to an established leader that is not behind its fsync.
void World::enabled_client_write(std::vector<Action>& out) const {
  if (used_.writes >= cfg_->budget.writes) return;
  for (const NodeId id : *ids_) {
    const auto& s = *servers_[id.value];
    if (s.up && !s.blocked() && s.peer.is_established_leader()) out.push_back(ClientWrite{id});
  }
}

// A crash keeps any prefix of the unsynced writes: one action per prefix length.
void World::enabled_crash(NodeId id, std::vector<Action>& out) const {
  const auto& s = *servers_[id.value];
  if (!s.up || used_.crashes >= cfg_->budget.crashes) return;
  for (size_t keep = 0; keep <= s.unsynced.size(); ++keep)
    out.push_back(Crash{id, static_cast<uint8_t>(keep)});
}

void World::enabled_restart(NodeId id, std::vector<Action>& out) const {
  const auto& s = *servers_[id.value];
  if (!s.up && !ghost_->refused_restart.contains(id) && used_.restarts < cfg_->budget.restarts)
    out.push_back(Restart{id});
}

void World::enabled_heal(NodeId a, NodeId b, std::vector<Action>& out) const {
  if (link_cut(a, b)) out.push_back(Heal{a, b});
}

void World::enabled_partition(NodeId a, NodeId b, std::vector<Action>& out) const {
  if (!link_cut(a, b) && used_.partitions < cfg_->budget.partitions) out.push_back(Partition{a, b});
}

void World::enabled_drop(NodeId a, NodeId b, std::vector<Action>& out) const {
  if (!link_cut(a, b) && used_.drops < cfg_->budget.drops && servers_[a.value]->up &&
      servers_[b.value]->up)
    out.push_back(Drop{a, b});
}

}  // namespace zab::check
