// The checksum ZooKeeper's files use, from zlib (java.util.zip computes the same values); the
// CRC32 of the tree digest is impl/data/zk_digest.h's.
#pragma once

#include <cstdint>
#include <string_view>

namespace zab::storage {

// java.util.zip.Adler32: each log record's checksum and the snapshot seals. `running` continues
// an earlier value (1 is the empty input's).
uint32_t adler32(std::string_view bytes, uint32_t running = 1);

}  // namespace zab::storage
