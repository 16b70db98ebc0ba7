// ContainerManager.getCandidates: which container and TTL znodes the leader should delete now.
// The leader turns each candidate into a DeleteContainer request (prep.h); the checks in prepare
// decide again against the projected tree, so a stale candidate just yields an error txn.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "impl/data/tree.h"

namespace zab::data {

// Containers with no children that have had one (stored cversion > 0), or that are older than
// `max_never_used_interval_ms` by mtime when it is non-zero; TTL nodes with no children whose
// mtime is more than their TTL before `now_ms`. In tree order (pre-order, children by name).
std::vector<std::string> reap_candidates(const DataTree& tree, int64_t now_ms,
                                         int64_t max_never_used_interval_ms = 0);

}  // namespace zab::data
