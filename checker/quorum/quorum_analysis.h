// The questions operators get wrong about zoo.cfg files, answered by Z3 over the formulas of
// quorum_formula.h: can two quorums be disjoint (split brain), can a quorum form at all, and how
// many servers (or whole groups) can fail before none can. Each answer is a proof (an unsat
// query, or an optimum z3::optimize certifies) or comes with its witness sets.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <vector>

#include "checker/quorum/quorum_system.h"

namespace zab::flexible {

// Z3 answered "unknown" (it should not on these small problems); the message says which question.
class SolverError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct DisjointQuorums {
  SidSet first;   // a quorum by the first configuration's rules
  SidSet second;  // a quorum by the second's, sharing no server with `first`
};

// Two quorums, one by `a`'s rules and one by `b`'s, that share no server: two leaders could be
// elected and commit independently. nullopt when Z3 proves every quorum of `a` meets every quorum
// of `b` (`a` and `b` may be the same configuration).
std::optional<DisjointQuorums> disjoint_quorums(const QuorumSystem& a, const QuorumSystem& b);

// A smallest quorum (the fewest voters that can elect a leader and commit), or nullopt when no
// set of servers is a quorum: the ensemble can never make progress.
std::optional<SidSet> smallest_quorum(const QuorumSystem& system);

// The fewest voters whose loss leaves no quorum among the rest: the ensemble tolerates one
// failure fewer. Empty when no quorum can form at all.
SidSet smallest_fatal_loss(const QuorumSystem& system);

// For a hierarchical configuration, the fewest groups whose loss (every member down) leaves no
// quorum, as group ids in file order; nullopt for a majority (or standalone) configuration.
std::optional<std::vector<uint32_t>> smallest_fatal_group_loss(const QuorumSystem& system);

}  // namespace zab::flexible
