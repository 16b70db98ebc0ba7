// What `check` writes besides its summary: the counterexample trace (counterexamples/ format),
// a JUnit XML suite with one case per property, and the report of a violation.
#pragma once

#include <string>
#include <vector>

#include "checker/explore/search.h"
#include "checker/world/run_config.h"
#include "counterexamples/junit.h"
#include "counterexamples/trace.h"

namespace zab::check {

// The trace of a violation found by `how` ("bfs", "dfs", "random walk"), with its expected
// verdict and final digest recorded by replaying it.
cx::Trace make_trace(const RunConfig& run, const props::Violation& violation, const World& start,
                     const std::vector<Action>& trace, const std::string& how,
                     const SearchResult& search);

// The JUnit suite of a run, one test case per checked property: failed (the violation and its
// trace), skipped (vacuous: none of its sometimes-goals reached; or `unfinished` says why the run
// stopped before it could vouch for the property) or passed. `command` ("check", "simulate")
// and the run's flags name the suite.
cx::TestSuite junit_suite(const std::string& command, const RunConfig& run,
                          const props::PropertySet& checked,
                          const std::optional<props::Violation>& violation,
                          const std::vector<std::string>& vacuous, const std::string& trace_path,
                          double seconds, const std::string& unfinished = {});
// Writes JUnit XML holding these suites, whole or not at all; throws cx::OutputError.
void write_junit(const std::string& path, const std::vector<cx::TestSuite>& suites);

}  // namespace zab::check
