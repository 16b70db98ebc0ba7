#include "impl/data/stat.h"

#include <fmt/format.h>

namespace zab::data {

std::string to_string(const Stat& s) {
  return fmt::format(
      "czxid=0x{:x} mzxid=0x{:x} ctime={} mtime={} version={} cversion={} aversion={} "
      "ephemeralOwner=0x{:x} dataLength={} numChildren={} pzxid=0x{:x}",
      s.czxid, s.mzxid, s.ctime, s.mtime, s.version, s.cversion, s.aversion,
      static_cast<uint64_t>(s.ephemeral_owner), s.data_length, s.num_children, s.pzxid);
}

StatPersisted create_stat(int64_t zxid, int64_t time_ms, int64_t ephemeral_owner) {
  StatPersisted s;
  s.czxid = zxid;
  s.mzxid = zxid;
  s.ctime = time_ms;
  s.mtime = time_ms;
  s.ephemeral_owner = ephemeral_owner;
  s.pzxid = zxid;
  return s;
}

std::string to_string(const Acl& acl) {
  // zkCli's order of permission letters.
  std::string letters;
  if (acl.perms & perms::kCreate) letters += 'c';
  if (acl.perms & perms::kDelete) letters += 'd';
  if (acl.perms & perms::kRead) letters += 'r';
  if (acl.perms & perms::kWrite) letters += 'w';
  if (acl.perms & perms::kAdmin) letters += 'a';
  return fmt::format("{}:{}:{}", acl.id.scheme, acl.id.id, letters);
}

AclList open_acl_unsafe() {
  return {Acl{perms::kAll, Id{"world", "anyone"}}};
}
AclList read_acl_unsafe() {
  return {Acl{perms::kRead, Id{"world", "anyone"}}};
}
AclList creator_all_acl() {
  return {Acl{perms::kAll, Id{"auth", ""}}};
}

std::optional<CreateMode> create_mode_from_flags(int32_t flags) {
  if (flags < 0 || flags > 6) return std::nullopt;
  return static_cast<CreateMode>(flags);
}

bool is_ephemeral(CreateMode mode) {
  return mode == CreateMode::kEphemeral || mode == CreateMode::kEphemeralSequential;
}
bool is_sequential(CreateMode mode) {
  return mode == CreateMode::kPersistentSequential || mode == CreateMode::kEphemeralSequential ||
         mode == CreateMode::kPersistentSequentialWithTtl;
}
bool is_container(CreateMode mode) {
  return mode == CreateMode::kContainer;
}
bool is_ttl(CreateMode mode) {
  return mode == CreateMode::kPersistentWithTtl || mode == CreateMode::kPersistentSequentialWithTtl;
}

EphemeralType ephemeral_type(int64_t owner) {
  if ((static_cast<uint64_t>(owner) & kExtendedMask) == kExtendedMask) return EphemeralType::kTtl;
  if (owner == kContainerEphemeralOwner) return EphemeralType::kContainer;
  return owner == 0 ? EphemeralType::kVoid : EphemeralType::kNormal;
}

std::optional<int64_t> ttl_ephemeral_owner(int64_t ttl_ms) {
  if (ttl_ms <= 0 || ttl_ms > kTtlMax) return std::nullopt;
  return static_cast<int64_t>(kExtendedMask | static_cast<uint64_t>(ttl_ms));
}

int64_t ttl_of(int64_t owner) {
  return owner & kTtlMax;
}

int64_t client_ephemeral_owner(int64_t owner) {
  return ephemeral_type(owner) == EphemeralType::kNormal ? owner : 0;
}

}  // namespace zab::data
