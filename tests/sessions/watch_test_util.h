// Helpers for the watch manager tests: notifications as short strings.
#pragma once

#include <string>
#include <vector>

#include "impl/sessions/watch_manager.h"

namespace zab::sessions::testing {

inline std::vector<std::string> strings(const std::vector<WatchNotification>& notifications) {
  std::vector<std::string> out;
  for (const auto& n : notifications)
    out.push_back(to_string(n));
  return out;
}

// The notifications one change fires, as "0x<session> <type> <path>" strings.
inline std::vector<std::string> fire(WatchManager& watches, std::string_view path, EventType type) {
  std::vector<WatchNotification> out;
  const Code code = watches.trigger(path, type, out);
  if (code != Code::kOk) return {std::string(code_name(code))};
  return strings(out);
}

using Strings = std::vector<std::string>;

}  // namespace zab::sessions::testing
