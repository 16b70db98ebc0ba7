// ZooKeeper's server-side watch bookkeeping as a value: DataTree's two WatchManagers (dataWatches
// and childWatches) in one sorted table, with the trigger rules of research/wire.md §1.11.
//
// Watches belong to a client connection in ZooKeeper; here they are registered per session, and
// the server calls remove_session when the connection goes (removeCnxn). They come back only
// through set_watches. Notifications come out in a fixed order: per trigger step ascending by
// session, the steps in DataTree's order — never hash order.
#pragma once

#include <boost/container/small_vector.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "impl/core/errors.h"
#include "impl/core/hasher.h"
#include "impl/core/ids.h"
#include "impl/core/watch_event.h"

namespace zab::sessions {

// WatcherMode, as bits: a session can hold a one-shot and a persistent watch on the same path
// at once, each keeping its own semantics (ZooKeeper 3.9's WatchStats, ZOOKEEPER-4466; 3.8.0
// kept one mode per path and let a later getData(watch) downgrade a persistent watch).
enum class WatcherMode : uint8_t { kStandard = 1, kPersistent = 2, kPersistentRecursive = 4 };

struct WatchEntry {
  std::string path;
  uint64_t session_id = 0;
  uint8_t data_modes = 0;   // WatcherMode bits this session holds on `path` in dataWatches
  uint8_t child_modes = 0;  // ... in childWatches
  ZK_FIELDS(path, session_id, data_modes, child_modes)
  bool operator==(const WatchEntry&) const = default;
};

// One WatcherEvent to send to a session (xid -1, state always SyncConnected).
struct WatchNotification {
  uint64_t session_id = 0;
  EventType type = EventType::kNone;
  std::string path;  // the node that changed (the parent, for NodeChildrenChanged)
  bool operator==(const WatchNotification&) const = default;
};
std::string to_string(const WatchNotification& n);  // "0x1c NodeCreated /a/b"

// What set_watches needs to know of a node that exists now.
struct ZnodeStat {
  Zxid mzxid;  // last setData (or create)
  Zxid pzxid;  // last change to the children list
};
// Looks up a path in the data tree: nullopt when the node does not exist.
using ZnodeLookup = std::function<std::optional<ZnodeStat>(std::string_view path)>;
using PathList = std::span<const std::string>;

// The 4lw `wchs` numbers (WatchManager.getWatchesSummary of dataWatches).
struct WatchesSummary {
  size_t connections = 0;    // sessions holding at least one data watch
  size_t paths = 0;          // paths with at least one data watch
  size_t total_watches = 0;  // (session, path) data watches
  bool operator==(const WatchesSummary&) const = default;
};
// "<n> connections watching <m> paths\nTotal watches:<k>" (WatchManager.toString).
std::string to_string(const WatchesSummary& summary);

// The path shapes ZooKeeper accepts (PathUtils.validatePath): absolute, no empty, "." or ".."
// components, no trailing slash except the root, no control characters.
bool valid_watch_path(std::string_view path);

class WatchManager {
 public:
  // Registration. kBadArguments for session id 0 or a malformed path.
  // getData(watch) on an existing node, exists(watch) on an existing or missing node.
  Code add_data_watch(uint64_t session_id, std::string_view path);
  // getChildren / getChildren2 (watch) on an existing node.
  Code add_child_watch(uint64_t session_id, std::string_view path);
  // addWatch (106): a persistent watch goes in both tables, as DataTree.addWatch does in 3.8.
  Code add_watch(uint64_t session_id, std::string_view path, AddWatchMode mode);

  // The watches a change to `path` fires, appended to `out`; one-shot watches that fired are
  // gone afterwards, persistent ones stay. `type` names the change:
  //   NodeCreated  create P: NodeCreated to P's data watchers, then NodeChildrenChanged to
  //                parent(P)'s child watchers;
  //   NodeDeleted  delete P: NodeDeleted to P's data watchers, then to P's child watchers that
  //                did not just get it (one per session), then NodeChildrenChanged to parent(P)'s;
  //   NodeDataChanged  setData P: to P's data watchers;
  //   NodeChildrenChanged  to P's child watchers only.
  // A recursive watch on P or an ancestor matches every type except NodeChildrenChanged.
  // kBadArguments (and nothing fires) for a malformed path or another event type.
  Code trigger(std::string_view path, EventType type, std::vector<WatchNotification>& out);

  // setWatches / setWatches2 after a reconnect (DataTree.setWatches): each path is checked
  // against the tree now; a change the client missed since `relative_zxid` fires at once
  // (appended to `out`), otherwise the watch is registered again. Persistent ones are always
  // registered again. kBadArguments (and nothing changes) for a bad session, path or lookup.
  Code set_watches(uint64_t session_id, Zxid relative_zxid, PathList data, PathList exist,
                   PathList child, PathList persistent, PathList persistent_recursive,
                   const ZnodeLookup& lookup, std::vector<WatchNotification>& out);

  // removeWatches (18): drops the session's watch on exactly `path` from the table(s) `type`
  // names, whatever its mode. kNoWatcher if there was none.
  Code remove_watches(uint64_t session_id, std::string_view path, WatcherType type);
  // checkWatches (17): kOk if the session has a watch on exactly `path` in those table(s),
  // kNoWatcher otherwise. (3.8.0's containsWatcher also said yes when *another* session watched
  // the path; this answers for the asking session, as 3.9 does.)
  Code check_watches(uint64_t session_id, std::string_view path, WatcherType type) const;
  // removeCnxn: every watch of the session, when its connection closes or it expires.
  void remove_session(uint64_t session_id);

  WatchesSummary summary() const;
  // getWatchCount (mntr zk_watch_count): data watches plus child watches.
  size_t watch_count() const;
  // Ascending by (path, session).
  std::span<const WatchEntry> entries() const { return {entries_.data(), entries_.size()}; }

  ZK_FIELDS(entries_)
  bool operator==(const WatchManager&) const = default;

 private:
  enum class Table : uint8_t { kData, kChild };
  using Entries = boost::container::small_vector<WatchEntry, 2>;
  using Sessions = boost::container::small_vector<uint64_t, 8>;

  static uint8_t& modes(WatchEntry& e, Table table);
  static uint8_t modes(const WatchEntry& e, Table table);
  Code add(Table table, uint64_t session_id, std::string_view path, WatcherMode mode);
  // IWatchManager.triggerWatch on one table: the sessions it fires for, ascending.
  Sessions trigger_table(Table table, std::string_view path, EventType type);
  bool remove_from(Table table, uint64_t session_id, std::string_view path);
  bool contains(Table table, uint64_t session_id, std::string_view path) const;

  // Both tables: one entry per (path, session) with a watch in either, ascending by (path,
  // session); an entry whose two mode sets are empty is removed at once.
  Entries entries_;
};

}  // namespace zab::sessions
