// QuorumPeer.ServerState: the role a server plays. One enum for the protocol core and the wire
// (the election sends it as its ordinal, so the values are ZooKeeper's).
#pragma once

#include <cstdint>
#include <string_view>

namespace zab {

enum class ServerState : uint8_t { kLooking = 0, kFollowing = 1, kLeading = 2, kObserving = 3 };

// "LOOKING", "FOLLOWING", "LEADING", "OBSERVING" (as ZooKeeper logs them).
std::string_view to_string(ServerState state);

}  // namespace zab
