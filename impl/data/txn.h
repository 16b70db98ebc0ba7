// The transaction records ZooKeeper logs (jute module org.apache.zookeeper.txn) and their jute
// encoding. The encoded bytes are zab::Txn's payload: TxnHeader, the record, then the TxnDigest
// when the leader computed one (zk_digest.h). Unlike ZooKeeper's log entry, the header has no
// zxid (zab::Txn carries it; the quorum core assigns it).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "impl/core/errors.h"
#include "impl/core/hasher.h"
#include "impl/data/opcode.h"
#include "impl/data/stat.h"
#include "impl/data/zk_digest.h"

namespace zab::data {

class JuteReader;
class JuteWriter;

// TxnHeader without the zxid: {long clientId, int cxid, long time, int type}.
struct TxnHeader {
  int64_t client_id = 0;  // the session that sent the request
  int32_t cxid = 0;       // the request's xid on that session
  int64_t time_ms = 0;    // the leader's wall clock when it prepared the txn
  OpCode type = OpCode::kError;
  ZK_FIELDS(client_id, cxid, time_ms, type)
  bool operator==(const TxnHeader&) const = default;
};

struct CreateTxn {
  std::string path;
  std::string data;
  AclList acl;
  bool ephemeral = false;       // owned by the header's session
  int32_t parent_cversion = 0;  // the parent's stored cversion after this create
  ZK_FIELDS(path, data, acl, ephemeral, parent_cversion)
  bool operator==(const CreateTxn&) const = default;
};
struct CreateContainerTxn {
  std::string path;
  std::string data;
  AclList acl;
  int32_t parent_cversion = 0;
  ZK_FIELDS(path, data, acl, parent_cversion)
  bool operator==(const CreateContainerTxn&) const = default;
};
struct CreateTtlTxn {
  std::string path;
  std::string data;
  AclList acl;
  int32_t parent_cversion = 0;
  int64_t ttl_ms = 0;
  ZK_FIELDS(path, data, acl, parent_cversion, ttl_ms)
  bool operator==(const CreateTtlTxn&) const = default;
};
struct DeleteTxn {
  std::string path;
  ZK_FIELDS(path)
  bool operator==(const DeleteTxn&) const = default;
};
struct SetDataTxn {
  std::string path;
  std::string data;
  int32_t version = 0;  // the new version
  ZK_FIELDS(path, data, version)
  bool operator==(const SetDataTxn&) const = default;
};
struct SetAclTxn {
  std::string path;
  AclList acl;
  int32_t version = 0;  // the new aversion
  ZK_FIELDS(path, acl, version)
  bool operator==(const SetAclTxn&) const = default;
};
struct CheckVersionTxn {
  std::string path;
  int32_t version = 0;  // the checked version + 1, as PrepRequestProcessor writes it
  ZK_FIELDS(path, version)
  bool operator==(const CheckVersionTxn&) const = default;
};
struct CreateSessionTxn {
  int32_t timeout_ms = 0;
  ZK_FIELDS(timeout_ms)
  bool operator==(const CreateSessionTxn&) const = default;
};
struct CloseSessionTxn {
  std::vector<std::string> paths_to_delete;  // the session's ephemerals when it was prepared
  ZK_FIELDS(paths_to_delete)
  bool operator==(const CloseSessionTxn&) const = default;
};
struct ErrorTxn {
  Code err = Code::kOk;
  ZK_FIELDS(err)
  bool operator==(const ErrorTxn&) const = default;
};

// What a multi may contain (DataTree.processTxn's multi switch). ErrorTxn comes first so that a
// default-constructed record is trivial (GCC 12 warns about moves of a defaulted CreateTxn).
using SubTxnRecord = std::variant<ErrorTxn, CreateTxn, CreateContainerTxn, CreateTtlTxn, DeleteTxn,
                                  SetDataTxn, CheckVersionTxn>;
// One jute Txn{int type, buffer data} of a MultiTxn, decoded.
struct SubTxn {
  OpCode type = OpCode::kError;
  SubTxnRecord record;
  ZK_FIELDS(type, record)
  bool operator==(const SubTxn&) const = default;
};
struct MultiTxn {
  std::vector<SubTxn> txns;
  ZK_FIELDS(txns)
  bool operator==(const MultiTxn&) const = default;
};

using TxnRecord =
    std::variant<ErrorTxn, CreateTxn, CreateContainerTxn, CreateTtlTxn, DeleteTxn, SetDataTxn,
                 SetAclTxn, CheckVersionTxn, CreateSessionTxn, CloseSessionTxn, MultiTxn>;

struct DecodedTxn {
  TxnHeader header;
  TxnRecord record;
  std::optional<TxnDigest> digest;  // the tree digest after this txn, when the leader sent one
  ZK_FIELDS(header, record, digest)
  bool operator==(const DecodedTxn&) const = default;
};

// True when a txn of `type` carries `record` (create and create2 both carry CreateTxn, delete and
// deleteContainer both DeleteTxn).
bool record_matches(OpCode type, const TxnRecord& record);
bool sub_record_matches(OpCode type, const SubTxnRecord& record);

// The jute bytes of a record alone (what a MultiTxn's Txn.data holds).
std::string encode_record(const TxnRecord& record);
std::string encode_sub_record(const SubTxnRecord& record);
// The payload: header + record (+ digest). The record must match the header's type.
std::string encode_txn(const TxnHeader& header, const TxnRecord& record,
                       const std::optional<TxnDigest>& digest = std::nullopt);
std::string encode_txn(const DecodedTxn& txn);

// The same for a record inside a larger one (a PROPOSAL's TxnHeader + record + TxnDigest, wire.md
// §4.4): reads the record of `type` at the reader's position, nullopt for a type that has none
// (the reader is left untouched then); a failure is the reader's status.
void write_record(JuteWriter& w, const TxnRecord& record);
std::optional<TxnRecord> read_record(OpCode type, JuteReader& r);

// Decoding checks every length, rejects trailing bytes (other than a payload's 12-byte digest),
// unknown types and types that may not appear where they are (a multi inside a multi, a session
// txn inside a multi); errors are MARSHALLINGERROR with the reason.
Result<TxnRecord> decode_record(OpCode type, std::string_view bytes);
Result<DecodedTxn> decode_txn(std::string_view payload);

std::string describe(const DecodedTxn& txn);  // "create /a s=0x1 cxid=3"

}  // namespace zab::data
