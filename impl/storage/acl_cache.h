// ReferenceCountedACLCache as a snapshot stores it: each distinct ACL list once, under a long id,
// and every znode refers to its list by that id (DataNode.acl). The map is written as an int
// count, then per entry the long id and the vector<ACL>.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "impl/core/errors.h"
#include "impl/data/jute.h"
#include "impl/data/stat.h"

namespace zab::storage {

// ReferenceCountedACLCache.OPEN_UNSAFE_ACL_ID: ZooKeeper's own znodes (/, /zookeeper,
// /zookeeper/quota) refer to world:anyone ALL by -1 without a cache entry.
inline constexpr int64_t kOpenUnsafeAclId = -1;

// Ids for the ACL lists of one snapshot, handed out from 1 in first-use order (convertAcls).
class AclCacheWriter {
 public:
  int64_t id_of(const data::AclList& acl);
  // The cache section: count, then (id, ACLs) in id order.
  void write(data::JuteWriter& out) const;

 private:
  std::map<std::string, int64_t> ids_;       // by the ACL list's jute bytes
  std::vector<const data::AclList*> lists_;  // index = id - 1
};

// The cache as read back: id -> list.
class AclCacheReader {
 public:
  // ReferenceCountedACLCache.deserialize. A repeated id keeps the last list, as ZooKeeper's map
  // does.
  static AclCacheReader read(data::JuteReader& in);
  // convertLong: -1 is world:anyone ALL; an id with no entry is MARSHALLINGERROR.
  Result<data::AclList> resolve(int64_t id) const;
  size_t size() const { return lists_.size(); }

 private:
  std::map<int64_t, data::AclList> lists_;
};

}  // namespace zab::storage
