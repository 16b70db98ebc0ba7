#include "counterexamples/junit.h"

#include <fmt/format.h>

#include <chrono>

#include "counterexamples/escape.h"
#include "counterexamples/replay.h"
#include "properties/property.h"

namespace zab::cx {

namespace {

struct Counts {
  size_t tests = 0;
  int failures = 0, skipped = 0;
  double seconds = 0;
  std::string attributes() const {
    return fmt::format("tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" time=\"{:.6f}\"",
                       tests, failures, skipped, seconds);
  }
};

Counts count(const TestSuite& suite) {
  Counts n;
  n.tests = suite.cases.size();
  n.seconds = suite.time_seconds;
  for (const auto& c : suite.cases) {
    n.failures += c.status == CaseStatus::kFailed;
    n.skipped += c.status == CaseStatus::kSkipped;
  }
  return n;
}

}  // namespace

std::string junit_xml(const TestSuite& suite) {
  return junit_xml(std::vector<TestSuite>{suite});
}

std::string junit_xml(const std::vector<TestSuite>& suites) {
  Counts all;
  for (const auto& suite : suites) {
    const Counts n = count(suite);
    all.tests += n.tests;
    all.failures += n.failures;
    all.skipped += n.skipped;
    all.seconds += n.seconds;
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"zabcheck\" {}>\n", all.attributes());
  for (const auto& suite : suites) {
    out += fmt::format("  <testsuite name=\"{}\" {}>\n", xml_escape(suite.name),
                       count(suite).attributes());
    for (const auto& c : suite.cases) {
      out += fmt::format("    <testcase name=\"{}\" classname=\"{}\" time=\"{:.6f}\"",
                         xml_escape(c.name), xml_escape(c.classname), c.time_seconds);
      switch (c.status) {
        case CaseStatus::kPassed:
          out += "/>\n";
          break;
        case CaseStatus::kFailed:
          out += fmt::format(
              ">\n      <failure message=\"{0}\" type=\"violation\">{0}</failure>\n"
              "    </testcase>\n",
              xml_escape(c.message));
          break;
        case CaseStatus::kSkipped:
          out += fmt::format(">\n      <skipped message=\"{}\"/>\n    </testcase>\n",
                             xml_escape(c.message));
          break;
      }
    }
    out += "  </testsuite>\n";
  }
  return out + "</testsuites>\n";
}

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// One property followed along the path on its own.
struct Tracked {
  const props::Property* property;
  std::optional<std::string> finding;
  size_t step = 0;
  bool witnessed = false;
  double seconds = 0;
};

void observe(std::vector<Tracked>& tracked, const check::World* before, const check::Action* action,
             const check::World& after, size_t step) {
  for (auto& t : tracked) {
    const auto start = Clock::now();
    if (!t.finding) {
      if (auto f = t.property->check(before, action, after)) {
        t.finding = std::move(f);
        t.step = step;
      }
    }
    for (const auto goal : t.property->witnesses) {
      if (t.witnessed) break;
      const auto* sometimes = props::find_sometimes(goal);
      t.witnessed = sometimes && sometimes->reached(after);
    }
    if (t.property->witnesses.empty()) t.witnessed = true;
    t.seconds += seconds_since(start);
  }
}

TestCase to_case(const Tracked& t) {
  TestCase c{std::string(t.property->id), "zabcheck.replay", CaseStatus::kPassed, {}, t.seconds};
  if (t.finding) {
    c.status = CaseStatus::kFailed;
    c.message = fmt::format("step {}: {}", t.step, *t.finding);
  } else if (!t.witnessed) {
    std::string goals;
    for (const auto g : t.property->witnesses)
      goals += (goals.empty() ? "" : ", ") + std::string(g);
    c.status = CaseStatus::kSkipped;
    c.message = fmt::format("vacuous: no state on this path reached {}", goals);
  }
  return c;
}

}  // namespace

TestSuite junit_for_trace(const Trace& trace, std::string_view trace_name) {
  const auto start = Clock::now();
  std::vector<Tracked> tracked;
  const props::PropertySet safety = props::PropertySet::all_safety();
  for (const auto* p : safety.properties())
    tracked.push_back(Tracked{p, std::nullopt, 0, false, 0});
  ReplayOptions options;
  options.on_start = [&](const check::World& w) { observe(tracked, nullptr, nullptr, w, 0); };
  options.on_step = [&](const StepEvent& e) {
    observe(tracked, &e.before, &e.action, e.after, e.step);
  };
  const ReplayResult result = replay(trace, options);

  TestSuite suite{std::string(trace_name), {}, 0};
  for (const auto& t : tracked)
    suite.cases.push_back(to_case(t));
  TestCase assertion{std::string(kAssertionProperty), "zabcheck.replay"};
  if (result.violation && result.violation->property == kAssertionProperty) {
    assertion.status = CaseStatus::kFailed;
    assertion.message = fmt::format("step {}: {}", result.violation_step, result.violation->detail);
  }
  suite.cases.push_back(assertion);
  if (result.outcome == ReplayOutcome::kInconsistent)
    suite.cases.push_back(
        TestCase{"replay", "zabcheck.replay", CaseStatus::kFailed, result.problem, 0});
  suite.time_seconds = seconds_since(start);
  return suite;
}

}  // namespace zab::cx
