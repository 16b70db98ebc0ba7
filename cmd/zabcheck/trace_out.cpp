#include "cmd/zabcheck/trace_out.h"

#include <fmt/format.h>

#include <algorithm>

#include "counterexamples/junit.h"
#include "counterexamples/output_file.h"
#include "counterexamples/replay.h"

namespace zab::check {

cx::Trace make_trace(const RunConfig& run, const props::Violation& violation, const World& start,
                     const std::vector<Action>& trace, const std::string& how,
                     const SearchResult& search) {
  cx::Trace t;
  t.property = violation.property;
  t.config = run;
  t.found_by = fmt::format("{} depth {}, {} distinct states", how, trace.size(), search.distinct);
  t.actions = name_trace(start, trace);
  cx::record_expected(t);
  return t;
}

cx::TestSuite junit_suite(const std::string& command, const RunConfig& run,
                          const props::PropertySet& checked,
                          const std::optional<props::Violation>& violation,
                          const std::vector<std::string>& vacuous, const std::string& trace_path,
                          double seconds, const std::string& unfinished) {
  cx::TestSuite s;
  s.name = "zabcheck " + command + " " + run.flags();
  s.time_seconds = seconds;
  for (const auto* p : checked.properties()) {
    cx::TestCase c;
    c.name = std::string(p->id);
    c.classname = "zabcheck." + command;
    if (violation && violation->property == p->id) {
      c.status = cx::CaseStatus::kFailed;
      c.message = violation->detail + " (trace: " + trace_path + ")";
    } else if (std::find(vacuous.begin(), vacuous.end(), p->id) != vacuous.end()) {
      c.status = cx::CaseStatus::kSkipped;
      c.message = "none of its sometimes-goals was reached";
    } else if (!unfinished.empty()) {
      c.status = cx::CaseStatus::kSkipped;
      c.message = unfinished;
    }
    s.cases.push_back(std::move(c));
  }
  return s;
}

void write_junit(const std::string& path, const std::vector<cx::TestSuite>& suites) {
  cx::write_file(path, cx::junit_xml(suites));
}

}  // namespace zab::check
