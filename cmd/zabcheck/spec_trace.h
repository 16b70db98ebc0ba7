// A counterexample of the spec as a trace file, in the format of counterexamples/trace.h with one
// more header line, `# model: spec`, which tells `zabcheck replay` to replay it on the spec
// (implementation traces have no such line and replay as before):
//
//   # zabcheck-trace 1
//   # model: spec
//   # property: single-leader-per-epoch
//   # config: {"servers":3,"txns":1,"crashes":1,"restarts":1,"timeouts":1,"max_epoch":2,...}
//   # found-by: bfs depth 19, 71916 distinct states
//   # reproduce: zabcheck replay FILE
//   # reproduce: zabcheck spec --servers 3 ...
//   elect s2
//   ...
//   ----
//   violates single-leader-per-epoch: s2 and s3 both established epoch 1
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "spec/spec.h"

namespace zab::check {

struct SpecTrace {
  spec::SpecConfig config;
  std::string property;
  std::string detail;
  std::string found_by;
  std::vector<std::string> actions;
};

nlohmann::json spec_config_json(const spec::SpecConfig& config);
std::string spec_trace_text(const SpecTrace& trace, const std::string& path,
                            const std::string& reproduce);
// Parses a spec trace; throws std::runtime_error naming the line that is wrong.
SpecTrace parse_spec_trace(const std::string& text);

}  // namespace zab::check
