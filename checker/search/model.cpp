#include "checker/search/model.h"

namespace zab::search {

std::string_view to_string(FaultClass fault) {
  switch (fault) {
    case FaultClass::kCrash:
      return "crash";
    case FaultClass::kRestart:
      return "restart";
    case FaultClass::kPartition:
      return "partition";
    case FaultClass::kDrop:
      return "drop";
    case FaultClass::kDelay:
      return "delay";
  }
  return "?";
}

}  // namespace zab::search
