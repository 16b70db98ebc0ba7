// What the checker's clients do: a fixed script per client, sent one operation at a time (and
// pipelined: a client does not wait for a reply before its next request, once connected).
#pragma once

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "impl/server/client_protocol.h"

namespace zab::check {

// The client's machine dies: its connection drops without a closeSession, so its session ends
// only by expiring.
struct VanishOp {
  bool operator==(const VanishOp&) const = default;
};
using ScriptStep = std::variant<server::ClientOp, VanishOp>;
using ClientScript = std::vector<ScriptStep>;

struct ScriptInfo {
  std::string_view name;
  std::string_view sentence;
};
const std::vector<ScriptInfo>& client_scripts();
bool known_script(std::string_view name);
// The script of client `index` (1-based) of `count` under the named scenario.
ClientScript script_for(std::string_view name, int index, int count);
std::string describe(const ScriptStep& step);

}  // namespace zab::check
