// The Z3 encoding of the spec (spec/smt) against the spec itself, on every state of seeded random
// walks of the concrete spec, for the bug-free spec and every seeded mutation: the state codec
// round-trips, every instance's guard is the spec's enabledness, every enabled instance's
// successor is the spec's, every property's term is the spec's verdict, and every pair of
// instances the reduction calls independent commutes. Then bounded model checking against BFS:
// the same verdict at each depth, and a violation at the depth BFS finds it.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <random>
#include <stdexcept>

#include "checker/search/bfs.h"
#include "spec/smt/bmc.h"
#include "spec/smt/independence.h"
#include "spec/smt/terms.h"
#include "spec/smt/transition.h"

namespace zab::spec::smt {
namespace {

SpecConfig config(SpecBug bug, int txns = 2) {
  SpecConfig cfg;
  cfg.txns = txns;
  cfg.bug = bug;
  return cfg;
}

bool has(const std::vector<Action>& v, const Action& a) {
  return std::find(v.begin(), v.end(), a) != v.end();
}

// The states of `walks` seeded random walks of up to `steps` steps (a walk ends where the spec
// stops expanding: a state past the bounds, or one with nothing enabled).
std::vector<State> walk_states(const SpecModel& m, int walks, int steps) {
  std::mt19937 rng(7);
  std::vector<State> out;
  std::vector<Action> enabled;
  for (int w = 0; w < walks; ++w) {
    State s = m.start();
    out.push_back(s);
    for (int t = 0; t < steps && m.within_bounds(s); ++t) {
      m.actions(s, enabled);
      if (enabled.empty()) break;
      m.perform(s, enabled[std::uniform_int_distribution<size_t>(0, enabled.size() - 1)(rng)]);
      out.push_back(s);
    }
  }
  return out;
}

bool violates(const SpecModel& m, const State& s) {
  return m.check_invariants(s).has_value();
}

class Encoding : public ::testing::TestWithParam<SpecBug> {
 protected:
  SpecConfig cfg = config(GetParam());
  SpecModel model{cfg};
  z3::context ctx;
  SymbolicSpec sym{ctx, cfg};
  z3::model none{ctx};  // evaluates terms with no free constant

