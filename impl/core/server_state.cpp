#include "impl/core/server_state.h"

namespace zab {

std::string_view to_string(ServerState state) {
  switch (state) {
    case ServerState::kLooking:
      return "LOOKING";
    case ServerState::kFollowing:
      return "FOLLOWING";
    case ServerState::kLeading:
      return "LEADING";
    case ServerState::kObserving:
      return "OBSERVING";
  }
  return "?";
}

}  // namespace zab
