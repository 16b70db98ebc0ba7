// The checker finds every seeded bug on the smallest configuration that exposes it (the table of
// checker/world/seeded_bugs.cpp), and the same configuration without the bug passes and
// exercises the property the bug breaks. These are the tests of the tester.
#include "checker/world/seeded_bugs.h"

#include <algorithm>
#include <set>

#include "tests/checker/checker_util.h"

namespace zab::check {
// GoogleTest prints a parameter with this (found by ADL), instead of its raw bytes.
void PrintTo(const SeededBug& bug, std::ostream* os) {
  *os << bug.id;
}
}  // namespace zab::check

namespace zab::check::testing {
namespace {

std::string test_name(std::string_view id) {
  std::string name(id);
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

class SeededBugTest : public ::testing::TestWithParam<SeededBug> {};

TEST_P(SeededBugTest, IsFoundAndTheFixedCodePassesNonVacuously) {
  const SeededBug& c = GetParam();
  RunConfig buggy = c.smallest;
  buggy.bugs = {std::string(c.id)};
  // A bug only an opt-in property sees (spec-conformance) is searched with that property named.
  const auto* property = props::find_property(c.property);
  ASSERT_NE(property, nullptr) << c.property;
  std::vector<std::string> named;
  if (property->opt_in) named.emplace_back(c.property);
  const auto found = explore(buggy, 2, named);
  ASSERT_TRUE(found.result.violation)
      << c.id << " not found in " << found.result.distinct << " states";
  EXPECT_NE(std::find(found.all_violated.begin(), found.all_violated.end(), c.property),
            found.all_violated.end())
      << c.id << " violated " << found.result.violation->property << ": "
      << found.result.violation->detail;
  const auto fixed = explore(c.smallest, 2, named);
  EXPECT_FALSE(fixed.result.violation)
      << "without " << c.id << ": " << fixed.result.violation->property << ": "
      << fixed.result.violation->detail;
  // The fixed run must have checked the property for real: it reached one of its
  // sometimes-goals, so "no violation" is not vacuous.
  const auto vacuous =
      props::PropertySet::named({std::string(c.property)}).vacuous(fixed.result.reached);
  EXPECT_TRUE(vacuous.empty()) << "without " << c.id << ", " << c.property
                               << " was never exercised (" << fixed.result.distinct << " states)";
}

INSTANTIATE_TEST_SUITE_P(Bugs, SeededBugTest, ::testing::ValuesIn(seeded_bugs()),
                         [](const auto& info) { return test_name(info.param.id); });

TEST(SeededBugs, TheTableIsConsistent) {
  std::set<std::string_view> ids;
  std::set<Bug> switches;
  for (const auto& b : seeded_bugs()) {
    EXPECT_TRUE(ids.insert(b.id).second) << b.id << " twice";
    EXPECT_TRUE(switches.insert(b.bug).second) << b.id << ": its switch has two rows";
    EXPECT_EQ(find_seeded_bug(b.id), &b);
    EXPECT_FALSE(b.smallest.validate().has_value()) << b.id << ": " << *b.smallest.validate();
    EXPECT_TRUE(b.smallest.bugs.empty()) << b.id << ": the configuration is without the bug";
    const auto* p = props::find_property(b.property);
    ASSERT_NE(p, nullptr) << b.id << ": unknown property " << b.property;
    EXPECT_NE(p->kind, props::PropertyKind::kLiveness) << b.id;
    EXPECT_TRUE(b.jira.empty() || b.jira.starts_with("ZOOKEEPER-")) << b.id;
  }
  EXPECT_EQ(find_seeded_bug("zk-0000"), nullptr);
}

}  // namespace
}  // namespace zab::check::testing
