// The operator's log: one line per event on stderr, as ZooKeeper's log4j layout has it
// (`2026-12-06 20:30:01,123 [myid:1] - INFO  - message`). Thread-safe; a line is written whole.
#pragma once

#include <fmt/format.h>

#include <string_view>

namespace zab::runtime {

enum class LogLevel { kDebug, kInfo, kWarn, kError };

// Lines below `level` are dropped (zabd's --log-level).
void set_log_level(LogLevel level);
// The `[myid:N]` of every line (0: not yet known).
void set_log_server_id(int sid);
void log_line(LogLevel level, std::string_view message);

template <class... Args>
void log(LogLevel level, fmt::format_string<Args...> format, Args&&... args) {
  log_line(level, fmt::format(format, std::forward<Args>(args)...));
}
template <class... Args>
void log_info(fmt::format_string<Args...> format, Args&&... args) {
  log_line(LogLevel::kInfo, fmt::format(format, std::forward<Args>(args)...));
}
template <class... Args>
void log_warn(fmt::format_string<Args...> format, Args&&... args) {
  log_line(LogLevel::kWarn, fmt::format(format, std::forward<Args>(args)...));
}
template <class... Args>
void log_error(fmt::format_string<Args...> format, Args&&... args) {
  log_line(LogLevel::kError, fmt::format(format, std::forward<Args>(args)...));
}

}  // namespace zab::runtime