  bool truth(const z3::expr& e) { return none.eval(e, true).is_true(); }
  State concrete(const SymState& s) { return from_model(sym.shape(), none, s); }
};

TEST_P(Encoding, GuardsSuccessorsAndVerdictsAreTheSpecs) {
  std::vector<Action> enabled;
  size_t compared = 0;
  for (const State& s : walk_states(model, 10, 40)) {
    const SymState t = to_terms(ctx, sym.shape(), s);
    ASSERT_EQ(concrete(t), s) << model.describe(s);
    model.actions(s, enabled);
    for (size_t i = 0; i < sym.instances().size(); ++i) {
      const Action& a = sym.instances()[i];
      const bool on = has(enabled, a);
      ASSERT_EQ(truth(sym.enabled(t, a)), on) << model.name(s, a) << " in\n" << model.describe(s);
      if (!on) continue;
      State after = s;
      model.perform(after, a);
      const SymState next = sym.perform(t, a);
      ASSERT_EQ(concrete(next), after) << model.name(s, a) << " from\n" << model.describe(s);
      const bool integrity = model.check_transition(s, a, after).has_value();
      ASSERT_EQ(truth(sym.integrity_broken(t, byte(ctx, i), next)), integrity) << model.name(s, a);
      // The merged step with this choice is the instance's own successor (checked for one
      // instance per state: a merged step is a term over every instance, slow to evaluate).
      if (enabled.front() == a) {
        z3::expr_vector constraints(ctx);
        const SymState stepped = sym.step(t, byte(ctx, i), constraints);
        ASSERT_TRUE(truth(z3::mk_and(constraints))) << model.name(s, a);
        ASSERT_EQ(concrete(stepped), after) << model.name(s, a);
      }
      ++compared;
    }
    for (const std::string_view id : SpecModel::property_ids()) {
      SpecConfig one = cfg;
      one.properties = {std::string(id)};
      ASSERT_EQ(truth(sym.broken(id, t)), SpecModel(one).check_invariants(s).has_value())
          << id << " in\n"
          << model.describe(s);
    }
  }
  EXPECT_GT(compared, 300u);
}

// What the reduction relies on: an independent pair taken one way round can be taken the other
// way round from the same state, to the same state (ghost included while no property breaks).
TEST_P(Encoding, IndependentInstancesCommute) {
  std::vector<Action> first, second, check;
  size_t pairs = 0;
  for (const State& s : walk_states(model, 400, 60)) {
    if (violates(model, s) || !model.within_bounds(s)) continue;
    model.actions(s, first);
    for (const Action& a : first) {
      State sa = s;
      model.perform(sa, a);
      model.actions(sa, second);
      for (const Action& b : second) {
        if (!independent(cfg, a, b)) continue;
        ASSERT_TRUE(has(first, b)) << model.name(s, a) << " enables " << model.name(sa, b);
        State sb = s;
        model.perform(sb, b);
        model.actions(sb, check);
        ASSERT_TRUE(has(check, a)) << model.name(s, b) << " disables " << model.name(s, a);
        State ab = sa, ba = sb;
        model.perform(ab, b);
        model.perform(ba, a);
        ASSERT_EQ(ab.servers, ba.servers) << model.name(s, a) << " / " << model.name(s, b);
        ASSERT_EQ(std::tie(ab.proposals, ab.crashes, ab.restarts, ab.timeouts),
                  std::tie(ba.proposals, ba.crashes, ba.restarts, ba.timeouts));
        if (!violates(model, sa) && !violates(model, sb) && !violates(model, ab)) {
          ASSERT_EQ(ab.ghost, ba.ghost) << model.name(s, a) << " / " << model.name(s, b);
        }
        ++pairs;
      }
    }
  }
  EXPECT_GT(pairs, 10000u);
}

std::string bug_name(const ::testing::TestParamInfo<SpecBug>& info) {
  std::string name(to_string(info.param));
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(Spec, Encoding,
                         ::testing::Values(SpecBug::kNone, SpecBug::kSkipEpochAckQuorum,
                                           SpecBug::kCountEqualEpochAck,
                                           SpecBug::kCommitWithoutQuorum,
                                           SpecBug::kElectionIgnoresHistory, SpecBug::kNoSync,
                                           SpecBug::kCounterRestarts),
                         bug_name);

search::SearchResult<Action> bfs(const SpecConfig& cfg, int depth_max) {
  const SpecModel m(cfg);
  search::SearchOptions o;
  o.depth_max = depth_max;
  return search::bfs(m, m.start(), o);
}

SpecConfig no_faults(SpecBug bug, int servers) {
  SpecConfig cfg = config(bug);
  cfg.servers = servers;
  cfg.crashes = cfg.restarts = cfg.timeouts = 0;
  return cfg;
}

TEST(Bmc, FindsTheViolationAtTheDepthBfsFindsIt) {
  for (const int servers : {2, 3}) {
    const SpecConfig cfg = no_faults(SpecBug::kCounterRestarts, servers);
    SCOPED_TRACE(cfg.flags());
    const auto explicit_state = bfs(cfg, 0);
    ASSERT_TRUE(explicit_state.violation);
    BmcOptions o;
    o.depth_max = 12;
    const auto r = bmc(SpecModel(cfg), o);
    ASSERT_TRUE(r.violation);
    EXPECT_EQ(r.violation->property, explicit_state.violation->property);
    EXPECT_EQ(r.trace.size(), explicit_state.trace.size());
    EXPECT_EQ(r.trace_names.size(), r.trace.size());
    EXPECT_EQ(r.depths.size(), r.trace.size());  // one query per depth, the last one sat
    EXPECT_TRUE(r.depths.back().violated);
  }
}

TEST(Bmc, AgreesWithBfsOnEveryMutationToAFixedDepth) {
  // Deep enough for the handshake to establish a leader and commit (depth 9 with 3 servers);
  // the seeded mutations but counter-restarts need 17 or more steps.
  constexpr int kDepth = 9;
  for (const SpecBug bug : {SpecBug::kNone, SpecBug::kCommitWithoutQuorum, SpecBug::kNoSync,
                            SpecBug::kCounterRestarts}) {
    const SpecConfig cfg = no_faults(bug, 3);
    SCOPED_TRACE(cfg.flags());
    const auto explicit_state = bfs(cfg, kDepth);
    BmcOptions o;
    o.depth_max = kDepth;
    const auto r = bmc(SpecModel(cfg), o);
    ASSERT_EQ(r.violation.has_value(), explicit_state.violation.has_value());
    if (r.violation) {
      EXPECT_EQ(r.trace.size(), explicit_state.trace.size());
    } else {
      EXPECT_EQ(r.depths.size(), static_cast<size_t>(kDepth));
    }
  }
}

TEST(Bmc, AStopFlagEndsTheRun) {
  const std::atomic<bool> stop{true};
  BmcOptions o;
  o.depth_max = 30;
  o.stop = &stop;
  const auto r = bmc(SpecModel(config(SpecBug::kNone)), o);
  EXPECT_TRUE(r.stopped);
  EXPECT_FALSE(r.violation);
}

TEST(Bmc, RefusesBoundsTheEncodingCannotHold) {
  SpecConfig cfg = config(SpecBug::kNone, 16);
  EXPECT_TRUE(smt_problem(cfg));
  EXPECT_THROW(bmc(SpecModel(cfg), BmcOptions{}), std::invalid_argument);
  cfg.txns = 15;
  cfg.max_epoch = 15;
  EXPECT_TRUE(smt_problem(cfg));
  cfg.max_epoch = 14;
  EXPECT_FALSE(smt_problem(cfg));
}

}  // namespace
}  // namespace zab::spec::smt
