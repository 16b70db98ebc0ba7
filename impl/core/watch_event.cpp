#include "impl/core/watch_event.h"

namespace zab {

std::optional<EventType> event_type_from_int(int32_t value) {
  if (value == -1 || (value >= 1 && value <= 7)) return static_cast<EventType>(value);
  return std::nullopt;
}

std::optional<KeeperState> keeper_state_from_int(int32_t value) {
  switch (value) {
    case -1:
    case 0:
    case 1:
    case 3:
    case 4:
    case 5:
    case 6:
    case -112:
    case 7:
      return static_cast<KeeperState>(value);
    default:
      return std::nullopt;
  }
}

std::optional<WatcherType> watcher_type_from_int(int32_t value) {
  if (value >= 1 && value <= 3) return static_cast<WatcherType>(value);
  return std::nullopt;
}

std::optional<AddWatchMode> add_watch_mode_from_int(int32_t value) {
  if (value == 0 || value == 1) return static_cast<AddWatchMode>(value);
  return std::nullopt;
}

std::string_view to_string(EventType type) {
  switch (type) {
    case EventType::kNone:
      return "None";
    case EventType::kNodeCreated:
      return "NodeCreated";
    case EventType::kNodeDeleted:
      return "NodeDeleted";
    case EventType::kNodeDataChanged:
      return "NodeDataChanged";
    case EventType::kNodeChildrenChanged:
      return "NodeChildrenChanged";
    case EventType::kDataWatchRemoved:
      return "DataWatchRemoved";
    case EventType::kChildWatchRemoved:
      return "ChildWatchRemoved";
    case EventType::kPersistentWatchRemoved:
      return "PersistentWatchRemoved";
  }
  return "?";
}

std::string_view to_string(KeeperState state) {
  switch (state) {
    case KeeperState::kUnknown:
      return "Unknown";
    case KeeperState::kDisconnected:
      return "Disconnected";
    case KeeperState::kNoSyncConnected:
      return "NoSyncConnected";
    case KeeperState::kSyncConnected:
      return "SyncConnected";
    case KeeperState::kAuthFailed:
      return "AuthFailed";
    case KeeperState::kConnectedReadOnly:
      return "ConnectedReadOnly";
    case KeeperState::kSaslAuthenticated:
      return "SaslAuthenticated";
    case KeeperState::kExpired:
      return "Expired";
    case KeeperState::kClosed:
      return "Closed";
  }
  return "?";
}

std::string_view to_string(WatcherType type) {
  switch (type) {
    case WatcherType::kChildren:
      return "Children";
    case WatcherType::kData:
      return "Data";
    case WatcherType::kAny:
      return "Any";
  }
  return "?";
}

std::string_view to_string(AddWatchMode mode) {
  switch (mode) {
    case AddWatchMode::kPersistent:
      return "PERSISTENT";
    case AddWatchMode::kPersistentRecursive:
      return "PERSISTENT_RECURSIVE";
  }
  return "?";
}

}  // namespace zab
