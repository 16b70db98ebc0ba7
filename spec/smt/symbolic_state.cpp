#include "spec/smt/symbolic_state.h"

#include <fmt/format.h>

#include "checker/search/model.h"
#include "spec/smt/terms.h"

namespace zab::spec::smt {
namespace {

// The zxid byte of the encoding: e*16+c.
constexpr int kCounterBits = 4;
constexpr int kFieldMax = (1 << kCounterBits) - 1;

uint8_t zxid_byte(Zxid z) {
  if (z.epoch().value > kFieldMax || z.counter() > kFieldMax)
    throw search::CheckerFailure(
        fmt::format("smt: zxid {} does not fit the encoding's byte", to_string(z)));
  return static_cast<uint8_t>(z.epoch().value << kCounterBits | z.counter());
}

Zxid byte_zxid(uint64_t b) {
  return Zxid::make(Epoch{static_cast<uint32_t>(b >> kCounterBits)},
                    static_cast<uint32_t>(b & kFieldMax));
}

// `v` padded with zeros to `n` slots (or the encoding cannot hold it).
template <typename T>
std::vector<z3::expr> slots(z3::context& ctx, const std::vector<T>& v, int n,
                            uint8_t (*encode)(T)) {
  if (static_cast<int>(v.size()) > n)
    throw search::CheckerFailure(
        fmt::format("smt: a vector of {} entries exceeds its bound {}", v.size(), n));
  std::vector<z3::expr> out;
  for (int k = 0; k < n; ++k)
    out.push_back(byte(ctx, k < static_cast<int>(v.size()) ? encode(v[k]) : 0));
  return out;
}

uint8_t same(uint8_t v) {
  return v;
}

std::vector<z3::expr*> terms(SymState& s) {
  std::vector<z3::expr*> out;
  s.visit([&out](z3::expr& e) { out.push_back(&e); });
  return out;
}

}  // namespace

void SymState::visit(const std::function<void(z3::expr&)>& f) {
  for (SymServer& sv : servers) {
    for (z3::expr* e :
         {&sv.accepted_epoch, &sv.current_epoch, &sv.hlen, &sv.up, &sv.role, &sv.committed,
          &sv.leader, &sv.fphase, &sv.lphase, &sv.summary_epoch, &sv.new_epoch, &sv.max_accepted,
          &sv.learners, &sv.info, &sv.epoch_acks, &sv.synced})
      f(*e);
    for (z3::expr& e : sv.history)
      f(e);
    for (z3::expr& e : sv.acks)
      f(e);
  }
  for (z3::expr* e : {&proposals, &crashes, &restarts, &timeouts, &dlen})
    f(*e);
  for (auto* v : {&established, &delivered, &ever})
    for (z3::expr& e : *v)
      f(e);
}

std::optional<std::string> smt_problem(const SpecConfig& cfg) {
  if (cfg.txns > kFieldMax || cfg.max_epoch + 1 > kFieldMax)
    return fmt::format(
        "--smt encodes a zxid in a byte: it needs --txns <= {} and --max-epoch <= {}", kFieldMax,
        kFieldMax - 1);
  return std::nullopt;
}

SymState fresh_state(z3::context& ctx, const Shape& shape, const std::string& prefix) {
  // The terms of any state of this shape, then each replaced by a constant named after its slot.
  State blank;
  blank.servers.resize(static_cast<size_t>(shape.servers));
  SymState s = to_terms(ctx, shape, blank);
  int n = 0;
  s.visit([&](z3::expr& e) {
    const std::string name = fmt::format("{}_{}", prefix, n++);
    e = e.is_bool() ? ctx.bool_const(name.c_str()) : ctx.bv_const(name.c_str(), kWidth);
  });
  return s;
}

SymState to_terms(z3::context& ctx, const Shape& shape, const State& s) {
  if (static_cast<int>(s.servers.size()) != shape.servers)
    throw search::CheckerFailure("smt: a state with another number of servers");
  auto b = [&ctx](uint64_t v) { return byte(ctx, v); };
  SymState out{.proposals = b(s.proposals),
               .crashes = b(s.crashes),
               .restarts = b(s.restarts),
               .timeouts = b(s.timeouts),
               .dlen = b(s.ghost.delivered.size())};
  for (const Server& sv : s.servers)
    out.servers.push_back(SymServer{
        .accepted_epoch = b(sv.accepted_epoch),
        .current_epoch = b(sv.current_epoch),
        .hlen = b(sv.history.size()),
        .history = slots(ctx, sv.history, shape.history, zxid_byte),
        .up = ctx.bool_val(sv.up),
        .role = b(static_cast<uint8_t>(sv.role)),
        .committed = b(sv.committed),
        .leader = b(sv.leader),
        .fphase = b(static_cast<uint8_t>(sv.fphase)),
        .lphase = b(static_cast<uint8_t>(sv.lphase)),
        .summary_epoch = b(sv.summary_epoch),
        .new_epoch = b(sv.new_epoch),
        .max_accepted = b(sv.max_accepted),
        .learners = b(sv.learners),
        .info = b(sv.info),
        .epoch_acks = b(sv.epoch_acks),
        .synced = b(sv.synced),
        .acks = slots(ctx, sv.acks, shape.history, same),
    });
  out.established = slots(ctx, s.ghost.established, shape.epochs(), same);
  out.delivered = slots(ctx, s.ghost.delivered, shape.history, zxid_byte);
  out.ever.assign(static_cast<size_t>(shape.grid()), ctx.bool_val(false));
  for (const Zxid z : s.ghost.ever_committed) {
    const int e = static_cast<int>(z.epoch().value);
    const int c = static_cast<int>(z.counter());
    if (e < 1 || e > shape.max_epoch || c < 1 || c > shape.history)
      throw search::CheckerFailure(
          fmt::format("smt: committed zxid {} is off the encoding's grid", to_string(z)));
    out.ever[static_cast<size_t>(shape.cell(e, c))] = ctx.bool_val(true);
  }
  return out;
}

State from_model(const Shape& shape, const z3::model& model, const SymState& s) {
  auto num = [&model](const z3::expr& e) {
    return static_cast<uint8_t>(model.eval(e, true).get_numeral_uint64());
  };
  auto truth = [&model](const z3::expr& e) { return model.eval(e, true).is_true(); };
  auto prefix = [&](const std::vector<z3::expr>& v, size_t n) {
    std::vector<Zxid> out;
    for (size_t k = 0; k < n && k < v.size(); ++k)
      out.push_back(byte_zxid(num(v[k])));
    return out;
  };
  State out;
  out.proposals = num(s.proposals);
  out.crashes = num(s.crashes);
  out.restarts = num(s.restarts);
  out.timeouts = num(s.timeouts);
  for (const SymServer& sv : s.servers) {
    Server c;
    c.accepted_epoch = num(sv.accepted_epoch);
    c.current_epoch = num(sv.current_epoch);
    c.history = prefix(sv.history, num(sv.hlen));
    c.up = truth(sv.up);
    c.role = static_cast<Role>(num(sv.role));
    c.committed = num(sv.committed);
    c.leader = num(sv.leader);
    c.fphase = static_cast<FollowerPhase>(num(sv.fphase));
    c.lphase = static_cast<LeaderPhase>(num(sv.lphase));
    c.summary_epoch = num(sv.summary_epoch);
    c.new_epoch = num(sv.new_epoch);
    c.max_accepted = num(sv.max_accepted);
    c.learners = num(sv.learners);
    c.info = num(sv.info);
    c.epoch_acks = num(sv.epoch_acks);
    c.synced = num(sv.synced);
    // A leader keeps an ACK set per history entry; no other role keeps any.
    if (c.role == Role::kLeading)
      for (size_t k = 0; k < c.history.size(); ++k)
        c.acks.push_back(num(sv.acks[k]));
    out.servers.push_back(std::move(c));
  }
  for (const z3::expr& e : s.established)
    out.ghost.established.push_back(num(e));
  while (!out.ghost.established.empty() && out.ghost.established.back() == 0)
    out.ghost.established.pop_back();
  out.ghost.delivered = prefix(s.delivered, num(s.dlen));
  for (int e = 1; e <= shape.max_epoch; ++e)
    for (int c = 1; c <= shape.history; ++c)
      if (truth(s.ever[static_cast<size_t>(shape.cell(e, c))]))
        out.ghost.ever_committed.push_back(
            Zxid::make(Epoch{static_cast<uint32_t>(e)}, static_cast<uint32_t>(c)));
  return out;
}

SymState merge(const z3::expr& cond, SymState a, SymState b) {
  const auto ta = terms(a);
  const auto tb = terms(b);
  for (size_t i = 0; i < ta.size(); ++i)
    if (!z3::eq(*ta[i], *tb[i])) *ta[i] = z3::ite(cond, *ta[i], *tb[i]);
  return a;
}

z3::expr equal(SymState a, SymState b) {
  const auto ta = terms(a);
  const auto tb = terms(b);
  z3::expr_vector eqs(ta.front()->ctx());
  for (size_t i = 0; i < ta.size(); ++i)
    eqs.push_back(*ta[i] == *tb[i]);
  return z3::mk_and(eqs);
}

}  // namespace zab::spec::smt
