#include "checker/world/action.h"

#include "impl/core/overloaded.h"

namespace zab::check {

bool is_progress(const Action& a) {
  return std::visit(Overloaded{
                        [](const Deliver&) { return true; },
                        [](const Fsync&) { return true; },
                        [](const DrainLog&) { return true; },
                        [](const Apply&) { return true; },
                        [](const Fire&) { return false; },
                        [](const ClientWrite&) { return false; },
                        [](const Crash&) { return false; },
                        [](const Restart&) { return false; },
                        [](const Partition&) { return false; },
                        [](const Heal&) { return false; },
                        [](const Drop&) { return false; },
                        [](const SettleElection&) { return true; },
                        [](const ClientSend&) { return false; },
                        [](const ClientRecv&) { return true; },
                        [](const ServerRead&) { return true; },
                        [](const Prep&) { return true; },
                        [](const Tick&) { return false; },
                    },
                    a);
}

}  // namespace zab::check
