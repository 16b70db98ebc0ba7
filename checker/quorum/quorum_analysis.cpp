#include "checker/quorum/quorum_analysis.h"

#include <fmt/format.h>

#include "checker/quorum/quorum_formula.h"

namespace zab::flexible {
namespace {

// sat or unsat; "unknown" is an error, never a silent "safe".
template <class Solver>
bool satisfiable(Solver& solver, const std::string& question) {
  switch (solver.check()) {
    case z3::sat:
      return true;
    case z3::unsat:
      return false;
    case z3::unknown:
      break;
  }
  throw SolverError(fmt::format("Z3 could not decide {}", question));
}

// The voters' Booleans among `bools`, for an objective that counts them.
z3::expr_vector voters_of(const QuorumSystem& system, const z3::expr_vector& bools) {
  z3::expr_vector out(bools.ctx());
  system.voters.for_each([&](NodeId sid) { out.push_back(bools[sid.value]); });
  return out;
}

}  // namespace

std::optional<DisjointQuorums> disjoint_quorums(const QuorumSystem& a, const QuorumSystem& b) {
  z3::context ctx;
  // The plain SMT kernel: the default solver's tactic set-up costs more than these queries.
  z3::solver solver(ctx, z3::solver::simple());
  const z3::expr_vector in_a = server_bools(ctx, "a");
  const z3::expr_vector in_b = server_bools(ctx, "b");
  solver.add(contains_quorum(a, in_a));
  solver.add(contains_quorum(b, in_b));
  // Servers identify by id: server N of one file is server N of the other.
  for (int sid = 1; sid <= kMaxServers; ++sid)
    solver.add(!(in_a[sid] && in_b[sid]));
  if (!satisfiable(solver, fmt::format("whether {} and {} have disjoint quorums", a.file, b.file)))
    return std::nullopt;
  const z3::model model = solver.get_model();
  return DisjointQuorums{set_in(model, in_a, a.voters), set_in(model, in_b, b.voters)};
}

std::optional<SidSet> smallest_quorum(const QuorumSystem& system) {
  z3::context ctx;
  z3::optimize optimize(ctx);
  const z3::expr_vector in_set = server_bools(ctx, "q");
  optimize.add(contains_quorum(system, in_set));
  optimize.minimize(count_true(ctx, voters_of(system, in_set)));
  if (!satisfiable(optimize, fmt::format("whether {} has a quorum", system.file)))
    return std::nullopt;
  return set_in(optimize.get_model(), in_set, system.voters);
}

SidSet smallest_fatal_loss(const QuorumSystem& system) {
  z3::context ctx;
  z3::optimize optimize(ctx);
  const z3::expr_vector lost = server_bools(ctx, "lost");
  z3::expr_vector alive(ctx);
  for (int sid = 0; sid <= kMaxServers; ++sid)
    alive.push_back(!lost[sid]);
  optimize.add(!contains_quorum(system, alive));
  optimize.minimize(count_true(ctx, voters_of(system, lost)));
  // Losing every voter always leaves no quorum, so this is satisfiable.
  if (!satisfiable(optimize, fmt::format("how many failures {} tolerates", system.file)))
    throw SolverError(fmt::format("Z3 found no fatal loss for {}", system.file));
  return set_in(optimize.get_model(), lost, system.voters);
}

std::optional<std::vector<uint32_t>> smallest_fatal_group_loss(const QuorumSystem& system) {
  const auto* h = std::get_if<QuorumHierarchical>(&system.verifier);
  if (!h) return std::nullopt;
  z3::context ctx;
  z3::optimize optimize(ctx);
  z3::expr_vector group_lost(ctx);
  for (const QuorumGroup& group : h->groups)
    group_lost.push_back(ctx.bool_const(fmt::format("lost_group{}", group.gid).c_str()));
  // A voter is alive when its group is; every voter is in a group (quorum_system checks it).
  z3::expr_vector alive(ctx);
  for (int sid = 0; sid <= kMaxServers; ++sid) {
    const QuorumGroup* group = h->group_of(NodeId{static_cast<uint8_t>(sid)});
    alive.push_back(group ? !group_lost[static_cast<unsigned>(group - h->groups.data())]
                          : ctx.bool_val(false));
  }
  optimize.add(!contains_quorum(system, alive));
  optimize.minimize(count_true(ctx, group_lost));
  if (!satisfiable(optimize, fmt::format("how many group failures {} tolerates", system.file)))
    throw SolverError(fmt::format("Z3 found no fatal group loss for {}", system.file));
  const z3::model model = optimize.get_model();
  std::vector<uint32_t> out;
  for (unsigned i = 0; i < group_lost.size(); ++i)
    if (model.eval(group_lost[i], true).is_true()) out.push_back(h->groups[i].gid);
  return out;
}

}  // namespace zab::flexible
