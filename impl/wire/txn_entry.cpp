#include "impl/wire/txn_entry.h"

#include <fmt/format.h>

#include "impl/core/check.h"
#include "impl/data/jute.h"

namespace zab::wire {

using data::OpCode;

namespace {

// The record type a txn of `type` is read as (reconfig's record is a SetDataTxn).
OpCode record_type(OpCode type) {
  return type == OpCode::kReconfig ? OpCode::kSetData : type;
}

}  // namespace

bool txn_record_matches(OpCode type, const data::TxnRecord& record) {
  if (type == OpCode::kReconfig) return std::holds_alternative<data::SetDataTxn>(record);
  // check is not a txn of its own in ZooKeeper (only inside a multi), nor is a session txn one
  // a client can name; data::record_matches already says which record each type carries.
  return data::record_matches(type, record);
}

std::string encode_txn_entry(const TxnEntry& entry) {
  const auto& h = entry.header;
  data::JuteWriter w;
  w.i64(h.client_id);
  w.i32(h.cxid);
  w.i64(h.zxid);
  w.i64(h.time);
  w.i32(static_cast<int32_t>(h.type));
  if (entry.record) {
    ZK_ASSERT_MSG(txn_record_matches(h.type, *entry.record),
                  std::string(data::opcode_name(h.type)));
    data::write_record(w, *entry.record);
  } else {
    ZK_ASSERT(h.type == OpCode::kCloseSession);
  }
  if (entry.digest) data::write_digest(w, *entry.digest);
  return w.take();
}

Result<TxnEntry> decode_txn_entry(std::string_view bytes) {
  data::JuteReader r(bytes);
  TxnEntry entry;
  auto& h = entry.header;
  h.client_id = r.i64();
  h.cxid = r.i32();
  h.zxid = r.i64();
  h.time = r.i64();
  h.type = static_cast<OpCode>(r.i32());
  if (!r.ok())
    return make_error(Code::kMarshallingError, "TxnHeader: {}", r.status().error().message);
  // SerializeUtils.deserializeTxn: a closeSession with nothing after its header is the layout
  // from before CloseSessionTxn. (One without CloseSessionTxn but with a digest, from a server
  // run with zookeeper.closeSessionTxn.enabled=false, is ambiguous and read as a record.)
  const bool bare_close = h.type == OpCode::kCloseSession && r.remaining() == 0;
  if (!bare_close) {
    entry.record = data::read_record(record_type(h.type), r);
    if (!entry.record) {
      return make_error(Code::kMarshallingError, "unsupported txn type {}",
                        static_cast<int32_t>(h.type));
    }
  }
  entry.digest = data::read_digest(r);
  r.expect_end();
  if (!r.ok()) {
    return make_error(Code::kMarshallingError, "{} txn: {}", data::opcode_name(h.type),
                      r.status().error().message);
  }
  return entry;
}

}  // namespace zab::wire
