// The snapshot file (FileSnap.serialize, wire.md §4.3): FileHeader {"ZKSN", 2, dbid -1}, the
// database (database_codec.h), a seal, then the digest section and a second seal. A seal
// (SnapStream.sealStream) is the long Adler-32 of every byte before it and the ustring "/"; the
// checksum runs over the whole stream, so the second seal covers the first. The digest section
// (DataTree.serializeZxidDigest) is ZxidDigest {long zxid, int digestVersion, long digest}; a
// snapshot without it (before 3.6) ends after the first seal.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "impl/core/errors.h"
#include "impl/core/ids.h"
#include "impl/data/database.h"
#include "impl/data/zxid_digest.h"

namespace zab::storage {

using data::ZxidDigest;

// The file for `db`, taken at `zxid` (the zxid of the last txn applied to it). The digest section
// is (zxid, 2, the tree digest of `db`): our snapshots are not fuzzy, so ZooKeeper compares it as
// soon as it has read the file (FileSnap.deserialize -> compareSnapshotDigests).
std::string encode_snapshot_file(const data::ZkDatabase& db, Zxid zxid);

struct SnapshotFile {
  std::shared_ptr<const data::ZkDatabase> database;
  std::optional<ZxidDigest> digest;  // absent in pre-3.6 snapshots
};

// FileSnap.deserialize + SnapStream.checkSealIntegrity: the magic, the database, both seals.
// Every error is MARSHALLINGERROR naming the byte offset. Stricter than ZooKeeper in two places
// that only reject damaged files: the seal's path must be "/" and nothing may follow the last seal.
Result<SnapshotFile> decode_snapshot_file(std::string_view bytes);

// SnapStream.isValidSnapshot for an uncompressed file: at least 10 bytes, ending with the ustring
// "/" (int 1, '/'). ZooKeeper's cheap pre-check before it deserializes a candidate.
bool looks_sealed(std::string_view bytes);

}  // namespace zab::storage
