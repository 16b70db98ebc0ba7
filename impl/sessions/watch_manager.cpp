#include "impl/sessions/watch_manager.h"

#include <fmt/format.h>

#include <algorithm>

namespace zab::sessions {
namespace {

constexpr uint8_t bit(WatcherMode mode) {
  return static_cast<uint8_t>(mode);
}
constexpr uint8_t kStandardBit = bit(WatcherMode::kStandard);
constexpr uint8_t kPersistentBit = bit(WatcherMode::kPersistent);
constexpr uint8_t kRecursiveBit = bit(WatcherMode::kPersistentRecursive);

struct ByPath {
  bool operator()(const WatchEntry& e, std::string_view path) const {
    return std::string_view(e.path) < path;
  }
  bool operator()(std::string_view path, const WatchEntry& e) const {
    return path < std::string_view(e.path);
  }
};

struct ByPathAndSession {
  std::string_view path;
  uint64_t session_id;
};
bool operator<(const WatchEntry& e, const ByPathAndSession& key) {
  const auto order = std::string_view(e.path) <=> key.path;
  return order < 0 || (order == 0 && e.session_id < key.session_id);
}

template <class Entries>
auto find_entry(Entries& entries, uint64_t session_id, std::string_view path) {
  auto it = std::lower_bound(entries.begin(), entries.end(), ByPathAndSession{path, session_id});
  const bool found = it != entries.end() && it->path == path && it->session_id == session_id;
  return found ? it : entries.end();
}

// DataTree's parentName: "/a/b" -> "/a", "/a" -> "/".
std::string_view parent_path(std::string_view path) {
  const size_t slash = path.rfind('/');
  return slash == 0 ? std::string_view("/") : path.substr(0, slash);
}

bool all_valid(PathList paths) {
  return std::all_of(paths.begin(), paths.end(),
                     [](const std::string& p) { return valid_watch_path(p); });
}

}  // namespace

std::string to_string(const WatchNotification& n) {
  return fmt::format("0x{:x} {} {}", n.session_id, to_string(n.type), n.path);
}

std::string to_string(const WatchesSummary& summary) {
  return fmt::format("{} connections watching {} paths\nTotal watches:{}", summary.connections,
                     summary.paths, summary.total_watches);
}

bool valid_watch_path(std::string_view path) {
  if (path.empty() || path[0] != '/') return false;
  if (path == "/") return true;
  if (path.back() == '/') return false;
  for (char c : path) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return false;
  }
  size_t start = 1;
  while (start <= path.size()) {
    const size_t end = std::min(path.find('/', start), path.size());
    const std::string_view part = path.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    start = end + 1;
  }
  return true;
}

uint8_t& WatchManager::modes(WatchEntry& e, Table table) {
  return table == Table::kData ? e.data_modes : e.child_modes;
}

uint8_t WatchManager::modes(const WatchEntry& e, Table table) {
  return table == Table::kData ? e.data_modes : e.child_modes;
}

Code WatchManager::add(Table table, uint64_t session_id, std::string_view path, WatcherMode mode) {
  if (session_id == 0 || !valid_watch_path(path)) return Code::kBadArguments;
  auto it = std::lower_bound(entries_.begin(), entries_.end(), ByPathAndSession{path, session_id});
  if (it == entries_.end() || it->path != path || it->session_id != session_id)
    it = entries_.insert(it, WatchEntry{std::string(path), session_id, 0, 0});
  modes(*it, table) |= bit(mode);
  return Code::kOk;
}

Code WatchManager::add_data_watch(uint64_t session_id, std::string_view path) {
  return add(Table::kData, session_id, path, WatcherMode::kStandard);
}

Code WatchManager::add_child_watch(uint64_t session_id, std::string_view path) {
  return add(Table::kChild, session_id, path, WatcherMode::kStandard);
}

Code WatchManager::add_watch(uint64_t session_id, std::string_view path, AddWatchMode mode) {
  const WatcherMode watcher_mode = mode == AddWatchMode::kPersistentRecursive
                                       ? WatcherMode::kPersistentRecursive
                                       : WatcherMode::kPersistent;
  if (const Code code = add(Table::kData, session_id, path, watcher_mode); code != Code::kOk)
    return code;
  return add(Table::kChild, session_id, path, watcher_mode);
}

