// The `session-bucket-expiry` property (DESIGN.md) over random schedules of touches and ticks:
// a session never expires before its timeout has passed since it was last heard from, and, with
// the expiry thread on time, always expires by the end of its bucket (timeout + tickTime).
// With the seeded bug kExpiryNoRounding the first half must be falsifiable.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <iostream>
#include <string>

#include "tests/sessions/expiry_schedule.h"

namespace rc {

template <>
struct Arbitrary<zab::sessions::testing::ExpiryStep> {
  static Gen<zab::sessions::testing::ExpiryStep> arbitrary() {
    using zab::sessions::testing::ExpiryStep;
    using Kind = ExpiryStep::Kind;
    // Weighted towards touches and time passing; timeouts around the 2..20 tick clamp.
    return gen::build<ExpiryStep>(
        gen::set(&ExpiryStep::kind, gen::weightedElement<Kind>({{3, Kind::kCreate},
                                                                {6, Kind::kTouch},
                                                                {1, Kind::kRevalidate},
                                                                {1, Kind::kClose},
                                                                {8, Kind::kAdvance},
                                                                {1, Kind::kLeaderChange}})),
        gen::set(&ExpiryStep::value, gen::inRange<int32_t>(-1000, 120000)),
        gen::set(&ExpiryStep::pick, gen::inRange<uint32_t>(0, 16)));
  }
};

template <>
struct Arbitrary<zab::sessions::testing::ExpirySchedule> {
  static Gen<zab::sessions::testing::ExpirySchedule> arbitrary() {
    using zab::sessions::testing::ExpirySchedule;
    return gen::build<ExpirySchedule>(
        gen::set(&ExpirySchedule::tick_time_ms, gen::inRange<uint32_t>(1, 5001)),
        gen::set(&ExpirySchedule::start_ms, gen::inRange<uint64_t>(0, 10'000'000)),
        gen::set(&ExpirySchedule::steps,
                 gen::arbitrary<std::vector<zab::sessions::testing::ExpiryStep>>()));
  }
};

}  // namespace rc

