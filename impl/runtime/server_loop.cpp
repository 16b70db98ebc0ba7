#include "impl/runtime/server_loop.h"

#include "impl/core/check.h"
#include "impl/core/overloaded.h"
#include "impl/quorum/peer.h"
#include "impl/server/boot.h"

namespace zab::runtime {

Role role_of(const PeerState& peer) {
  return Role{peer.state, peer.phase};
}

// The effect sequencer's view of the loop: primitive effects go to the sinks.
struct ServerLoop::Interpreter {
  ServerLoop& loop;

  bool has_unsynced() const { return loop.unsynced_; }
  void await_fsync() { loop.sinks_.disk.sync(); }
  server::ServerEffects self_ack(Zxid zxid) { return loop.step_collect(Input{LocalAck{zxid}}); }

  void perform(server::ServerEffect& effect) {
    auto& s = loop.sinks_;
    std::visit(Overloaded{
                   [&](Effect& e) {
                     std::visit(Overloaded{
                                    [&](Send& m) { s.peers.send(m.to, m.msg); },
                                    [&](CloseConnection& m) { s.peers.close(m.peer); },
                                    [&](SetTimer& m) {
                                      const uint64_t generation = loop.next_generation_++;
                                      loop.timer_generation_[static_cast<int>(m.timer)] =
                                          generation;
                                      s.timers.arm(m.timer, m.after_ms, generation);
                                    },
                                    [&](CancelTimer& m) {
                                      loop.timer_generation_[static_cast<int>(m.timer)] = 0;
                                      s.timers.cancel(m.timer);
                                    },
                                    [&](Persist& m) {
                                      loop.unsynced_ = true;
                                      s.disk.write(m.write);
                                    },
                                    // The sequencer handles these two.
                                    [&](Sync&) { ZK_UNREACHABLE("Sync reached perform"); },
                                    [&](SelfAck&) { ZK_UNREACHABLE("SelfAck reached perform"); },
                                    // The server layer has consumed these; each applied txn
                                    // also feeds the digest log.
                                    [&](Delivered& d) { loop.log_digest(d); },
                                    [&](ClientReply&) {},
                                },
                                e);
                   },
                   [&](server::SendToClient& e) { s.clients.send(e.client, e.msg); },
                   [&](server::CloseClient& e) { s.clients.close(e.client); },
                   [&](server::SessionExpired& e) {
                     if (loop.events_.session_expired) loop.events_.session_expired(e);
                   },
                   [&](server::DigestMismatch& e) {
                     if (loop.events_.digest_mismatch) loop.events_.digest_mismatch(e);
                   },
               },
               effect);
  }
};

ServerLoop::ServerLoop(const QuorumConfig& cfg, NodeId self, const DurableState& disk, Sinks sinks,
                       uint64_t now_ms, uint64_t wall_clock_ms, LoopEvents events,
                       server::ServerConfig server_config)
    : cfg_(cfg),
      server_config_(std::move(server_config)),
      sinks_(sinks),
      events_(std::move(events)) {
  Outbox out;
  peer_ = Peer::recover(cfg_, self, disk, out);
  layer_ = server::boot_layer(self, *peer_.image, now_ms, wall_clock_ms);
  if (events_.role_changed) events_.role_changed(Role{}, peer_);
  server::ServerEffects effects;
  for (auto& e : out.effects())
    effects.emplace_back(std::move(e));
  run(std::move(effects));
  pump();
}

void ServerLoop::submit(server::ServerInput input) {
  inputs_.emplace_back(std::move(input));
  pump();
}

void ServerLoop::timer_expired(TimerKind kind, uint64_t generation) {
  inputs_.emplace_back(Expiry{kind, generation});
  pump();
}

void ServerLoop::fsync_done() {
  ZK_ASSERT_MSG(blocked(), "an fsync completed while no Sync was held");
  unsynced_ = false;
  Interpreter interpreter{*this};
  server::complete_fsync(held_, interpreter);
  pump();
}

// Inputs first, in arrival order; then the stages, the log writer last so that it takes every
// proposal the inputs and the other stages produced in one append-and-sync.
void ServerLoop::pump() {
  if (pumping_) return;  // a sink called back into the loop: the running pump continues
  pumping_ = true;
  while (!blocked()) {
    if (!inputs_.empty()) {
      Queued next = std::move(inputs_.front());
      inputs_.pop_front();
      std::visit(Overloaded{
                     [&](server::ServerInput& input) { step(input); },
                     [&](Expiry& e) {
                       auto& armed = timer_generation_[static_cast<int>(e.kind)];
                       if (armed != e.generation) return;  // re-armed or cancelled since
                       armed = 0;                          // a timer fires once per arming
                       step(Input{TimerFired{e.kind}});
                     },
                 },
                 next);
      continue;
    }
    if (!drain_one_stage()) break;
  }
  pumping_ = false;
}

bool ServerLoop::drain_one_stage() {
  if (!layer_.prep_queue.empty() && peer_.is_established_leader()) {
    step(server::DrainPrep{});
    return true;
  }
  if (!peer_.apply_queue.empty()) {
    step(Input{DrainApply{}});
    return true;
  }
  if (!peer_.log_writer_queue.empty()) {
    step(Input{DrainLogWriter{}});
    return true;
  }
  return false;
}

void ServerLoop::log_digest(const Delivered& delivered) {
  if (!server_config_.digest_enabled || delivered.txn->zxid().value % kDigestLogInterval != 0)
    return;
  // Applying again costs one txn in 128; the tree keeps its digest as it goes.
  const auto after = delivered.before->apply(*delivered.txn);
  const auto* db = dynamic_cast<const data::ZkDatabase*>(after.get());
  if (!db) return;
  digest_log_.push_back(data::ZxidDigest{delivered.txn->zxid(), data::kDigestVersion,
                                         static_cast<int64_t>(db->tree().zk_digest())});
  if (digest_log_.size() > kDigestLogLimit) digest_log_.pop_front();
}

server::ServerEffects ServerLoop::step_collect(const server::ServerInput& input) {
  const Role before = role_of(peer_);
  server::ServerEffects out;
  server::ZkServer(cfg_, peer_, layer_, out, server_config_).step(input);
  if (events_.role_changed && !(role_of(peer_) == before)) events_.role_changed(before, peer_);
  return out;
}

void ServerLoop::step(const server::ServerInput& input) {
  ZK_ASSERT_MSG(!blocked(), "a server stepped while an fsync is pending");
  run(step_collect(input));
}

void ServerLoop::run(server::ServerEffects effects) {
  Interpreter interpreter{*this};
  server::run_effects(held_, std::move(effects), interpreter);
}

}  // namespace zab::runtime
