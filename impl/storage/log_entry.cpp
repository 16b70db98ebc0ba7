#include "impl/storage/log_entry.h"

#include <fmt/format.h>

#include "impl/data/jute.h"
#include "impl/data/txn.h"

namespace zab::storage {
namespace {

constexpr size_t kZxidOffset = 12;  // after clientId (8) and cxid (4)
constexpr size_t kTxnDigestBytes = 12;

std::optional<TxnDigest> read_digest(std::string_view bytes) {
  data::JuteReader r(bytes);
  TxnDigest d;
  d.version = r.i32();
  d.tree_digest = r.i64();
  r.expect_end();
  if (!r.ok()) return std::nullopt;
  return d;
}

}  // namespace

Result<std::string> encode_log_entry(const Txn& txn, const std::optional<TxnDigest>& digest) {
  const std::string& payload = txn.payload();
  if (payload.size() < kPayloadHeaderBytes)
    return make_error(Code::kMarshallingError,
                      "txn {} has a {}-byte payload, shorter than a header", to_string(txn.zxid()),
                      payload.size());
  data::JuteWriter w;
  w.i64(static_cast<int64_t>(txn.zxid().value));
  std::string entry;
  entry.reserve(payload.size() + 8 + (digest ? kTxnDigestBytes : 0));
  entry.append(payload, 0, kZxidOffset);
  entry.append(w.bytes());
  entry.append(payload, kZxidOffset);
  if (digest) {
    data::JuteWriter d;
    d.i32(digest->version);
    d.i64(digest->tree_digest);
    entry.append(d.bytes());
  }
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
  std::optional<TxnDigest> digest;
  auto whole = data::decode_txn(payload);
  if (!whole) {
    const std::string_view rest = std::string_view(payload).substr(kPayloadHeaderBytes);
    const bool has_digest_room = rest.size() >= kTxnDigestBytes;
    const std::string_view without = std::string_view(payload).substr(
        0, payload.size() - (has_digest_room ? kTxnDigestBytes : 0));
    data::JuteReader header(payload);
    header.i64();
    header.i32();
    header.i64();
    const auto type = static_cast<data::OpCode>(header.i32());
    if (has_digest_room && data::decode_txn(without)) {
      digest = read_digest(rest.substr(rest.size() - kTxnDigestBytes));
      payload.resize(without.size());
    } else if (type == data::OpCode::kCloseSession &&
               (rest.empty() || rest.size() == kTxnDigestBytes)) {
      if (!rest.empty()) digest = read_digest(rest);
      payload.resize(kPayloadHeaderBytes);
      payload += data::encode_record(data::CloseSessionTxn{});
    } else {
      return make_error(Code::kMarshallingError, "txn 0x{:x}: {}", zxid->value,
                        whole.error().message);
    }
  }
  return LogEntry{make_txn(*zxid, std::move(payload)), digest};
}

}  // namespace zab::storage
