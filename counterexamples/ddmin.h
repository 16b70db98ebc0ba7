// Delta debugging (Zeller and Hildebrandt, "Simplifying and isolating failure-inducing input",
// TSE 2002): ddmin by complements over the action lines of a trace. Shared by the shrinkers of
// implementation traces (shrink.h) and of spec traces (spec_shrink.h), which differ only in how a
// candidate is replayed.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace zab::cx {

using Lines = std::vector<std::string>;

// Replays `candidate` leniently (lines whose action is not enabled are dropped) and returns the
// lines it took up to the violation when the SAME property is still violated, else nullopt.
using Reproduce = std::function<std::optional<Lines>(const Lines& candidate)>;

// Shrinks `lines` in place: tries dropping each of n chunks, continues with any shorter trace
// that still reproduces (and coarser chunks), else refines until the chunks are single lines.
// Stops early when `exhausted()` says the replay budget is spent. Returns whether it shrank.
bool ddmin(Lines& lines, const Reproduce& reproduce, const std::function<bool()>& exhausted);

}  // namespace zab::cx