WatchManager::Sessions WatchManager::trigger_table(Table table, std::string_view path,
                                                   EventType type) {
  // Recursive watches never see NodeChildrenChanged: the NodeCreated / NodeDeleted of the child
  // itself already tells them.
  const bool recursive_fires = type != EventType::kNodeChildrenChanged;
  Sessions fired;
  auto [first, last] = std::equal_range(entries_.begin(), entries_.end(), path, ByPath{});
  for (auto it = first; it != last; ++it) {
    uint8_t& m = modes(*it, table);
    if ((m & (kStandardBit | kPersistentBit)) || ((m & kRecursiveBit) && recursive_fires))
      fired.push_back(it->session_id);
    m &= uint8_t(~kStandardBit);  // one-shot: gone once fired
  }
  entries_.erase(
      std::remove_if(first, last,
                     [](const WatchEntry& e) { return e.data_modes == 0 && e.child_modes == 0; }),
      last);
  // PathParentIterator: ancestors only matter for recursive watches.
  if (recursive_fires) {
    for (std::string_view p = path; p != "/";) {
      p = parent_path(p);
      auto [b, e] = std::equal_range(entries_.begin(), entries_.end(), p, ByPath{});
      for (auto it = b; it != e; ++it)
        if (modes(*it, table) & kRecursiveBit) fired.push_back(it->session_id);
    }
  }
  std::sort(fired.begin(), fired.end());
  fired.erase(std::unique(fired.begin(), fired.end()), fired.end());
  return fired;
}

Code WatchManager::trigger(std::string_view path_in, EventType type,
                           std::vector<WatchNotification>& out) {
  if (!valid_watch_path(path_in)) return Code::kBadArguments;
  // A copy: the caller's view may point into an entry that firing erases.
  const std::string path(path_in);
  const auto emit = [&out](const Sessions& sessions, std::string_view p, EventType t,
                           const Sessions* suppress) {
    for (uint64_t id : sessions)
      if (suppress == nullptr || !std::binary_search(suppress->begin(), suppress->end(), id))
        out.push_back(WatchNotification{id, t, std::string(p)});
  };
  const bool has_parent = path != "/";
  switch (type) {
    case EventType::kNodeCreated:
      emit(trigger_table(Table::kData, path, type), path, type, nullptr);
      if (has_parent) {
        const auto parent = parent_path(path);
        emit(trigger_table(Table::kChild, parent, EventType::kNodeChildrenChanged), parent,
             EventType::kNodeChildrenChanged, nullptr);
      }
      return Code::kOk;
    case EventType::kNodeDeleted: {
      // DataTree.deleteNode: the child watchers' NodeDeleted is suppressed for sessions the data
      // watchers already told, but their one-shot child watches still go.
      const Sessions told = trigger_table(Table::kData, path, type);
      emit(told, path, type, nullptr);
      emit(trigger_table(Table::kChild, path, type), path, type, &told);
      if (has_parent) {
        const auto parent = parent_path(path);
        emit(trigger_table(Table::kChild, parent, EventType::kNodeChildrenChanged), parent,
             EventType::kNodeChildrenChanged, nullptr);
      }
      return Code::kOk;
    }
    case EventType::kNodeDataChanged:
      emit(trigger_table(Table::kData, path, type), path, type, nullptr);
      return Code::kOk;
    case EventType::kNodeChildrenChanged:
      emit(trigger_table(Table::kChild, path, type), path, type, nullptr);
      return Code::kOk;
    case EventType::kNone:
    case EventType::kDataWatchRemoved:
    case EventType::kChildWatchRemoved:
    case EventType::kPersistentWatchRemoved:
      return Code::kBadArguments;
  }
  return Code::kBadArguments;
}

