#include "properties/history.h"

namespace zab::props {

bool serving(const check::ServerSlot& s) { return s.up && s.peer.phase == ZabPhase::kBroadcast; }

std::string history_of(NodeId id, const TxnLog& log) { return to_string(id) + " " + log.describe(); }

}  // namespace zab::props
