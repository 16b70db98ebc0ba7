#include "checker/world/scripts.h"

#include <fmt/format.h>

#include "impl/core/overloaded.h"

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
  const std::string mine = fmt::format("/e{}", index);
  const ConnectOp connect{4000};
  if (name == "ephemeral") return {connect, CreateOp{mine, "x", 1}, CloseOp{}};
  if (name == "vanish") return {connect, CreateOp{mine, "x", 1}, VanishOp{}};
  if (name == "watch") {
    if (index == 1)
      return {connect, CreateOp{"/w", "v0", 0}, SetDataOp{"/w", "v1", -1},
              SetDataOp{"/w", "v2", -1}, CloseOp{}};
    return {connect, ExistsOp{"/w", true}, GetDataOp{"/w", true}, CloseOp{}};
  }
  if (name == "pipelined-close")
    return {connect, CloseOp{}, CreateOp{fmt::format("/late{}", index), "x", 1}};
  if (name == "sequential")
    return {connect, CreateOp{"/q-", "x", 2}, CreateOp{"/q-", "x", 2}, CloseOp{}};
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
