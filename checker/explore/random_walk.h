// Seeded random walks and swarm testing over the simulated world: checker/search/random_walk.h
// over WorldModel, with the properties to check given in the options.
#pragma once

#include "checker/explore/world_model.h"
#include "checker/search/random_walk.h"

namespace zab::check {

using search::FaultClass;
using search::FaultMix;
using search::SimulationProgress;
using search::walk_seed;
using search::WalkEnd;
using SimulationResult = search::SimulationResult<Action>;
using WalkOutcome = search::WalkOutcome<Action>;

struct RandomWalkOptions : search::RandomWalkOptions {
  props::PropertySet properties = props::PropertySet::all_safety();
};

SimulationResult simulate(const World& start, const RandomWalkOptions& options);
WalkOutcome replay_walk(const World& start, const RandomWalkOptions& options, int walk);

}  // namespace zab::check
