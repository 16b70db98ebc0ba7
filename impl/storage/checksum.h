// The two checksums ZooKeeper's files use, from zlib (java.util.zip computes the same values).
#pragma once

#include <cstdint>
#include <string_view>

namespace zab::storage {

// java.util.zip.Adler32: each log record's checksum and the snapshot seals. `running` continues
// an earlier value (1 is the empty input's).
uint32_t adler32(std::string_view bytes, uint32_t running = 1);

// java.util.zip.CRC32: the hash DigestCalculator takes of each znode. `running` continues an
// earlier value (0 is the empty input's).
uint32_t crc32(std::string_view bytes, uint32_t running = 0);

}  // namespace zab::storage
