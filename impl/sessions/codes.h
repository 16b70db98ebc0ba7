// Result codes of the session and watch code: ZooKeeper's KeeperException.Code numbers
// (research/wire.md §1.10), so a server can put them in a ReplyHeader unchanged.
#pragma once

#include <cstdint>
#include <string_view>

namespace zab::sessions {

enum class Code : int32_t {
  kOk = 0,
  // Malformed input: a bad path, a zero timeout, a reserved session id, or a time earlier than
  // one the component has already acted on (time is an input and must not run backwards).
  kBadArguments = -8,
  // The session is unknown, expired or closing. With local sessions off (ZooKeeper's default)
  // the leader answers an unknown session with this, not UnknownSession (LeaderSessionTracker).
  kSessionExpired = -112,
  // The session is owned by another server's connection (it re-attached elsewhere).
  kSessionMoved = -118,
  // removeWatches / checkWatches: the session has no such watch.
  kNoWatcher = -121,
};

std::string_view to_string(Code code);  // "SESSIONEXPIRED", as KeeperException.Code names them

}  // namespace zab::sessions
