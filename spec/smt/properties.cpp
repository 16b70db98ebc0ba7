// The spec's properties over terms (spec/properties.cpp, property by property): each is the
// condition under which the concrete check reports a violation.
#include "checker/search/model.h"
#include "spec/smt/terms.h"
#include "spec/smt/transition.h"

namespace zab::spec::smt {
namespace {

// Some zxid committed in `ghost` (the grid's Booleans) of an epoch below `epoch` is not among
// the first `n` entries of `sv`'s history.
z3::expr lacks_committed(const Shape& shape, const std::vector<z3::expr>& ever, const SymServer& sv,
                         const z3::expr& n, const z3::expr& epoch) {
  z3::context& ctx = epoch.ctx();
  z3::expr out = ctx.bool_val(false);
  for (int e = 1; e <= shape.max_epoch; ++e)
    for (int c = 1; c <= shape.history; ++c) {
      const z3::expr zxid = byte(ctx, static_cast<uint64_t>(e << 4 | c));
      out = out || (ever[static_cast<size_t>(shape.cell(e, c))] &&
                    z3::ult(byte(ctx, static_cast<uint64_t>(e)), epoch) && !contains(sv, n, zxid));
    }
  return out;
}

}  // namespace

z3::expr SymbolicSpec::broken(std::string_view property, const SymState& s) const {
  z3::expr out = ctx_.bool_val(false);
  if (property == "single-leader-per-epoch") {
    for (const z3::expr& e : s.established)
      out = out || is_quorum(e, cfg_.servers, 2);  // two or more servers
  } else if (property == "committed-never-lost") {
    for (const SymServer& l : s.servers)
      out = out || (l.up && l.role == code(ctx_, Role::kLeading) &&
                    l.lphase == code(ctx_, LeaderPhase::kBroadcast) &&
                    lacks_committed(shape_, s.ever, l, l.hlen, l.current_epoch));
  } else if (property == "prefix-agreement") {
    for (const SymServer& sv : s.servers) {
      const z3::expr n = bmin(sv.committed, s.dlen);
      z3::expr differs = z3::ugt(sv.committed, s.dlen);
      for (size_t k = 0; k < s.delivered.size(); ++k)
        differs = differs || (z3::ult(byte(ctx_, k), n) && s.delivered[k] != sv.history[k]);
      out = out || (sv.up && differs);
    }
  } else if (property == "zxid-monotonic") {
    for (const SymServer& sv : s.servers)
      for (size_t k = 1; k < sv.history.size(); ++k)
        out = out || (z3::ult(byte(ctx_, k), sv.hlen) && z3::uge(sv.history[k - 1], sv.history[k]));
  } else if (property != "primary-integrity") {
    throw search::CheckerFailure("smt: the spec has no property " + std::string(property));
  }
  return out;
}

z3::expr SymbolicSpec::integrity_broken(const SymState& before, const z3::expr& choice,
                                        const SymState& after) const {
  z3::expr out = ctx_.bool_val(false);
  for (size_t i = 0; i < instances_.size(); ++i) {
    const Action& a = instances_[i];
    if (a.kind != Kind::kCommitLd) continue;
    const SymServer& l = after.servers[a.a];
    out = out || (choice == byte(ctx_, i) &&
                  lacks_committed(shape_, before.ever, l, l.committed, l.current_epoch));
  }
  return out;
}

}  // namespace zab::spec::smt
