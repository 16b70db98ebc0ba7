// path.dot: the trace as a path through the state graph, for Graphviz. A node is a state with
// one summary line per server; an edge is the action taken.
#include <fmt/format.h>

#include "counterexamples/escape.h"
#include "counterexamples/report.h"

namespace zab::cx {

namespace {

std::string state_label(std::string_view title, const std::vector<ServerSummary>& servers) {
  std::string label(title);
  for (const auto& s : servers)
    label += "\n" + short_summary(s);
  return label;
}

}  // namespace

std::string path_dot(const Recording& rec) {
  // The comments are one line each: the replay command's file name is shell-quoted.
  std::string out = fmt::format(
      "// {} — {}\n// {}\ndigraph path {{\n  rankdir=TB;\n"
      "  node [shape=box, fontname=\"monospace\", fontsize=10];\n"
      "  edge [fontname=\"monospace\", fontsize=9];\n",
      rec.trace.property, to_string(rec.result.outcome), replay_command(rec.trace_name));
  out += fmt::format("  s0 [label=\"{}\"];\n", dot_escape(state_label("start", rec.start)));
  const auto& r = rec.result;
  for (const auto& step : rec.steps) {
    const bool bad = r.violation && r.violation_step == step.step;
    std::string title = fmt::format("step {}", step.step);
    if (bad) title += fmt::format("\nVIOLATED {}: {}", r.violation->property, r.violation->detail);
    out += fmt::format("  s{} [label=\"{}\"{}];\n", step.step,
                       dot_escape(state_label(title, step.servers)),
                       bad ? ", color=red, penwidth=2, fontcolor=red" : "");
    out += fmt::format("  s{} -> s{} [label=\"{}\"];\n", step.step - 1, step.step,
                       dot_escape(step.name));
  }
  return out + "}\n";
}

}  // namespace zab::cx
