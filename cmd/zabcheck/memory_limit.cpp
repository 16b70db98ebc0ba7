#include "cmd/zabcheck/memory_limit.h"

#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>
#include <vector>

namespace zab::check {

namespace {

// cgroups report "no limit" as "max" (v2) or a page-rounded 2^63 (v1).
constexpr uint64_t kNoLimit = uint64_t{1} << 60;

std::optional<uint64_t> read_number(const std::string& path) {
  std::ifstream in(path);
  uint64_t value = 0;
  if (!(in >> value) || value >= kNoLimit) return std::nullopt;
  return value;
}

// The memory limits of this process's cgroups, v2 and v1, at its own path and at the root of the
// mount (inside a container the own path is often the root).
uint64_t cgroup_limit_bytes() {
  std::ifstream in("/proc/self/cgroup");
  std::vector<std::string> candidates = {"/sys/fs/cgroup/memory.max",
                                         "/sys/fs/cgroup/memory/memory.limit_in_bytes"};
  for (std::string line; std::getline(in, line);) {
    const auto colon = line.find(':'), second = line.find(':', colon + 1);
    if (colon == std::string::npos || second == std::string::npos) continue;
    const std::string controllers = line.substr(colon + 1, second - colon - 1);
    const std::string path = line.substr(second + 1);
    if (controllers.empty()) candidates.push_back("/sys/fs/cgroup" + path + "/memory.max");
    if (controllers == "memory")
      candidates.push_back("/sys/fs/cgroup/memory" + path + "/memory.limit_in_bytes");
  }
  uint64_t limit = 0;
  for (const auto& path : candidates)
    if (const auto value = read_number(path)) limit = limit ? std::min(limit, *value) : *value;
  return limit;
}

uint64_t smallest_nonzero(std::initializer_list<uint64_t> values) {
  uint64_t out = 0;
  for (const uint64_t v : values)
    if (v > 0) out = out ? std::min(out, v) : v;
  return out;
}

}  // namespace

MemoryBounds memory_bounds() {
  MemoryBounds b;
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGESIZE);
  if (pages > 0 && page > 0)
    b.ram_bytes = static_cast<uint64_t>(pages) * static_cast<uint64_t>(page);
  b.cgroup_bytes = cgroup_limit_bytes();
  struct rlimit as {};
  if (::getrlimit(RLIMIT_AS, &as) == 0 && as.rlim_cur != RLIM_INFINITY)
    b.address_space_bytes = static_cast<uint64_t>(as.rlim_cur);
  return b;
}

uint64_t usable_memory_bytes(const MemoryBounds& b) {
  return smallest_nonzero({b.ram_bytes, b.cgroup_bytes, b.address_space_bytes});
}

uint64_t default_memory_limit_bytes(const MemoryBounds& b) {
  const uint64_t resident = smallest_nonzero({b.ram_bytes, b.cgroup_bytes});
  return smallest_nonzero({resident / 4 * 3, b.address_space_bytes / 2});
}

SizeParse parse_memory_size(std::string_view text, const MemoryBounds& bounds) {
  const auto bad = [&](std::string_view why) {
    return SizeParse{std::nullopt, fmt::format("--memory '{}': {}", text, why)};
  };
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || !std::isfinite(value) || value < 0)
    return bad("expected a size such as 4G, 512M, 75% or 0 (no limit)");
  std::string unit(end, text.data() + text.size());
  std::transform(unit.begin(), unit.end(), unit.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  double scale = 0;
  if (unit == "%") {
    if (value > 100) return bad("a share above 100%");
    scale = static_cast<double>(usable_memory_bytes(bounds)) / 100;
    if (scale == 0) return bad("the usable memory is unknown here; give a size");
  }
  const std::pair<std::string_view, double> units[] = {
      {"", 1},         {"B", 1},       {"K", 0x1p10},   {"KB", 0x1p10}, {"KIB", 0x1p10},
      {"M", 0x1p20},   {"MB", 0x1p20}, {"MIB", 0x1p20}, {"G", 0x1p30},  {"GB", 0x1p30},
      {"GIB", 0x1p30}, {"T", 0x1p40},  {"TB", 0x1p40},  {"TIB", 0x1p40}};
  for (const auto& [name, factor] : units)
    if (unit == name) scale = factor;
  if (scale == 0) return bad("unknown unit (use K, M, G, T or %)");
  const double bytes = value * scale;
  if (bytes >= 0x1p63) return bad("too large");
  if (bytes > 0 && bytes < 0x1p20) return bad("less than 1 MiB cannot hold a search");
  return SizeParse{static_cast<uint64_t>(bytes), {}};
}

std::string format_bytes(uint64_t bytes) {
  if (bytes >= (uint64_t{1} << 30))
    return fmt::format("{:.1f} GiB", static_cast<double>(bytes) / 0x1p30);
  return fmt::format("{} MiB", bytes >> 20);
}

}  // namespace zab::check
