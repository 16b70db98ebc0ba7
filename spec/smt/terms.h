// Small term builders the symbolic spec is written with: bytes, server bits in a mask, quorum
// counts, and reading a vector slot at a symbolic index.
#pragma once

#include <z3++.h>

#include <vector>

#include "spec/smt/symbolic_state.h"

namespace zab::spec::smt {

inline z3::expr byte(z3::context& ctx, uint64_t v) {
  return ctx.bv_val(v, kWidth);
}
inline z3::expr byte_of(const z3::expr& like, uint64_t v) {
  return like.ctx().bv_val(v, kWidth);
}

// An enumerator (a role, a phase) as its byte.
template <typename E>
z3::expr code(z3::context& ctx, E e) {
  return byte(ctx, static_cast<uint64_t>(e));
}

// Server i's bit, as in spec/actions.cpp.
inline z3::expr bit(z3::context& ctx, int i) {
  return byte(ctx, 1u << i);
}
inline z3::expr has(const z3::expr& mask, int i) {
  return mask.extract(static_cast<unsigned>(i), static_cast<unsigned>(i)) ==
         mask.ctx().bv_val(1, 1);
}
inline z3::expr with(const z3::expr& mask, int i) {
  return mask | bit(mask.ctx(), i);
}
inline z3::expr without(const z3::expr& mask, int i) {
  return mask & ~bit(mask.ctx(), i);
}

// At least `quorum` of the low `servers` bits of `mask` are set.
inline z3::expr is_quorum(const z3::expr& mask, int servers, int quorum) {
  z3::expr count = byte_of(mask, 0);
  for (int i = 0; i < servers; ++i)
    count = count +
            z3::zext(mask.extract(static_cast<unsigned>(i), static_cast<unsigned>(i)), kWidth - 1);
  return z3::uge(count, byte_of(mask, static_cast<uint64_t>(quorum)));
}

inline z3::expr bmax(const z3::expr& a, const z3::expr& b) {
  return z3::ite(z3::uge(a, b), a, b);
}
inline z3::expr bmin(const z3::expr& a, const z3::expr& b) {
  return z3::ite(z3::ule(a, b), a, b);
}

// v[index], 0 when the index is past the end.
inline z3::expr at(const std::vector<z3::expr>& v, const z3::expr& index) {
  z3::expr out = byte_of(index, 0);
  for (size_t k = v.size(); k-- > 0;)
    out = z3::ite(index == byte_of(index, k), v[k], out);
  return out;
}

// The zxid byte's epoch and counter (symbolic_state.h: e*16+c).
inline z3::expr epoch_of(const z3::expr& zxid) {
  return z3::lshr(zxid, 4);
}
inline z3::expr counter_of(const z3::expr& zxid) {
  return zxid & byte_of(zxid, 15);
}
inline z3::expr zxid_byte(const z3::expr& epoch, const z3::expr& counter) {
  return z3::shl(epoch, 4) | counter;
}

// The last zxid of a history, 0 for an empty one.
inline z3::expr last_zxid(const SymServer& s) {
  return at(s.history, s.hlen - byte_of(s.hlen, 1));
}

// The history holds `zxid` among its first `n` entries.
inline z3::expr contains(const SymServer& s, const z3::expr& n, const z3::expr& zxid) {
  z3::expr out = zxid.ctx().bool_val(false);
  for (size_t k = 0; k < s.history.size(); ++k)
    out = out || (z3::ult(byte_of(zxid, k), n) && s.history[k] == zxid);
  return out;
}

}  // namespace zab::spec::smt
