// The read side of FinalRequestProcessor as pure functions over one ZkDatabase version: the
// checks and error codes a server answers reads with. Watches are the server layer's business;
// these functions only say what the reply is. `auth_ids` are the connection's identities.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "impl/core/errors.h"
#include "impl/data/database.h"
#include "impl/data/stat.h"

namespace zab::data {

struct DataAndStat {
  std::shared_ptr<const std::string> data;  // shared with the tree: no copy of up to 1 MiB
  Stat stat;
};
struct ChildrenAndStat {
  std::vector<std::string> children;  // names, sorted
  Stat stat;                          // the parent's
};
struct AclAndStat {
  AclList acl;
  Stat stat;
};

// getData: NONODE, then READ (NOAUTH).
Result<DataAndStat> get_data(const ZkDatabase& db, std::string_view path,
                             const std::vector<Id>& auth_ids);
// exists: BADARGUMENTS for a path with NUL, NONODE when missing (the server still registers the
// watch). No ACL check, as in ZooKeeper 3.8.
Result<Stat> exists(const ZkDatabase& db, std::string_view path);
// getChildren / getChildren2: NONODE, then READ.
Result<std::vector<std::string>> get_children(const ZkDatabase& db, std::string_view path,
                                              const std::vector<Id>& auth_ids);
Result<ChildrenAndStat> get_children2(const ZkDatabase& db, std::string_view path,
                                      const std::vector<Id>& auth_ids);
// getACL: NONODE, then READ or ADMIN; without ADMIN digest ids are masked as "user:x".
Result<AclAndStat> get_acl(const ZkDatabase& db, std::string_view path,
                           const std::vector<Id>& auth_ids);
// getEphemerals: the session's ephemerals whose path starts with `prefix` (plain string prefix,
// as ZooKeeper does); "", "/" or blank mean all. Sorted. No ACL check.
std::vector<std::string> get_ephemerals(const ZkDatabase& db, int64_t session_id,
                                        std::string_view prefix);
// getAllChildrenNumber: NONODE, then READ; every descendant, not the node itself.
Result<int64_t> get_all_children_number(const ZkDatabase& db, std::string_view path,
                                        const std::vector<Id>& auth_ids);
// sync: the reply echoes the path; the server sends it once the leader's sync has passed.
std::string sync(const ZkDatabase& db, std::string_view path);

}  // namespace zab::data
