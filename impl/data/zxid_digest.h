// DataTree.ZxidDigest: the tree digest (zk_digest.h) after a zxid, as a snapshot's digest section
// stores it and the `hash` word lists it (the digest log: every 128th zxid).
#pragma once

#include <cstdint>

#include "impl/core/ids.h"
#include "impl/data/zk_digest.h"

namespace zab::data {

struct ZxidDigest {
  Zxid zxid;
  int32_t version = kDigestVersion;
  int64_t digest = 0;
  bool operator==(const ZxidDigest&) const = default;
};

}  // namespace zab::data