Code WatchManager::set_watches(uint64_t session_id, Zxid relative_zxid, PathList data,
                               PathList exist, PathList child, PathList persistent,
                               PathList persistent_recursive, const ZnodeLookup& lookup,
                               std::vector<WatchNotification>& out) {
  if (session_id == 0 || !lookup) return Code::kBadArguments;
  for (PathList list : {data, exist, child, persistent, persistent_recursive})
    if (!all_valid(list)) return Code::kBadArguments;
  const auto fire = [&](const std::string& path, EventType type) {
    out.push_back(WatchNotification{session_id, type, path});
  };
  for (const auto& path : data) {
    const auto stat = lookup(path);
    if (!stat)
      fire(path, EventType::kNodeDeleted);
    else if (stat->mzxid > relative_zxid)
      fire(path, EventType::kNodeDataChanged);
    else
      add(Table::kData, session_id, path, WatcherMode::kStandard);
  }
  for (const auto& path : exist) {
    if (lookup(path))
      fire(path, EventType::kNodeCreated);
    else
      add(Table::kData, session_id, path, WatcherMode::kStandard);
  }
  for (const auto& path : child) {
    const auto stat = lookup(path);
    if (!stat)
      fire(path, EventType::kNodeDeleted);
    else if (stat->pzxid > relative_zxid)
      fire(path, EventType::kNodeChildrenChanged);
    else
      add(Table::kChild, session_id, path, WatcherMode::kStandard);
  }
  for (const auto& path : persistent)
    add_watch(session_id, path, AddWatchMode::kPersistent);
  for (const auto& path : persistent_recursive)
    add_watch(session_id, path, AddWatchMode::kPersistentRecursive);
  return Code::kOk;
}

bool WatchManager::remove_from(Table table, uint64_t session_id, std::string_view path) {
  auto it = find_entry(entries_, session_id, path);
  if (it == entries_.end() || modes(*it, table) == 0) return false;
  modes(*it, table) = 0;
  if (it->data_modes == 0 && it->child_modes == 0) entries_.erase(it);
  return true;
}

bool WatchManager::contains(Table table, uint64_t session_id, std::string_view path) const {
  auto it = find_entry(entries_, session_id, path);
  return it != entries_.end() && modes(*it, table) != 0;
}

Code WatchManager::remove_watches(uint64_t session_id, std::string_view path, WatcherType type) {
  if (session_id == 0 || !valid_watch_path(path)) return Code::kBadArguments;
  bool removed = false;
  switch (type) {
    case WatcherType::kChildren:
      removed = remove_from(Table::kChild, session_id, path);
      break;
    case WatcherType::kData:
      removed = remove_from(Table::kData, session_id, path);
      break;
    case WatcherType::kAny:
      removed = remove_from(Table::kChild, session_id, path);
      removed = remove_from(Table::kData, session_id, path) || removed;
      break;
  }
  return removed ? Code::kOk : Code::kNoWatcher;
}

Code WatchManager::check_watches(uint64_t session_id, std::string_view path,
                                 WatcherType type) const {
  if (session_id == 0 || !valid_watch_path(path)) return Code::kBadArguments;
  bool found = false;
  switch (type) {
    case WatcherType::kChildren:
      found = contains(Table::kChild, session_id, path);
      break;
    case WatcherType::kData:
      found = contains(Table::kData, session_id, path);
      break;
    case WatcherType::kAny:
      found = contains(Table::kChild, session_id, path) || contains(Table::kData, session_id, path);
      break;
  }
  return found ? Code::kOk : Code::kNoWatcher;
}

void WatchManager::remove_session(uint64_t session_id) {
  entries_.erase(std::remove_if(entries_.begin(), entries_.end(),
                                [&](const WatchEntry& e) { return e.session_id == session_id; }),
                 entries_.end());
}

WatchesSummary WatchManager::summary() const {
  WatchesSummary summary;
  std::vector<uint64_t> sessions;
  std::string_view last_path;
  for (const auto& e : entries_) {
    if (e.data_modes == 0) continue;
    ++summary.total_watches;
    sessions.push_back(e.session_id);
    // Entries are grouped by path, so a new path shows as a change from the previous one.
    if (summary.paths == 0 || e.path != last_path) ++summary.paths;
    last_path = e.path;
  }
  std::sort(sessions.begin(), sessions.end());
  summary.connections = size_t(std::unique(sessions.begin(), sessions.end()) - sessions.begin());
  return summary;
}

size_t WatchManager::watch_count() const {
  size_t count = 0;
  for (const auto& e : entries_)
    count += (e.data_modes != 0) + (e.child_modes != 0);
  return count;
}

}  // namespace zab::sessions
