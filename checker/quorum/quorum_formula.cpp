#include "checker/quorum/quorum_formula.h"

#include "impl/core/overloaded.h"

namespace zab::flexible {
namespace {

// z3::atleast refuses an empty vector; "at least 0" and "at least more than there are" are
// answered here.
z3::expr at_least(z3::context& ctx, const z3::expr_vector& xs, unsigned bound) {
  if (bound == 0) return ctx.bool_val(true);
  if (xs.size() < bound) return ctx.bool_val(false);
  return z3::atleast(xs, bound);
}

z3::expr majority(const QuorumSystem& system, const QuorumMaj& maj, const z3::expr_vector& in_set) {
  z3::expr_vector voters(in_set.ctx());
  system.voters.for_each([&](NodeId sid) { voters.push_back(in_set[sid.value]); });
  return at_least(in_set.ctx(), voters, static_cast<unsigned>(maj.half + 1));
}

z3::expr hierarchical(const QuorumSystem& system, const QuorumHierarchical& h,
                      const z3::expr_vector& in_set) {
  z3::context& ctx = in_set.ctx();
  z3::expr_vector group_held(ctx);  // one "more than half of its weight" per counted group
  for (const QuorumGroup& group : h.groups) {
    if (group.weight == 0) continue;  // 0 > 0 / 2 never holds
    z3::expr_vector held(ctx);
    group.members.for_each([&](NodeId sid) {
      const uint64_t weight = h.server_weight[sid.value];
      if (!system.voters.contains(sid) || weight == 0) return;
      held.push_back(z3::ite(in_set[sid.value], ctx.int_val(weight), ctx.int_val(0)));
    });
    if (held.empty()) continue;  // nobody who votes carries weight here
    group_held.push_back(2 * z3::sum(held) > ctx.int_val(group.weight));
  }
  return at_least(ctx, group_held, static_cast<unsigned>(h.group_count / 2 + 1));
}

}  // namespace

z3::expr_vector server_bools(z3::context& ctx, const std::string& prefix) {
  z3::expr_vector out(ctx);
  for (int sid = 0; sid <= kMaxServers; ++sid)
    out.push_back(ctx.bool_const((prefix + std::to_string(sid)).c_str()));
  return out;
}

z3::expr contains_quorum(const QuorumSystem& system, const z3::expr_vector& in_set) {
  return std::visit(
      Overloaded{
          [&](const QuorumMaj& maj) { return majority(system, maj, in_set); },
          [&](const QuorumHierarchical& h) { return hierarchical(system, h, in_set); },
      },
      system.verifier);
}

SidSet set_in(const z3::model& model, const z3::expr_vector& in_set, SidSet voters) {
  SidSet out;
  voters.for_each([&](NodeId sid) {
    if (model.eval(in_set[sid.value], true).is_true()) out.insert(sid);
  });
  return out;
}

z3::expr count_true(z3::context& ctx, const z3::expr_vector& bools) {
  if (bools.empty()) return ctx.int_val(0);
  z3::expr_vector ones(ctx);
  for (unsigned i = 0; i < bools.size(); ++i)
    ones.push_back(z3::ite(bools[i], ctx.int_val(1), ctx.int_val(0)));
  return z3::sum(ones);
}

}  // namespace zab::flexible
