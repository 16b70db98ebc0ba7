#include "checker/cli/trace_out.h"

#include <fstream>

#include <fmt/format.h>

#include "counterexamples/junit.h"
#include "counterexamples/replay.h"

namespace zab::check {

cx::Trace make_trace(const RunConfig& run, const props::Violation& violation,
                     const World& start, const std::vector<Action>& trace, const std::string& how,
                     const SearchResult& search) {
  cx::Trace t;
  t.property = violation.property;
  t.config = run;
  t.found_by = fmt::format("{} depth {}, {} distinct states", how, trace.size(), search.distinct);
  t.actions = name_trace(start, trace);
  cx::record_expected(t);
  return t;
}

void write_junit(const std::string& path, const std::string& suite,
                 const std::vector<PropertyOutcome>& outcomes, double seconds) {
  cx::TestSuite s;
  s.name = suite;
  s.time_seconds = seconds;
  for (const auto& o : outcomes) {
    cx::TestCase c;
    c.name = o.id;
    c.classname = "zabcheck.check";
    c.status = o.violated ? cx::CaseStatus::kFailed
                          : (o.vacuous ? cx::CaseStatus::kSkipped : cx::CaseStatus::kPassed);
    c.message = o.message;
    s.cases.push_back(std::move(c));
  }
  std::ofstream(path) << cx::junit_xml(s);
}

}  // namespace zab::check
