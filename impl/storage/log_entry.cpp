#include "impl/storage/log_entry.h"

#include <fmt/format.h>

#include "impl/data/jute.h"
#include "impl/data/txn.h"

namespace zab::storage {
namespace {

constexpr size_t kZxidOffset = 12;  // after clientId (8) and cxid (4)

}  // namespace

Result<std::string> encode_log_entry(const Txn& txn) {
  const std::string& payload = txn.payload();
  if (payload.size() < kPayloadHeaderBytes)
    return make_error(Code::kMarshallingError,
                      "txn {} has a {}-byte payload, shorter than a header", to_string(txn.zxid()),
                      payload.size());
  data::JuteWriter w;
  w.i64(static_cast<int64_t>(txn.zxid().value));
  std::string entry;
  entry.reserve(payload.size() + 8);
  entry.append(payload, 0, kZxidOffset);
  entry.append(w.bytes());
  entry.append(payload, kZxidOffset);
  return entry;
}

std::optional<Zxid> entry_zxid(std::string_view entry) {
  if (entry.size() < kTxnHeaderBytes) return std::nullopt;
  data::JuteReader r(entry.substr(kZxidOffset, 8));
  return Zxid{static_cast<uint64_t>(r.i64())};
}

Result<LogEntry> decode_log_entry(std::string_view entry) {
  const auto zxid = entry_zxid(entry);
  if (!zxid)
    return make_error(Code::kMarshallingError, "a {}-byte entry is shorter than a TxnHeader",
                      entry.size());
  // zab::Txn's payload: the header without the zxid, then whatever follows it.
  std::string payload;
  payload.reserve(entry.size() - 8);
  payload.append(entry.substr(0, kZxidOffset));
  payload.append(entry.substr(kZxidOffset + 8));
  auto whole = data::decode_txn(payload);
  if (whole) return LogEntry{make_txn(*zxid, std::move(payload)), whole->digest};
  // A closeSession with no record, with or without a digest after the header.
  data::JuteReader r(payload);
  data::TxnHeader header;
  header.client_id = r.i64();
  header.cxid = r.i32();
  header.time_ms = r.i64();
  header.type = static_cast<data::OpCode>(r.i32());
  const auto digest = data::read_digest(r);
  r.expect_end();
  if (header.type != data::OpCode::kCloseSession || !r.ok()) {
    return make_error(Code::kMarshallingError, "txn 0x{:x}: {}", zxid->value,
                      whole.error().message);
  }
  return LogEntry{make_txn(*zxid, data::encode_txn(header, data::CloseSessionTxn{}, digest)),
                  digest};
}

}  // namespace zab::storage
