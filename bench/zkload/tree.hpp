// Building and removing a run's znodes (workload.hpp's Layout) before and after the measured
// workloads, pipelined on one session: ZooKeeper applies one session's requests in order, so
// a parent's create is applied before its children's and a child's delete before its parent's.
#pragma once

#include <zookeeper/zookeeper.h>

#include <string>
#include <vector>

#include "workload.hpp"

namespace zkload {

struct TreeResult {
  int failures = 0;
  std::string first_failure;  // "<path>: <zerror>" of the first unexpected failure
};

// Creates the run directory, the pool (with `data`), the create workload's parents for
// `session_count` x `slot_count` slots and the ephemeral parent. A missing /zkload-style root
// is created; an existing one is fine.
TreeResult build_tree(zhandle_t* zh, const Layout& layout, const std::string& data,
                      int session_count, int slot_count, double timeout_s);

// Deletes everything under and including the run directory, then the root above it if empty.
TreeResult remove_tree(zhandle_t* zh, const Layout& layout, double timeout_s);

}  // namespace zkload
