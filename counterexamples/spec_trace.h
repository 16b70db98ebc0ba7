// A counterexample of the spec as a trace file, in the format of counterexamples/trace.h with one
// more header line, `# model: spec`, which tells `zabcheck replay`, `shrink` and `report` to run
// it on the spec (implementation traces have no such line):
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
//
// Replay is exact, as for implementation traces: the spec is deterministic, each line names one
// enabled action, and the properties are checked after every step.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checker/search/model.h"
#include "counterexamples/replay.h"
#include "spec/spec.h"

namespace zab::cx {

struct SpecTrace {
  spec::SpecConfig config;
  std::string property;
  std::string detail;     // the finding, as the explorer saw it
  std::string found_by;   // "bfs depth 19, 71916 distinct states"
  std::string reproduce;  // the `zabcheck spec ...` command that finds it again
  std::vector<std::string> actions;
};

nlohmann::json spec_config_json(const spec::SpecConfig& config);
// The text form; `file_name` goes into the replay command.
std::string format_spec_trace(const SpecTrace& trace, std::string_view file_name);
// Parses the text form; throws TraceError naming the line that is wrong.
SpecTrace parse_spec_trace(std::string_view text);
// Reads at most kTraceBytesMax bytes; throws TraceError naming the file.
SpecTrace read_spec_trace(const std::filesystem::path& path);
// Whether the file starts like a spec trace (reads its first bytes only: /dev/zero is no trace).
bool is_spec_trace(const std::filesystem::path& path);

struct SpecReplayOptions {
  // Drop the lines whose action is not enabled instead of stopping there (the shrinker's
  // candidates); the lines taken are in SpecReplay::taken.
  bool lenient = false;
  // After every step: its 1-based number, its line, and the state it reached.
  std::function<void(size_t step, const std::string& line, const spec::State& after)> on_step;
};

struct SpecReplay {
  ReplayOutcome outcome = ReplayOutcome::kNotViolated;
  std::optional<search::Violation> violation;  // the first one, of any property checked
  size_t violation_step = 0;                   // 0: the start state; k: after the k-th action
  size_t steps = 0;                            // actions performed
  std::string problem;                         // kInconsistent: the line that is not enabled
  std::vector<std::string> taken;              // the lines performed
  spec::State start;
  spec::State state;  // where the replay stopped

  // Violated, and by the trace's own property.
  bool reproduces(const SpecTrace& trace) const;
};

// Replays up to the first violation of a property the trace's configuration checks.
SpecReplay replay_spec(const SpecTrace& trace, const SpecReplayOptions& options = {});

}  // namespace zab::cx
