// ZooKeeper's tree digest (DigestCalculator, version 2) and the TxnDigest a transaction carries.
//
// Per znode: a CRC32 of the path bytes ("" for the root), the data, and the 60 bytes of czxid,
// mzxid, pzxid, ctime, mtime (longs), version, cversion, aversion (ints) and ephemeralOwner
// (long), big-endian; znodes under "/zookeeper/" count 0 ("/zookeeper" itself counts). The tree
// digest is the sum of the per-znode values as a Java long (mod 2^64); ACLs are not part of it.
// DataTree keeps this sum incrementally (tree.h), as ZooKeeper's NodeHashMapImpl does.
//
// Since 3.6 the leader puts the digest of the tree *after* each txn into the txn (TxnDigest),
// and every server compares it with its own tree once it has applied the txn
// (DataTree.compareDigest): a mismatch is counted (mntr's zk_digest_mismatches_count) and logged,
// nothing else. Replicas that diverge therefore say so at the first txn where they do.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "impl/core/hasher.h"
#include "impl/data/stat.h"

namespace zab::data {

class JuteReader;
class JuteWriter;

inline constexpr int32_t kDigestVersion = 2;  // DigestCalculator.DIGEST_VERSION

// org.apache.zookeeper.txn.TxnDigest: {int version, long treeDigest}, 12 bytes after the record.
struct TxnDigest {
  int32_t version = 0;
  int64_t tree_digest = 0;
  ZK_FIELDS(version, tree_digest)
  bool operator==(const TxnDigest&) const = default;
};
inline constexpr size_t kTxnDigestBytes = 12;

void write_digest(JuteWriter& w, const TxnDigest& digest);
// SerializeUtils.deserializeTxn: the digest is read only when bytes remain after the record,
// and they must be exactly a digest. nullopt (reader untouched) unless exactly 12 bytes remain;
// the caller's expect_end then rejects any other remainder as trailing bytes.
std::optional<TxnDigest> read_digest(JuteReader& r);

// java.util.zip.CRC32. `running` continues an earlier value (0 is the empty input's).
uint32_t crc32(std::string_view bytes, uint32_t running = 0);

// DigestCalculator.calculateDigest for one znode; `path` may be "" or "/" for the root.
uint32_t znode_zk_digest(std::string_view path, std::string_view data, const StatPersisted& stat);

}  // namespace zab::data
