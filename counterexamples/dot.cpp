// path.dot: the trace as a path through the state graph, for Graphviz. A node is a state with
// one summary line per server; an edge is the action taken.
#include <fmt/format.h>

#include "counterexamples/report.h"
#include "counterexamples/step_table.h"

namespace zab::cx {

std::string path_dot(const Recording& rec) {
  // The comments are one line each: the replay command's file name is shell-quoted.
  return dot_path(step_table(rec),
                  {fmt::format("{} — {}", rec.trace.property, to_string(rec.result.outcome)),
                   replay_command(rec.trace_name)},
                  [](size_t, const ServerSummary& s) { return short_summary(s); });
}

}  // namespace zab::cx
