#include "checker/world/scripts.h"

#include <fmt/format.h>

#include "impl/core/overloaded.h"
#include "impl/server/client_ops.h"

namespace zab::check {

using namespace zab::server;

const std::vector<ScriptInfo>& client_scripts() {
  static const std::vector<ScriptInfo> scripts = {
      {"ephemeral", "each client connects, creates ephemeral /e<i>, and closes its session"},
      {"vanish",
       "each client connects, creates ephemeral /e<i>, and vanishes: its session must expire "
       "and take the ephemeral with it"},
      {"watch",
       "c1 creates /w and sets it twice; the others read /w with a watch, twice (watches must "
       "fire once, before the change is readable)"},
      {"pipelined-close",
       "each client connects, closes its session and, pipelined behind the close, creates "
       "ephemeral /late<i> (ZOOKEEPER-1208)"},
      {"sequential", "each client connects and creates two sequential nodes under /"},
      {"sync-read",
       "c1 creates /a, then syncs and reads it; every other client connects, syncs and reads /a "
       "(a read after sync must see every write acknowledged before the sync was sent)"},
  };
  return scripts;
}

bool known_script(std::string_view name) {
  for (const auto& s : client_scripts())
    if (s.name == name) return true;
  return false;
}

ClientScript script_for(std::string_view name, int index, int count) {
  (void)count;
  using namespace server::ops;
  const std::string mine = fmt::format("/e{}", index);
  const ClientOp session = connect(4000);
  if (name == "ephemeral") return {session, create(mine, "x", 1), close_session()};
  if (name == "vanish") return {session, create(mine, "x", 1), VanishOp{}};
  if (name == "watch") {
    if (index == 1)
      return {session, create("/w", "v0", 0), set_data("/w", "v1", -1), set_data("/w", "v2", -1),
              close_session()};
    return {session, exists("/w", true), get_data("/w", true), close_session()};
  }
  if (name == "pipelined-close")
    return {session, close_session(), create(fmt::format("/late{}", index), "x", 1)};
  if (name == "sequential")
    return {session, create("/q-", "x", 2), create("/q-", "x", 2), close_session()};
  if (name == "sync-read") {
    if (index == 1) return {session, create("/a", "v", 0), sync("/"), get_data("/a", false)};
    return {session, sync("/"), get_data("/a", false)};
  }
  return {};
}

std::string describe(const ScriptStep& step) {
  return std::visit(Overloaded{
                        [](const ClientOp& op) { return server::describe(op); },
                        [](const VanishOp&) { return std::string("vanish"); },
                    },
                    step);
}

}  // namespace zab::check
