// JUnit XML, the format CI systems show as test results: one testsuite, one testcase per
// property, passed / failed (with the finding) / skipped (vacuous: the run never reached a state
// that would make the property's check mean anything).
#pragma once

#include <string>
#include <vector>

#include "counterexamples/trace.h"

namespace zab::cx {

enum class CaseStatus : uint8_t { kPassed, kFailed, kSkipped };

struct TestCase {
  std::string name;       // the property id
  std::string classname;  // e.g. "zabcheck.replay"
  CaseStatus status = CaseStatus::kPassed;
  std::string message;  // failed: the finding; skipped: why it is vacuous
  double time_seconds = 0;
};

struct TestSuite {
  std::string name;
  std::vector<TestCase> cases;
  double time_seconds = 0;
};

std::string junit_xml(const TestSuite& suite);
// Several suites in one document (a profile: one suite per configuration).
std::string junit_xml(const std::vector<TestSuite>& suites);

// Replays the trace checking every safety property (and assertions) on its own: a property
// fails at its first violation; one that holds is skipped as vacuous when no state on the path
// reached any of its sometimes-goals. The suite is named after `trace_name`.
TestSuite junit_for_trace(const Trace& trace, std::string_view trace_name);

}  // namespace zab::cx
