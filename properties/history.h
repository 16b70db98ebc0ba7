// Small queries over servers' histories shared by several properties.
#pragma once

#include <string>

#include "checker/world/world.h"

namespace zab::props {

// Servers that are up and synced with a leader (Zab's broadcast phase): the ones whose applied
// history is the replicated one. A server that is LOOKING may still hold uncommitted txns that
// it replayed from its own log, which synchronisation will truncate.
bool serving(const check::ServerSlot& s);

// "n1 [<1,1> <1,2>]"
std::string history_of(NodeId id, const TxnLog& log);

}  // namespace zab::props
