// Starting the server layer over a peer that has just recovered from its data directory: the
// same for the checker's world and the cluster runtime.
#pragma once

#include <cstdint>

#include "impl/core/state_machine.h"
#include "impl/server/server_state.h"

namespace zab::server {

// An empty, enabled layer at logical time `now_ms`. Session ids start from
// `session_seed_ms` (ZooKeeper seeds them from the wall clock, SessionTrackerImpl.
// initializeNextSessionId) and also past every id this server handed out that the database
// still holds, since a clock can repeat across a restart.
ServerLayer boot_layer(NodeId self, const StateImage& image, uint64_t now_ms,
                       uint64_t session_seed_ms);

}  // namespace zab::server
