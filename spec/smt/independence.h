// Which of the spec's action instances commute, for the partial-order reduction of --smt
// (SymbolicSpec::in_normal_order). Each instance has a footprint over resources (a few field
// groups per server, and the proposal, crash, restart and timeout budgets): what it reads,
// what it overwrites, and what it merges into (`|=` of its own bit, `max`). Two instances are
// independent when neither overwrites what the other touches and neither merges into what the
// other reads: then from any state where one can follow the other, the other order is possible
// too and ends in the same state. Tests check that on every state of random walks of the
// concrete spec, for every pair declared independent.
//
// The ghost (committed zxids, established epochs, the longest delivered prefix) is no
// resource: the first two are unions, and the delivered prefix is the longest of the servers'
// committed prefixes whichever order they grew in, as long as they agree - which every state
// before the first violation ensures (prefix-agreement), and BMC looks for the first.
#pragma once

#include <cstdint>

#include "spec/spec.h"

namespace zab::spec::smt {

struct Footprint {
  uint64_t reads = 0;
  uint64_t writes = 0;
  uint64_t merges = 0;
};

Footprint footprint(const SpecConfig& cfg, const Action& a);
bool independent(const SpecConfig& cfg, const Action& a, const Action& b);

}  // namespace zab::spec::smt
