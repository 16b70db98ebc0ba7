// zoo.cfg texts for the quorum tests: an ensemble's fixed keys plus the lines a test cares about.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

#include "checker/quorum/quorum_system.h"
#include "impl/config/zoo_cfg.h"

namespace zab::flexible::testing {

// The keys every ensemble needs, then `lines`.
inline std::string ensemble_cfg(std::string_view lines) {
  return "tickTime=2000\ninitLimit=5\nsyncLimit=2\ndataDir=/var/zk\n" + std::string(lines);
}

// `server.N` lines for participants `from`..`to` (ports from N).
inline std::string participants(int from, int to) {
  std::string out;
  for (int sid = from; sid <= to; ++sid)
    out += "server." + std::to_string(sid) + "=10.0.0." + std::to_string(sid) + ":2888:3888\n";
  return out;
}

inline std::string observer(int sid) {
  return "server." + std::to_string(sid) + "=10.0.0." + std::to_string(sid) +
         ":2888:3888:observer\n";
}

inline QuorumSystem system_of(std::string_view lines, const std::string& file = "zoo.cfg") {
  return quorum_system(config::parse_zoo_cfg(ensemble_cfg(lines), file));
}

inline SidSet ids(std::initializer_list<int> sids) {
  SidSet out;
  for (const int sid : sids)
    out.insert(NodeId{static_cast<uint8_t>(sid)});
  return out;
}

// `set` less the servers of `removed`.
inline SidSet without(SidSet set, SidSet removed) {
  SidSet out;
  set.for_each([&](NodeId sid) {
    if (!removed.contains(sid)) out.insert(sid);
  });
  return out;
}

// The error quorum_system (or the parser) raises for `lines`, or "" when there is none.
inline std::string error_of(std::string_view lines) {
  try {
    system_of(lines);
  } catch (const config::ZooCfgError& e) {
    return e.what();
  }
  return "";
}

}  // namespace zab::flexible::testing
