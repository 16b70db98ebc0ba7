// FileHeader (zookeeper.jute: int magic, int version, long dbid), the first 16 bytes of every
// transaction log and snapshot file.
#pragma once

#include <cstdint>
#include <string>

#include "impl/data/jute.h"

namespace zab::storage {

inline constexpr int32_t kTxnLogMagic = 0x5A4B4C47;    // "ZKLG" (FileTxnLog.TXNLOG_MAGIC)
inline constexpr int32_t kSnapshotMagic = 0x5A4B534E;  // "ZKSN" (FileSnap.SNAP_MAGIC)
inline constexpr int32_t kFormatVersion = 2;           // both files' VERSION
inline constexpr int64_t kTxnLogDbId = 0;              // FileTxnLog.dbId
inline constexpr int64_t kSnapshotDbId = -1;           // FileSnap.dbId
inline constexpr size_t kFileHeaderBytes = 16;

struct FileHeader {
  int32_t magic = 0;
  int32_t version = 0;
  int64_t dbid = 0;
  bool operator==(const FileHeader&) const = default;
};

void write_file_header(data::JuteWriter& out, const FileHeader& header);
FileHeader read_file_header(data::JuteReader& in);

// "ZKLG" for a known magic, else the number in hex.
std::string magic_name(int32_t magic);

}  // namespace zab::storage
