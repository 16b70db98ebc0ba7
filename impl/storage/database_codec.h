// The database as ZooKeeper serializes it (SerializeUtils.serializeSnapshot): the session table
// (int count, then long id and int timeout each), then DataTree.serialize: the ACL cache
// (acl_cache.h), every znode in pre-order as ustring path ("" for the root) and DataNode {buffer
// data, long acl id, StatPersisted}, and the path "/" marking the end. A snapshot file wraps it
// (snapshot_file.h); a leader streams it after a SNAP packet followed by the ustring "BenWasHere"
// (LearnerHandler.syncFollower, Learner.syncWithLeader).
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <variant>

#include "impl/core/errors.h"
#include "impl/data/database.h"
#include "impl/data/jute.h"

namespace zab::storage {

inline constexpr std::string_view kSnapSignature = "BenWasHere";

// Sessions in ascending id order, children in name order (ZooKeeper's order is a HashMap's; any
// order reads back the same).
void write_database(data::JuteWriter& out, const data::ZkDatabase& db);

// SerializeUtils.deserializeSnapshot + DataTree.deserialize. Failures are left in `in` (status(),
// truncated()); MARSHALLINGERROR for a znode whose ACL id is not cached, a missing parent, a
// repeated or malformed path, a negative count.
std::shared_ptr<const data::ZkDatabase> read_database(data::JuteReader& in);

// The bytes a leader sends after its SNAP packet: the database, then the signature.
std::string encode_snap_stream(const data::ZkDatabase& db);

// Reading a SNAP stream from the front of `bytes` (which may hold more, or not yet all of it).
struct SnapStreamBody {
  std::shared_ptr<const data::ZkDatabase> database;
  size_t consumed = 0;  // bytes up to and including the signature
};
struct SnapStreamIncomplete {};  // the bytes end before the signature: read more and retry
using SnapStreamRead = std::variant<SnapStreamBody, SnapStreamIncomplete, Error>;
SnapStreamRead decode_snap_stream(std::string_view bytes);

}  // namespace zab::storage
