// search::shortcut and search::shorter_by_bfs on a model with detours: a walker on a line that
// may step forward or back, violating "not-at-the-end" when it reaches the end. Every way there
// is the distance plus its detours, so the shortest trace is known and the tools must find it.
#include "checker/search/shortcut.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "impl/core/hasher.h"
#include "tests/unit/toy_model.h"

namespace zab::search {
namespace {

struct Position {
  int at = 0;
  ZK_FIELDS(at)
};

struct LineModel {
  using State = Position;
  using Action = char;  // '+', '-' or 'j' (from 0 straight to the end, with `jump`)
  struct Sharing {
    void evict_unshared() {}
  };
  int end = 6;
  bool jump = false;

  void actions(const State& s, std::vector<Action>& out) const {
    out.clear();
    if (s.at < end) out.push_back('+');
    if (s.at > 0) out.push_back('-');
    if (jump && s.at == 0) out.push_back('j');
  }
  void perform(State& s, Action x) const { s.at = x == 'j' ? end : s.at + (x == '+' ? 1 : -1); }
  uint64_t fingerprint(const State& s) const { return fingerprint_of(s); }
  bool within_bounds(const State&) const { return true; }
  std::string name(const State&, Action x) const {
    return x == '+' ? "forward" : x == '-' ? "back" : "jump";
  }
  std::optional<Action> parse(const State& s, std::string_view line) const {
    return testing::parse_by_name(*this, s, line);
  }
  std::optional<FaultClass> fault_class(Action) const { return std::nullopt; }
  // The end is forbidden by an invariant, or (`by_transition`) by a transition property on the
  // step that arrives there, which the state alone does not show.
  bool by_transition = false;
  std::optional<Violation> check_invariants(const State& s) const {
    if (!by_transition && s.at == end) return Violation{"not-at-the-end", "reached the end"};
    return std::nullopt;
  }
  std::optional<Violation> check_transition(const State&, Action, const State& after) const {
    if (by_transition && after.at == end) return Violation{"not-at-the-end", "stepped onto it"};
    return std::nullopt;
  }
  size_t goal_count() const { return 0; }
  std::string_view goal_id(size_t) const { return {}; }
  bool goal_reached(size_t, const State&) const { return false; }
  size_t eventually_count() const { return 0; }
  std::string_view eventually_id(size_t) const { return {}; }
  bool eventually_checked(size_t) const { return false; }
  LivenessBits liveness_bits(const State&) const { return {}; }
  std::string eventually_detail(size_t, uint64_t, uint64_t) const { return {}; }
  uint64_t por_bit(Action) const { return 0; }
  uint64_t por_conflicts(Action) const { return 0; }
  bool por_independent(const State&, Action, const State&) const { return false; }
  bool por_supported(const State&) const { return false; }
  void share(State&, Sharing&) const {}
};
static_assert(Model<LineModel>);

std::vector<std::string> lines(std::string_view moves) {
  std::vector<std::string> out;
  for (const char c : moves)
    out.push_back(c == '+' ? "forward" : c == '-' ? "back" : "jump");
  return out;
}

// The trace reaches the end: replayed strictly, it ends at `end`.
bool reaches_end(const LineModel& m, const std::vector<std::string>& trace) {
  Position s;
  for (const auto& line : trace) {
    const auto a = m.parse(s, line);
    if (!a) return false;
    m.perform(s, *a);
  }
  return s.at == m.end;
}

TEST(Shortcut, CutsEveryDetourDownToTheDistance) {
  const LineModel m;
  const auto detours = lines("++-+--+++-++-+++");  // 16 steps to the end at 6
  ASSERT_TRUE(reaches_end(m, detours));
  int asked = 0;
  ShortcutStats stats;
  const auto cut = shortcut(
      m, Position{}, detours,
      [&](const std::vector<std::string>& c) {
        ++asked;
        return reaches_end(m, c);
      },
      ShortcutOptions{}, &stats);
  EXPECT_EQ(cut, lines("++++++"));
  EXPECT_GT(stats.shortcuts, 0);
  EXPECT_EQ(stats.shortcuts, asked);  // every cut offered was a real one here
}

// The last step of a trace may violate a transition property: a shortcut onto that last state
// is still taken. Here it is the only one: the trace never comes back to a state, and the jump
// from the start lands on the last one.
TEST(Shortcut, ReachesALastStateThatATransitionPropertyForbids) {
  LineModel m;
  m.by_transition = true;
  m.jump = true;
  const auto detours = lines("++++++");
  ASSERT_TRUE(reaches_end(m, detours));
  const auto cut = shortcut(
      m, Position{}, detours, [&](const std::vector<std::string>& c) { return reaches_end(m, c); },
      ShortcutOptions{});
  EXPECT_EQ(cut, lines("j"));
}

TEST(Shortcut, KeepsTheTraceWhenTheCallerRefusesEveryCut) {
  const LineModel m;
  const auto detours = lines("+-++-++++");
  ShortcutStats stats;
  const auto kept = shortcut(
      m, Position{}, detours, [](const std::vector<std::string>&) { return false; },
      ShortcutOptions{}, &stats);
  EXPECT_EQ(kept, detours);
  EXPECT_EQ(stats.shortcuts, 0);
  EXPECT_GT(stats.searches, 0);
}

TEST(ShorterByBfs, FindsTheShortestOrSaysThereIsNone) {
  const LineModel m;
  const auto shortest = shorter_by_bfs(m, Position{}, 15, 1000, "not-at-the-end");
  ASSERT_TRUE(shortest);
  EXPECT_EQ(*shortest, lines("++++++"));
  EXPECT_FALSE(shorter_by_bfs(m, Position{}, 6, 1000, "not-at-the-end"));  // 6 is the shortest
  EXPECT_FALSE(shorter_by_bfs(m, Position{}, 15, 1000, "another-property"));
  EXPECT_FALSE(shorter_by_bfs(m, Position{}, 15, 3, "not-at-the-end"));  // cut before the end
}

}  // namespace
}  // namespace zab::search
