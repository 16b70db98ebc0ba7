// The spec's state (spec/spec.h) as Z3 terms, for bounded model checking: every number is an
// 8-bit bit-vector (Z3 bit-blasts those well), `up` is a Boolean, and every vector has its
// bound's length so that a state is a fixed set of terms:
//  - a history holds `txns` slots (no history is longer than the proposals made), `hlen` says
//    how many count, and slots past it are 0;
//  - a zxid <e,c> is the byte e*16+c (the spec's epochs and counters stay below 16 under --smt),
//    so bit-vector order is zxid order;
//  - `acks` has a slot per history slot (0 where the concrete vector has none);
//  - the ghost's `established` has a slot per epoch 0..max_epoch+1, `delivered` has `txns`
//    slots and a length, and `ever_committed` is one Boolean per zxid <e,c> of the grid
//    e in 1..max_epoch, c in 1..txns (the only zxids a proposal can have within the bounds).
// `to_terms` and `from_model` translate both ways; tests check the round trip.
#pragma once

#include <z3++.h>

#include <functional>
#include <vector>

#include "spec/spec.h"

namespace zab::spec::smt {

// The sizes every symbolic state of one configuration shares.
struct Shape {
  int servers = 3;
  int history = 1;    // txns
  int max_epoch = 2;  // ever_committed's epochs 1..max_epoch; established's 0..max_epoch+1

  explicit Shape(const SpecConfig& cfg)
      : servers(cfg.servers), history(cfg.txns), max_epoch(cfg.max_epoch) {}
  int epochs() const { return max_epoch + 2; }
  int grid() const { return max_epoch * history; }
  // The grid index of <e,c> (1 <= e <= max_epoch, 1 <= c <= history).
  int cell(int epoch, int counter) const { return (epoch - 1) * history + (counter - 1); }
};

struct SymServer {
  z3::expr accepted_epoch, current_epoch, hlen;
  std::vector<z3::expr> history;
  z3::expr up, role, committed, leader, fphase, lphase;
  z3::expr summary_epoch, new_epoch, max_accepted, learners, info, epoch_acks, synced;
  std::vector<z3::expr> acks;
};

struct SymState {
  std::vector<SymServer> servers;
  z3::expr proposals, crashes, restarts, timeouts;
  std::vector<z3::expr> established;  // per epoch: bit i, server i established it
  z3::expr dlen;
  std::vector<z3::expr> delivered;
  std::vector<z3::expr> ever;  // per grid cell: committed somewhere

  // Every term, in one fixed order (the order `fresh`, `merge` and the codec rely on).
  void visit(const std::function<void(z3::expr&)>& f);
};

// The bit-vector width of every number.
inline constexpr unsigned kWidth = 8;

// The bounds' largest values that fit the encoding (the zxid byte), or a message.
std::optional<std::string> smt_problem(const SpecConfig& cfg);

// A state of fresh constants named `<prefix>...`.
SymState fresh_state(z3::context& ctx, const Shape& shape, const std::string& prefix);
// The concrete state as constant terms. Throws search::CheckerFailure for a state outside the
// encoding (a zxid off the grid, a history longer than the bound).
SymState to_terms(z3::context& ctx, const Shape& shape, const State& s);
// The concrete state a model (or constant terms, with `model` evaluating them) gives.
State from_model(const Shape& shape, const z3::model& model, const SymState& s);
// Every term of `a` paired with the same term of `b`: `cond ? a : b`.
SymState merge(const z3::expr& cond, SymState a, SymState b);
// a == b, term by term.
z3::expr equal(SymState a, SymState b);

}  // namespace zab::spec::smt
