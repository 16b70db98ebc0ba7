#include "cmd/zabcheck/ending.h"

#include <fmt/format.h>

#include "cmd/zabcheck/memory_limit.h"
#include "cmd/zabcheck/numbers.h"

namespace zab::check {

std::string describe(Ending e, uint64_t memory_max_bytes, uint64_t state_max) {
  switch (e) {
    case Ending::kFinished:
      return "";
    case Ending::kStateMax:
      return fmt::format("cut at --state-max {}", with_commas(state_max));
    case Ending::kMemory:
      return fmt::format("stopped at the memory limit ({}; --memory)",
                         format_bytes(memory_max_bytes));
    case Ending::kOutOfMemory:
      return "stopped: out of memory (set a lower --memory)";
    case Ending::kInterrupted:
      return "interrupted";
  }
  return "";
}

}  // namespace zab::check