namespace zab::sessions::testing {
namespace {

BugSet no_rounding() {
  BugSet bugs;
  bugs.add(Bug::kExpiryNoRounding);
  return bugs;
}

// Stateright's rule: every `always` has `sometimes` twins, shown in RapidCheck's distribution, so
// that a pass cannot come from schedules in which nothing ever expires.
void classify(const ExpiryRunStats& stats) {
  RC_CLASSIFY(stats.expired > 0, "some session expired");
  RC_CLASSIFY(stats.touched > 0 && stats.expired > 0, "touched and expired");
  RC_CLASSIFY(stats.leader_changes > 0 && stats.expired > 0, "expired after a leader change");
  RC_CLASSIFY(stats.survivors > 0, "a session survived");
}

void never_early_and_by_bucket_end(const ExpirySchedule& schedule, BugSet bugs) {
  ExpiryRunStats stats;
  const auto violation = first_violation(schedule, bugs, Expirer::kOnTime, {}, &stats);
  classify(stats);
  RC_ASSERT(violation == std::nullopt);
}

void never_early_with_a_late_expirer(const ExpirySchedule& schedule, BugSet bugs) {
  ExpiryRunStats stats;
  const auto violation =
      first_violation(schedule, bugs, Expirer::kLate,
                      ExpiryCheck{.never_early = true, .bucket_end = false}, &stats);
  classify(stats);
  RC_ASSERT(violation == std::nullopt);
}

RC_GTEST_PROP(SessionExpiry, NeverEarlyAndNoLaterThanTheEndOfItsBucket,
              (const ExpirySchedule& schedule)) {
  never_early_and_by_bucket_end(schedule, BugSet{});
}

RC_GTEST_PROP(SessionExpiry, NeverEarlyEvenWhenTheExpiryThreadIsLate,
              (const ExpirySchedule& schedule)) {
  never_early_with_a_late_expirer(schedule, BugSet{});
}

// Runs a property the way rc::check does, but with a fixed seed (so that a test expecting a
// counterexample cannot flake) and without RapidCheck's end-of-run "properties had failures"
// banner, which would be misleading for a failure we want. Uses rc::detail, the API rc::check
// itself is built on; the Debian package pins its version.
class SilentListener : public rc::detail::TestListener {
 public:
  void onTestCaseFinished(const rc::detail::CaseDescription&) override {}
  void onShrinkTried(const rc::detail::CaseDescription&, bool) override {}
  void onTestFinished(const rc::detail::TestMetadata&, const rc::detail::TestResult&) override {}
};

template <class Testable>
rc::detail::TestResult check_with_seed(const std::string& description, uint64_t seed,
                                       Testable&& testable) {
  rc::detail::TestParams params;
  params.seed = seed;
  params.maxSuccess = 1000;
  SilentListener listener;
  return rc::detail::checkTestable(std::forward<Testable>(testable),
                                   rc::detail::TestMetadata{description, description}, params,
                                   listener);
}

// The tester of the tester: RapidCheck must find a schedule in which the seeded bug expires a
// session early. Only the never-early half is checked, so that the counterexample is about it.
TEST(SessionExpiry, RapidCheckFindsTheNoRoundingBug) {
  for (uint64_t seed : {1, 2, 3}) {
    const auto result = check_with_seed(
        "never early, with kExpiryNoRounding", seed, [](const ExpirySchedule& schedule) {
          RC_ASSERT(first_violation(schedule, no_rounding(), Expirer::kLate,
                                    ExpiryCheck{.never_early = true, .bucket_end = false}) ==
                    std::nullopt);
        });
    rc::detail::FailureResult failure;
    ASSERT_TRUE(result.match(failure)) << "no early expiry found with seed " << seed;
    std::cout << "seed " << seed << ": counterexample found, as expected:\n";
    rc::detail::printResultMessage(result, std::cout);
    std::cout << "\n";
  }
}

// The same search without the bug finds nothing: the failure above is the bug's doing.
TEST(SessionExpiry, TheSameSearchPassesWithoutTheBug) {
  const auto result = check_with_seed("never early", 1, [](const ExpirySchedule& schedule) {
    RC_ASSERT(first_violation(schedule, BugSet{}, Expirer::kLate,
                              ExpiryCheck{.never_early = true, .bucket_end = false}) ==
              std::nullopt);
  });
  EXPECT_TRUE(result.is<rc::detail::SuccessResult>());
}

// The brief's example as a pinned schedule: tickTime 2000, created at 0 with timeout 4000,
// touched at 3500. Correct rounding expires it at 8000; the bug expires it at 6000.
ExpirySchedule touched_at_3500() {
  using Kind = ExpiryStep::Kind;
  return ExpirySchedule{.tick_time_ms = 2000,
                        .start_ms = 0,
                        .steps = {{Kind::kCreate, 4000, 0},
                                  {Kind::kAdvance, 3500, 0},
                                  {Kind::kTouch, 0, 0},
                                  {Kind::kAdvance, 10000, 0}}};
}

TEST(SessionExpiry, PinnedScheduleHoldsWithRounding) {
  EXPECT_EQ(first_violation(touched_at_3500(), BugSet{}, Expirer::kOnTime), std::nullopt);
}

TEST(SessionExpiry, PinnedScheduleBreaksWithNoRounding) {
  const auto violation = first_violation(touched_at_3500(), no_rounding(), Expirer::kOnTime);
  ASSERT_TRUE(violation.has_value());
  EXPECT_NE(violation->find("expired at 6000 ms, 2500 ms after"), std::string::npos) << *violation;
}

// The bucket-end half can fail too: an expiry thread that wakes 10 s late expires the session
// (created at 0, timeout 4000, bucket 6000) at 16000, long after the end of its bucket.
TEST(SessionExpiry, BucketEndCheckNoticesALateExpiryThread) {
  using Kind = ExpiryStep::Kind;
  const ExpirySchedule schedule{.tick_time_ms = 2000,
                                .start_ms = 0,
                                .steps = {{Kind::kCreate, 4000, 0}, {Kind::kAdvance, 16000, 0}}};
  EXPECT_EQ(first_violation(schedule, BugSet{}, Expirer::kOnTime), std::nullopt);
  const auto violation = first_violation(schedule, BugSet{}, Expirer::kLate);
  ASSERT_TRUE(violation.has_value());
  EXPECT_NE(violation->find("expired at 16000 ms, after the end of its bucket"), std::string::npos)
      << *violation;
}

}  // namespace
}  // namespace zab::sessions::testing
