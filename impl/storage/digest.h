// ZooKeeper's tree digest (DigestCalculator, version 2), computed exactly as 3.8 does: per znode
// a CRC32 of the path bytes ("" for the root), the data, and the 60 bytes of czxid, mzxid, pzxid,
// ctime, mtime (longs), version, cversion, aversion (ints) and ephemeralOwner (long), big-endian;
// znodes under "/zookeeper/" count 0 ("/zookeeper" itself counts); the tree digest is the sum of
// the per-znode values as a Java long (mod 2^64). ACLs are not part of it.
//
// This is not impl/data's DataTree::digest(), which the checker uses as a fingerprint and which
// covers ACLs and the whole tree. Here the digest is recomputed by a full walk, which is what a
// snapshot needs once; log_entry.h says why log records carry no TxnDigest.
#pragma once

#include <cstdint>
#include <string_view>

#include "impl/data/tree.h"

namespace zab::storage {

inline constexpr int32_t kDigestVersion = 2;  // DigestCalculator.DIGEST_VERSION

// DigestCalculator.calculateDigest for one znode; `path` may be "" or "/" for the root.
uint32_t znode_zk_digest(std::string_view path, std::string_view data,
                         const data::StatPersisted& stat);

// DataTree.getTreeDigest.
uint64_t tree_zk_digest(const data::DataTree& tree);

}  // namespace zab::storage
