// Running the explorers from tests through the same RunConfig the CLI uses.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "checker/explore/search.h"
#include "checker/world/run_config.h"
#include "impl/core/check.h"

namespace zab::check::testing {

struct Run {
  SearchResult result;
  std::vector<std::string> all_violated;  // every property violated at the last step
};

inline Run explore(const RunConfig& run, int threads = 2,
                   const std::vector<std::string>& properties = {}, bool por = true) {
  set_assertions_throw(true);
  EXPECT_FALSE(run.validate().has_value()) << *run.validate();
  const WorldConfig cfg = run.world_config();
  SearchOptions options;
  options.threads = threads;
  options.por = por;
  options.properties = properties.empty() ? props::PropertySet::all_safety(run.clients > 0)
                                          : props::PropertySet::named(properties);
  const World start = start_world(cfg, run.from);
  Run out;
  out.result = bfs(start, options);
  if (out.result.violation)
    for (const auto& v : violations_at_end(start, out.result.trace, options.properties))
      out.all_violated.push_back(v.property);
  return out;
}

inline RunConfig config(int servers, int txns, std::string from = "empty") {
  RunConfig r;
  r.servers = servers;
  r.writes = txns;
  r.from = std::move(from);
  return r;
}

}  // namespace zab::check::testing
