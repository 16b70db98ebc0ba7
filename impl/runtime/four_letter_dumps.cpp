// wchs, wchc, wchp and dump: WatchCommand (DataTree's dataWatches only, as ZooKeeper) and
// DumpCommand. ZooKeeper walks hash maps; these lists come out sorted (sessions and paths
// ascending), which no reader of the text can tell from a hash order.
#include <fmt/format.h>

#include <map>

#include "impl/runtime/four_letter_words.h"
#include "impl/runtime/java_text.h"

namespace zab::runtime {

namespace {

std::string session_hex(uint64_t id) {
  return "0x" + java_hex(static_cast<int64_t>(id));
}

// One ExpiryQueue bucket: its expiry time and its members as printed.
struct ExpirySet {
  int64_t expire_time_ms = 0;
  std::vector<std::string> members;
};

// ExpiryQueue.dump after its owner's prefix: "Sets (n)/(m):" then each bucket's members.
std::string expiry_sets(const std::vector<ExpirySet>& sets) {
  size_t members = 0;
  for (const auto& s : sets)
    members += s.members.size();
  std::string out = fmt::format("Sets ({})/({}):\n", sets.size(), members);
  for (const auto& s : sets) {
    out += fmt::format("{} expire at {}:\n", s.members.size(), java_date_utc(s.expire_time_ms));
    for (const auto& m : s.members)
      out += "\t" + m + "\n";
  }
  return out;
}

}  // namespace

std::string wchs_text(const ServerStatus& status) {
  // WatchManager.toString, then WatchCommand's println.
  return sessions::to_string(status.watches.summary()) + "\n";
}

std::string wchc_text(const ServerStatus& status) {
  std::map<uint64_t, std::vector<std::string_view>> by_session;
  for (const auto& e : status.watches.entries()) {
    if (e.data_modes != 0) by_session[e.session_id].push_back(e.path);
  }
  std::string out;
  for (const auto& [session, paths] : by_session) {
    out += session_hex(session) + "\n";
    for (const auto path : paths)
      out += fmt::format("\t{}\n", path);
  }
  return out + "\n";
}

std::string wchp_text(const ServerStatus& status) {
  // Entries are sorted by (path, session): a path's watchers are adjacent.
  std::string out;
  std::string_view last_path;
  bool first = true;
  for (const auto& e : status.watches.entries()) {
    if (e.data_modes == 0) continue;
    if (first || e.path != last_path) out += e.path + "\n";
    out += "\t" + session_hex(e.session_id) + "\n";
    last_path = e.path;
    first = false;
  }
  return out + "\n";
}

std::string dump_text(const ServerStatus& status) {
  std::string out = "SessionTracker dump:\n";
  const bool tracker = status.mode == ServerMode::kLeader || status.mode == ServerMode::kStandalone;
  if (tracker && status.session_expiry) {
    // SessionTrackerImpl.dumpSessions: "Session " + its ExpiryQueue.
    std::vector<ExpirySet> sets;
    for (const auto& b : *status.session_expiry) {
      ExpirySet& set = sets.emplace_back(ExpirySet{b.expire_time_ms, {}});
      for (const uint64_t id : b.session_ids)
        set.members.push_back(session_hex(id));
    }
    out += "Session " + expiry_sets(sets);
  } else {
    // LearnerSessionTracker.dumpSessions: the global sessions a learner knows, by id (also a
    // leader's when the runtime gave no tracker buckets).
    const auto& sessions = status.database->sessions();
    out += fmt::format("Global Sessions({}):\n", sessions.size());
    for (const auto& [id, timeout_ms] : sessions)
      out += fmt::format("{}\t{}ms\n", session_hex(static_cast<uint64_t>(id)), timeout_ms);
  }
  // DataTree.dumpEphemerals.
  const data::DataTree& tree = status.database->tree();
  const auto owners = tree.ephemeral_owners();
  out += fmt::format("ephemeral nodes dump:\nSessions with Ephemerals ({}):\n", owners.size());
  for (const int64_t owner : owners) {
    out += session_hex(static_cast<uint64_t>(owner)) + ":\n";
    for (const auto& path : tree.ephemerals(owner))
      out += "\t" + path + "\n";
  }
  out += "Connections dump:\n";
  if (status.connection_expiry) {
    // NIOServerCnxnFactory.dumpConnections: "Connections " + its ExpiryQueue of NIOServerCnxn,
    // each printed as "ip: /<address> sessionId: 0x<id>".
    std::vector<ExpirySet> sets;
    for (const auto& b : *status.connection_expiry) {
      ExpirySet& set = sets.emplace_back(ExpirySet{b.expire_time_ms, {}});
      for (const size_t index : b.connections) {
        ZK_ASSERT_MSG(index < status.connections.size(), "connection index out of range");
        const ConnectionStatus& c = status.connections[index];
        set.members.push_back(
            fmt::format("ip: /{} sessionId: {}", c.remote_address, session_hex(c.session_id)));
      }
    }
    out += "Connections " + expiry_sets(sets);
  }
  return out;
}

}  // namespace zab::runtime
