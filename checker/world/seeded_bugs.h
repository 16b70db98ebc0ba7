// The seeded bugs: switches that bring back real ZooKeeper failures (and two classic mistakes),
// so that the checker can prove it finds them. One row per bug, read by `zabcheck list-bugs`
// (and its --json, which scripts/bug-figures.sh and scripts/regenerate-corpus.sh read), by
// `--bug NAME`, and by the tests that find each bug on its smallest configuration and pass
// without it. Adding a bug: the switch at the protocol step (a Bug value in impl/core/bugs.h,
// tested with `bugs.has(Bug::...)`), a row here, and its trace in counterexamples/corpus/.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "checker/world/run_config.h"
#include "impl/core/bugs.h"

namespace zab::check {

struct SeededBug {
  Bug bug;
  std::string_view id;        // the command-line name, e.g. "zk-4643"
  std::string_view jira;      // "ZOOKEEPER-4643", or empty for a classic mistake
  std::string_view sentence;  // what the bug does, in one line
  RunConfig smallest;         // the smallest configuration that exposes it (without the bug)
  std::string_view property;  // a property its counterexample violates (at the last step)
};

const std::vector<SeededBug>& seeded_bugs();
const SeededBug* find_seeded_bug(std::string_view id);

}  // namespace zab::check
