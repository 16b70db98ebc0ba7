#include <unistd.h>

#include <fstream>

#include "checker/search/search.h"

namespace zab::search {

std::string_view to_string(Cut cut) {
  switch (cut) {
    case Cut::kNone:
      return "";
    case Cut::kStateMax:
      return "state-max";
    case Cut::kStopped:
      return "stopped";
    case Cut::kOutOfMemory:
      return "out-of-memory";
  }
  return "?";
}

uint64_t current_rss_bytes() {
  std::ifstream statm("/proc/self/statm");
  uint64_t size = 0, resident = 0;
  if (!(statm >> size >> resident)) return 0;
  return resident * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
}

}  // namespace zab::search
