// A transaction as ZooKeeper puts it in a PROPOSAL or INFORM packet (Leader.propose:
// SerializeUtils.serializeRequest -> Util.marshallTxnEntry): the full jute TxnHeader (with the
// zxid, unlike impl/data's), the txn record, and a TxnDigest when digests are enabled (the 3.8
// default). The log entries of log.<hex> files carry the same bytes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "impl/core/errors.h"
#include "impl/data/txn.h"

namespace zab::wire {

// org.apache.zookeeper.txn.TxnHeader.
struct TxnHeader {
  int64_t client_id = 0;
  int32_t cxid = 0;
  int64_t zxid = 0;
  int64_t time = 0;  // ms, the leader's wall clock
  data::OpCode type = data::OpCode::kError;
  bool operator==(const TxnHeader&) const = default;

  data::TxnHeader without_zxid() const { return {client_id, cxid, time, type}; }
};

using data::TxnDigest;

struct TxnEntry {
  TxnHeader header;
  // nullopt only for a closeSession written without CloseSessionTxn (before 3.6, or with
  // zookeeper.closeSessionTxn.enabled=false).
  std::optional<data::TxnRecord> record;
  std::optional<TxnDigest> digest;
  bool operator==(const TxnEntry&) const = default;
};

// True when a txn of `type` carries `record` (SerializeUtils.deserializeTxn's table: reconfig
// carries a SetDataTxn, create2 a CreateTxn, deleteContainer a DeleteTxn).
bool txn_record_matches(data::OpCode type, const data::TxnRecord& record);

// The record must match the header's type (ZK_ASSERT).
std::string encode_txn_entry(const TxnEntry& entry);
// Header, record, then either nothing or exactly a 12-byte digest; anything else (an unknown
// type, a short record, stray bytes) is MARSHALLINGERROR naming what is wrong.
Result<TxnEntry> decode_txn_entry(std::string_view bytes);

}  // namespace zab::wire
