// One transaction as ZooKeeper's log stores it (TxnLogEntry), against zab::Txn.
//
// zab::Txn's payload is impl/data's encoding: TxnHeader *without* the zxid ({long clientId, int
// cxid, long time, int type}, 24 bytes), then the record. ZooKeeper's entry (Util.marshallTxnEntry)
// is TxnHeader with the zxid between cxid and time ({clientId, cxid, zxid, time, type}, 32 bytes),
// the record, and in 3.8 an optional TxnDigest {int version, long treeDigest}, which zab::Txn's
// payload carries after the record too when the leader computed one (impl/data/zk_digest.h).
// SerializeUtils.deserializeTxn reads the digest only if bytes remain, so entries without one
// are valid 3.8 entries.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "impl/core/errors.h"
#include "impl/core/txn.h"
#include "impl/data/zk_digest.h"

namespace zab::storage {

struct LogEntry {
  TxnRef txn;  // its payload keeps the digest, if any
  std::optional<data::TxnDigest> digest;
};

inline constexpr size_t kTxnHeaderBytes = 32;      // TxnHeader with the zxid
inline constexpr size_t kPayloadHeaderBytes = 24;  // zab::Txn's header, without it

// The entry for `txn`. MARSHALLINGERROR when the payload is shorter than its header.
Result<std::string> encode_log_entry(const Txn& txn);

// SerializeUtils.deserializeTxn, then the zxid moved out of the header into zab::Txn. The record
// must decode (impl/data's decode_txn) with or without a 12-byte TxnDigest after it; a
// closeSession without a record (written with zookeeper.closeSessionTxn.enabled=false) becomes an
// empty CloseSessionTxn, which applies the same way (the session's ephemerals go). Errors are
// MARSHALLINGERROR naming the zxid when it could be read.
Result<LogEntry> decode_log_entry(std::string_view entry);

// The zxid in an entry's header, without decoding the rest; nullopt when it is too short.
std::optional<Zxid> entry_zxid(std::string_view entry);

}  // namespace zab::storage
