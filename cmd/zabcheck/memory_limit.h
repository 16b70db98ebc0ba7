// How much memory a search may use (--memory). By default a share of what this process can
// really have: the smallest of the machine's RAM, its cgroup's memory limit and its address-space
// limit (RLIMIT_AS), so that a search stops with a summary before the kernel or the allocator
// stops it without one.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace zab::check {

struct MemoryBounds {
  uint64_t ram_bytes = 0;            // 0: unknown
  uint64_t cgroup_bytes = 0;         // 0: no limit
  uint64_t address_space_bytes = 0;  // RLIMIT_AS; 0: no limit
};
MemoryBounds memory_bounds();

// The smallest known bound (0 if none is known).
uint64_t usable_memory_bytes(const MemoryBounds& bounds);
// --memory's default: 3/4 of the RAM or cgroup limit, and 1/2 of the address-space limit (which
// counts reserved address space too: thread stacks, allocator arenas), whichever is smaller; 0
// when nothing is known.
uint64_t default_memory_limit_bytes(const MemoryBounds& bounds);

// "4G", "512M", "1.5GiB", "800000000" (bytes), "75%" (of usable_memory_bytes) or "0" (no limit).
// Returns the bytes, or a message saying what is wrong.
struct SizeParse {
  std::optional<uint64_t> bytes;
  std::string problem;
};
SizeParse parse_memory_size(std::string_view text, const MemoryBounds& bounds);

// "3.0 GiB", "512 MiB".
std::string format_bytes(uint64_t bytes);

}  // namespace zab::check
