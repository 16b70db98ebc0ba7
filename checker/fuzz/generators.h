// RapidCheck generators of fuzz scenarios (scenario.h). Shrinking comes from RapidCheck's
// shrink trees: steps are dropped, counts and targets shrink towards the smaller value (0 is
// the leader), the moment of a crash towards "now". The scheduler's seed does not shrink: a new
// seed is a different run, not a simpler one.
#pragma once

#include <rapidcheck.h>

#include "checker/fuzz/scenario.h"

namespace zab::fuzz {

// Scenarios over `servers` servers (targets n1..nN or the leader); their length grows with
// RapidCheck's size parameter (at most `size` steps).
rc::Gen<Step> step_gen(int servers);
rc::Gen<Scenario> scenario_gen(int servers);

// The scenario run `run` of a fuzz seeded with `seed` generates, with its shrink tree: a
// function of (seed, run, size) alone, so any run reproduces by its index.
rc::Shrinkable<Scenario> generate(uint64_t seed, int run, int size, int servers);

}  // namespace zab::fuzz
