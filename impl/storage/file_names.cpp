#include "impl/storage/file_names.h"

#include <fmt/format.h>

namespace zab::storage {

std::string log_file_name(Zxid first) {
  return fmt::format("{}.{:x}", kLogPrefix, first.value);
}

std::string snapshot_file_name(Zxid last) {
  return fmt::format("{}.{:x}", kSnapshotPrefix, last.value);
}

std::optional<Zxid> zxid_from_name(std::string_view name, std::string_view prefix) {
  if (name.size() <= prefix.size() + 1 || name.substr(0, prefix.size()) != prefix ||
      name[prefix.size()] != '.')
    return std::nullopt;
  std::string_view hex = name.substr(prefix.size() + 1);
  hex = hex.substr(0, hex.find('.'));
  // Long.parseLong(s, 16) takes at most 63 bits.
  if (hex.empty() || hex.size() > 16) return std::nullopt;
  uint64_t value = 0;
  for (const char c : hex) {
    int digit = -1;
    if (c >= '0' && c <= '9') digit = c - '0';
    if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
    if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
    if (digit < 0) return std::nullopt;
    value = value * 16 + static_cast<uint64_t>(digit);
  }
  if (value > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
  return Zxid{value};
}

bool is_compressed_snapshot(std::string_view name) {
  return name.ends_with(".gz") || name.ends_with(".snappy");
}

}  // namespace zab::storage
