// Named suites of configurations for `zabcheck check --profile`: what a CI job runs to prove a
// change safe before merge.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "checker/world/run_config.h"

namespace zab::check {

struct ProfileEntry {
  std::string label;
  RunConfig run;
  std::vector<std::string> properties;  // empty: all safety properties
  // Depth-first: the visited set is all it keeps (11-21 bytes a state, against ~2 KB for a BFS
  // frontier state), for spaces whose BFS frontier does not fit in memory. One thread, and a
  // counterexample is not the shortest.
  bool dfs = false;
};

struct Profile {
  std::string_view name;
  std::string_view sentence;
  double budget_seconds;  // what the suite is sized to take on 2 cores
  std::vector<ProfileEntry> entries;
};

const std::vector<Profile>& profiles();
const Profile* find_profile(std::string_view name);

}  // namespace zab::check
