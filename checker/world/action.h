// One event the world can take: small values (a kind and a few indices), so that a frontier can
// hold them cheaply. Each has one canonical name, which is also the line a trace stores:
// actions are matched by name on replay, so traces survive refactors that reorder actions.
#pragma once

#include <cstdint>
#include <string>

#include "impl/core/ids.h"
#include "impl/quorum/inputs.h"
#include "impl/quorum/messages.h"

namespace zab::check {

enum class ActionKind : uint8_t {
  kDeliver,         // deliver the head of channel from->to of `channel`
  kFsync,           // the pending fsync of `node` completes
  kDrainLog,        // `node`'s log writer appends and syncs what is queued
  kApply,           // `node`'s apply stage applies the oldest committed txn
  kFire,            // timer `timer` of `node` fires
  kClientWrite,     // a client submits a write to `node`
  kCrash,           // `node` crashes, keeping `keep` of its unsynced writes
  kRestart,         // `node` restarts from its data directory
  kPartition,       // cut the link between `node` and `peer`
  kHeal,            // restore the link between `node` and `peer`
  kDrop,            // break the quorum connection between `node` and `peer`
  kSettleElection,  // run every pending FLE exchange to its end in one canonical order
  kClientSend,      // client `client` sends its next scripted request (or vanishes)
  kClientRecv,      // client `client` reads the head of what its server sent it
  kServerRead,      // server `node` reads the head of what client `client` sent it
  kPrep,            // `node`'s PrepRequestProcessor takes its oldest queued request
  kTick,            // logical time advances by tickTime on every server
};

struct Action {
  ActionKind kind = ActionKind::kDeliver;
  NodeId node;  // the acting or receiving server
  NodeId peer;  // deliver: the sender; partition/heal/drop: the other end
  Channel channel = Channel::kElection;
  TimerKind timer = TimerKind::kElectionResend;
  uint8_t keep = 0;            // crash: how many unsynced writes survive
  bool costs_timeout = false;  // fire: counted as a delay fault (not quiescent, or heartbeat)
  uint8_t client = 0;          // client actions: the client id
  bool operator==(const Action&) const = default;
};

// Fault actions spend a budget and are what a liveness check waits out.
bool is_fault(const Action& a);

}  // namespace zab::check
