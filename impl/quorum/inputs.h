// What goes into a peer: every stimulus a protocol step reacts to. A peer never reads a clock, a
// socket or a file; its interpreter (the checker's world, or the cluster runtime) turns messages
// read, timers that expired and work its stages should do into these inputs. What comes out is in
// effects.h, with the contract every interpreter keeps.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "impl/core/ids.h"
#include "impl/quorum/messages.h"

namespace zab {

// ---- Timers -----------------------------------------------------------------------------------

enum class TimerKind : uint8_t {
  kElectionResend,    // FLE: no notification for notTimeout; resend and back off
  kElectionFinalize,  // FLE: a quorum agrees; finalizeWait passed with no better vote
  kLeaderInit,        // leader: initLimit passed while waiting for a quorum (discovery/sync)
  kLearnerInit,       // learner: initLimit passed while connecting to or syncing with the leader
  kLeaderPing,        // leader: half a tick passed; ping learners and check the synced quorum
  kLearnerSync,       // learner: syncLimit passed without hearing from the leader
};
inline constexpr int kTimerKindCount = 6;
std::string_view to_string(TimerKind timer);
// Heartbeat timers are re-armed by traffic (pings, and every packet a learner reads), so an
// interpreter that does not time messages (the checker's world) fires them only as counted delay
// faults.
constexpr bool is_heartbeat(TimerKind t) {
  return t == TimerKind::kLeaderPing || t == TimerKind::kLearnerSync;
}

// ---- Inputs -----------------------------------------------------------------------------------

struct Receive {
  NodeId from;
  Message msg;
};
// The quorum connection with `peer` broke (socket error, peer crashed, read timeout, or the peer
// closed it). Election connections carry no state, so their loss needs no input.
struct ConnectionLost {
  NodeId peer;
};
struct TimerFired {
  TimerKind timer;
};
// The leader's own log writer has made `zxid` durable (AckRequestProcessor).
struct LocalAck {
  Zxid zxid;
};
// The log writer (SyncRequestProcessor) takes everything queued, appends it and syncs.
struct DrainLogWriter {};
// The apply stage (CommitProcessor + FinalRequestProcessor) applies the oldest committed txn.
struct DrainApply {};
// A client write submitted to this server; only an established leader accepts it.
struct ClientPropose {
  uint64_t request_id = 0;
  std::string payload;
};
// The layer above wants to learn that a quorum still follows this leader (a sync, answered only
// once one has: server/sync.cpp): an established leader pings every forwarding learner now
// rather than at its next half tick.
struct PingLearners {};
using Input = std::variant<Receive, ConnectionLost, TimerFired, LocalAck, DrainLogWriter,
                           DrainApply, ClientPropose, PingLearners>;

}  // namespace zab
