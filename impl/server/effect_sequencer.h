// The order in which an interpreter performs a server's effects: the part of the contract in
// impl/quorum/effects.h that is the same for every interpreter, written once so that the
// checker's world and the cluster runtime cannot drift apart.
//
//  - Effects run in outbox order.
//  - A Sync while writes are unsynced holds itself and everything after it (of this step and of
//    later steps) until the interpreter reports the fsync done; the interpreter must not step the
//    server meanwhile (`blocked`). A Sync with nothing unsynced completes at once.
//  - SelfAck feeds LocalAck back into the server (AckRequestProcessor on the log writer's
//    thread) and its effects run next, before anything queued after the SelfAck.
//
// The interpreter supplies the rest: `bool has_unsynced()` (writes issued since the last
// completed fsync), `void await_fsync()` (the Sync is now held: start or schedule the fsync),
// `ServerEffects self_ack(Zxid)` (step the server with LocalAck, returning its effects) and
// `void perform(ServerEffect&)` for every other effect.
#pragma once

#include <iterator>
#include <utility>

#include "impl/core/check.h"
#include "impl/server/zk_server.h"

namespace zab::server {

// Effects waiting for an fsync; the first one is that Sync.
using HeldEffects = SmallVec<ServerEffect, 1>;

inline bool is_sync(const ServerEffect& e) {
  const auto* base = std::get_if<Effect>(&e);
  return base && std::holds_alternative<Sync>(*base);
}

template <class Interpreter>
void run_effects(HeldEffects& held, ServerEffects work, Interpreter& interpreter) {
  for (size_t i = 0; i < work.size(); ++i) {
    if (!held.empty()) {
      held.push_back(std::move(work[i]));  // behind an fsync: nothing more happens until it ends
      continue;
    }
    if (const auto* base = std::get_if<Effect>(&work[i])) {
      if (std::holds_alternative<Sync>(*base)) {
        if (!interpreter.has_unsynced()) continue;  // nothing to flush: returns at once
        held.push_back(std::move(work[i]));
        interpreter.await_fsync();
        continue;
      }
      if (const auto* ack = std::get_if<SelfAck>(base)) {
        ServerEffects more = interpreter.self_ack(ack->zxid);
        const auto at = work.begin() + static_cast<std::ptrdiff_t>(i) + 1;
        work.insert(at, std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
        continue;
      }
    }
    interpreter.perform(work[i]);
  }
}

// The held Sync's fsync completed (the interpreter has made every issued write durable): the
// effects behind it run, up to the next Sync that has something to flush.
template <class Interpreter>
void complete_fsync(HeldEffects& held, Interpreter& interpreter) {
  ZK_ASSERT(!held.empty() && is_sync(held.front()));
  ServerEffects rest(std::make_move_iterator(held.begin() + 1),
                     std::make_move_iterator(held.end()));
  held.clear();
  run_effects(held, std::move(rest), interpreter);
}

}  // namespace zab::server
