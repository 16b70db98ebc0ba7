// The records a znode carries, as ZooKeeper defines them (zookeeper.jute, ZooDefs, CreateMode,
// EphemeralType): Stat, Id, ACL, permission bits, create modes and the ephemeralOwner encoding.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "impl/core/hasher.h"

namespace zab::data {

// org.apache.zookeeper.data.Stat as a client sees it (68 bytes on the wire).
struct Stat {
  int64_t czxid = 0;            // zxid of the create
  int64_t mzxid = 0;            // zxid of the last setData (the create's at first)
  int64_t ctime = 0;            // leader's wall clock (ms) when the create was proposed
  int64_t mtime = 0;            // same, for the last setData
  int32_t version = 0;          // data version: +1 per setData
  int32_t cversion = 0;         // child version, reported as 2 * stored - numChildren (below)
  int32_t aversion = 0;         // ACL version: +1 per setACL
  int64_t ephemeral_owner = 0;  // owning session of an ephemeral, else 0
  int32_t data_length = 0;
  int32_t num_children = 0;
  int64_t pzxid = 0;  // zxid of the last create or delete of a child (the create's at first)
  ZK_FIELDS(czxid, mzxid, ctime, mtime, version, cversion, aversion, ephemeral_owner, data_length,
            num_children, pzxid)
  bool operator==(const Stat&) const = default;
};
std::string to_string(const Stat& stat);

// org.apache.zookeeper.data.StatPersisted: what the tree stores. `cversion` here counts creates
// of children; clients see `2 * cversion - numChildren` (DataNode.copyStat's "v3 semantics":
// every create of a child that is gone was matched by a delete). Sequential names use the stored
// value.
struct StatPersisted {
  int64_t czxid = 0;
  int64_t mzxid = 0;
  int64_t ctime = 0;
  int64_t mtime = 0;
  int32_t version = 0;
  int32_t cversion = 0;
  int32_t aversion = 0;
  int64_t ephemeral_owner = 0;  // session id, kContainerEphemeralOwner, a TTL encoding, or 0
  int64_t pzxid = 0;
  ZK_FIELDS(czxid, mzxid, ctime, mtime, version, cversion, aversion, ephemeral_owner, pzxid)
  bool operator==(const StatPersisted&) const = default;
};
// DataTree.createStat: a new node's stat at `zxid` and `time_ms`.
StatPersisted create_stat(int64_t zxid, int64_t time_ms, int64_t ephemeral_owner);

// org.apache.zookeeper.data.Id, e.g. {"world","anyone"}, {"digest","alice:<base64 sha1>"}.
struct Id {
  std::string scheme;
  std::string id;
  ZK_FIELDS(scheme, id)
  bool operator==(const Id&) const = default;
  auto operator<=>(const Id&) const = default;
};

// ZooDefs.Perms.
namespace perms {
inline constexpr int32_t kRead = 1;
inline constexpr int32_t kWrite = 2;
inline constexpr int32_t kCreate = 4;
inline constexpr int32_t kDelete = 8;
inline constexpr int32_t kAdmin = 16;
inline constexpr int32_t kAll = 31;
}  // namespace perms

// org.apache.zookeeper.data.ACL.
struct Acl {
  int32_t perms = 0;
  Id id;
  ZK_FIELDS(perms, id)
  bool operator==(const Acl&) const = default;
};
using AclList = std::vector<Acl>;
std::string to_string(const Acl& acl);  // "world:anyone:cdrwa"

// ZooDefs.Ids.
AclList open_acl_unsafe();  // world:anyone ALL
AclList read_acl_unsafe();  // world:anyone READ
AclList creator_all_acl();  // auth: ALL (expanded to the creator's ids by fixupACL)

// CreateMode, by its flag value (CreateMode.fromFlag).
enum class CreateMode : int32_t {
  kPersistent = 0,
  kEphemeral = 1,
  kPersistentSequential = 2,
  kEphemeralSequential = 3,
  kContainer = 4,
  kPersistentWithTtl = 5,
  kPersistentSequentialWithTtl = 6,
};
// CreateMode.fromFlag; nullopt for any other value (the caller answers BADARGUMENTS).
std::optional<CreateMode> create_mode_from_flags(int32_t flags);
bool is_ephemeral(CreateMode mode);
bool is_sequential(CreateMode mode);
bool is_container(CreateMode mode);
bool is_ttl(CreateMode mode);

// EphemeralType: what a stored ephemeralOwner means.
enum class EphemeralType : uint8_t { kVoid, kNormal, kContainer, kTtl };
inline constexpr int64_t kContainerEphemeralOwner = INT64_MIN;  // 0x8000000000000000
// TTL owners are 0xFF in the top byte, two reserved zero bytes, and the TTL (ms) in the low 40
// bits. Session ids never use a 0xFF top byte (server ids stop at 254).
inline constexpr uint64_t kExtendedMask = 0xff00000000000000ULL;
inline constexpr int64_t kTtlMax = 0xffffffffffLL;
EphemeralType ephemeral_type(int64_t ephemeral_owner);
// EphemeralType.TTL.toEphemeralOwner; nullopt when ttl is not in 1..kTtlMax.
std::optional<int64_t> ttl_ephemeral_owner(int64_t ttl_ms);
int64_t ttl_of(int64_t ephemeral_owner);  // the low 40 bits
// DataNode.getClientEphemeralOwner: clients see only session owners; containers and TTL nodes
// report 0.
int64_t client_ephemeral_owner(int64_t ephemeral_owner);

}  // namespace zab::data
