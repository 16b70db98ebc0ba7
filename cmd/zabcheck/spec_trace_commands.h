// `zabcheck replay`, `shrink` and `report` of a spec trace (counterexamples/spec_trace.h): the
// commands dispatch here when the trace's header says "# model: spec". Exit codes as for
// implementation traces: replay 1 when the trace violates its property again, 0 when not, 2 when
// it cannot be used (a malformed header, an action that is not enabled, an unwritable output).
#pragma once

#include <string>

namespace zab::check {

// With `step`, each action and the abstract state after it (to stderr under --json). With a
// `report_dir`, the reports are written there too.
int replay_spec_trace(const std::string& path, bool json, bool step, const std::string& report_dir);
int shrink_spec_trace(const std::string& path, const std::string& out, int replays_max);
int report_spec_trace(const std::string& path, const std::string& dir);

}  // namespace zab::check
