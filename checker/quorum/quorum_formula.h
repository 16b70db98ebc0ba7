// is_quorum_A(x) as a Z3 formula: one Boolean per server id says "this server is in the set",
// and the formula holds exactly when those servers hold a quorum of configuration A, as
// contains_quorum (quorum_system.h) decides it. The questions of quorum_analysis.h are built
// from these formulas; tests check them against contains_quorum on every subset.
#pragma once

#include <z3++.h>

#include <string>

#include "checker/quorum/quorum_system.h"

namespace zab::flexible {

// Fresh Booleans `<prefix><sid>`, indexed by sid (index 0 exists but stands for no server).
z3::expr_vector server_bools(z3::context& ctx, const std::string& prefix);

// The formula over `in_set` (indexed by sid) that holds exactly when the voters it selects hold
// a quorum of `system`:
// - QuorumMaj: a cardinality constraint, at least half + 1 of the voters;
// - QuorumHierarchical: per group of non-zero weight, the linear inequality
//   2 * (weight held) > groupWeight, then at least group_count / 2 + 1 of those groups.
// Non-voters never appear in it, whatever their Booleans say.
z3::expr contains_quorum(const QuorumSystem& system, const z3::expr_vector& in_set);

// The voters of `voters` whose Boolean `model` makes true.
SidSet set_in(const z3::model& model, const z3::expr_vector& in_set, SidSet voters);

// The number of true Booleans among `bools`, as an integer term (for z3::optimize).
z3::expr count_true(z3::context& ctx, const z3::expr_vector& bools);

}  // namespace zab::flexible
