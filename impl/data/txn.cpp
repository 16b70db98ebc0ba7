#include "impl/data/txn.h"

#include <fmt/format.h>

#include "impl/core/overloaded.h"
#include "impl/data/jute.h"

namespace zab::data {
namespace {

void write(JuteWriter& w, const CreateTxn& t) {
  w.ustring(t.path);
  w.buffer(t.data);
  w.acl_list(t.acl);
  w.boolean(t.ephemeral);
  w.i32(t.parent_cversion);
}
void write(JuteWriter& w, const CreateContainerTxn& t) {
  w.ustring(t.path);
  w.buffer(t.data);
  w.acl_list(t.acl);
  w.i32(t.parent_cversion);
}
void write(JuteWriter& w, const CreateTtlTxn& t) {
  w.ustring(t.path);
  w.buffer(t.data);
  w.acl_list(t.acl);
  w.i32(t.parent_cversion);
  w.i64(t.ttl_ms);
}
void write(JuteWriter& w, const DeleteTxn& t) {
  w.ustring(t.path);
}
void write(JuteWriter& w, const SetDataTxn& t) {
  w.ustring(t.path);
  w.buffer(t.data);
  w.i32(t.version);
}
void write(JuteWriter& w, const SetAclTxn& t) {
  w.ustring(t.path);
  w.acl_list(t.acl);
  w.i32(t.version);
}
void write(JuteWriter& w, const CheckVersionTxn& t) {
  w.ustring(t.path);
  w.i32(t.version);
}
void write(JuteWriter& w, const CreateSessionTxn& t) {
  w.i32(t.timeout_ms);
}
void write(JuteWriter& w, const CloseSessionTxn& t) {
  w.string_list(t.paths_to_delete);
}
void write(JuteWriter& w, const ErrorTxn& t) {
  w.i32(static_cast<int32_t>(t.err));
}
void write(JuteWriter& w, const MultiTxn& t) {
  w.i32(static_cast<int32_t>(t.txns.size()));
  for (const auto& sub : t.txns) {
    ZK_ASSERT(sub_record_matches(sub.type, sub.record));
    w.i32(static_cast<int32_t>(sub.type));
    w.buffer(encode_sub_record(sub.record));
  }
}

CreateTxn read_create(JuteReader& r) {
  CreateTxn t;
  t.path = r.ustring();
  t.data = r.buffer();
  t.acl = r.acl_list();
  t.ephemeral = r.boolean();
  t.parent_cversion = r.i32();
  return t;
}
CreateContainerTxn read_create_container(JuteReader& r) {
  CreateContainerTxn t;
  t.path = r.ustring();
  t.data = r.buffer();
  t.acl = r.acl_list();
  t.parent_cversion = r.i32();
  return t;
}
CreateTtlTxn read_create_ttl(JuteReader& r) {
  CreateTtlTxn t;
  t.path = r.ustring();
  t.data = r.buffer();
  t.acl = r.acl_list();
  t.parent_cversion = r.i32();
  t.ttl_ms = r.i64();
  return t;
}
SetDataTxn read_set_data(JuteReader& r) {
  SetDataTxn t;
  t.path = r.ustring();
  t.data = r.buffer();
  t.version = r.i32();
  return t;
}
SetAclTxn read_set_acl(JuteReader& r) {
  SetAclTxn t;
  t.path = r.ustring();
  t.acl = r.acl_list();
  t.version = r.i32();
  return t;
}
CheckVersionTxn read_check(JuteReader& r) {
  CheckVersionTxn t;
  t.path = r.ustring();
  t.version = r.i32();
  return t;
}

bool is_sub_type(OpCode type) {
  switch (type) {
    case OpCode::kCreate:
    case OpCode::kCreate2:
    case OpCode::kCreateContainer:
    case OpCode::kCreateTtl:
    case OpCode::kDelete:
    case OpCode::kDeleteContainer:
    case OpCode::kSetData:
    case OpCode::kCheck:
    case OpCode::kError:
      return true;
    default:
      return false;
  }
}

MultiTxn read_multi(JuteReader& r) {
  MultiTxn multi;
  const int32_t n = r.i32();
  // Each Txn is at least a type and a buffer length (8 bytes).
  if (r.ok() && (n < -1 || (n > 0 && static_cast<size_t>(n) > r.remaining() / 8))) {
    r.reject(fmt::format("unreasonable multi count {}", n));
  }
  for (int32_t k = 0; k < n && r.ok(); ++k) {
    const auto type = static_cast<OpCode>(r.i32());
    const std::string bytes = r.buffer();
    if (!r.ok()) break;
    if (!is_sub_type(type)) {
      r.reject(fmt::format("txn type {} not allowed in a multi", static_cast<int32_t>(type)));
      break;
    }
    JuteReader sub(bytes);
    auto record = read_record(type, sub);
    sub.expect_end();
    if (!sub.ok()) {
      r.reject(fmt::format("sub-txn {}: {}", k, sub.status().error().message));
      break;
    }
    std::visit(
        [&](auto& rec) {
          using R = std::decay_t<decltype(rec)>;
          if constexpr (std::is_constructible_v<SubTxnRecord, R>) {
            multi.txns.push_back(SubTxn{type, std::move(rec)});
          }
        },
        *record);
  }
  return multi;
}

}  // namespace

std::optional<TxnRecord> read_record(OpCode type, JuteReader& r) {
  switch (type) {
    case OpCode::kCreate:
    case OpCode::kCreate2:
      return read_create(r);
    case OpCode::kCreateContainer:
      return read_create_container(r);
    case OpCode::kCreateTtl:
      return read_create_ttl(r);
    case OpCode::kDelete:
    case OpCode::kDeleteContainer:
      return DeleteTxn{r.ustring()};
    case OpCode::kSetData:
      return read_set_data(r);
    case OpCode::kSetAcl:
      return read_set_acl(r);
    case OpCode::kCheck:
      return read_check(r);
    case OpCode::kCreateSession:
      return CreateSessionTxn{r.i32()};
    case OpCode::kCloseSession:
      return CloseSessionTxn{r.string_list()};
    case OpCode::kError:
      return ErrorTxn{static_cast<Code>(r.i32())};
    case OpCode::kMulti:
      return read_multi(r);
    default:
      return std::nullopt;
  }
}

void write_record(JuteWriter& w, const TxnRecord& record) {
  std::visit([&](const auto& r) { write(w, r); }, record);
}

bool record_matches(OpCode type, const TxnRecord& record) {
  return std::visit(
      Overloaded{
          [&](const CreateTxn&) { return type == OpCode::kCreate || type == OpCode::kCreate2; },
          [&](const CreateContainerTxn&) { return type == OpCode::kCreateContainer; },
          [&](const CreateTtlTxn&) { return type == OpCode::kCreateTtl; },
          [&](const DeleteTxn&) {
            return type == OpCode::kDelete || type == OpCode::kDeleteContainer;
          },
          [&](const SetDataTxn&) { return type == OpCode::kSetData; },
          [&](const SetAclTxn&) { return type == OpCode::kSetAcl; },
          [&](const CheckVersionTxn&) { return type == OpCode::kCheck; },
          [&](const CreateSessionTxn&) { return type == OpCode::kCreateSession; },
          [&](const CloseSessionTxn&) { return type == OpCode::kCloseSession; },
          [&](const ErrorTxn&) { return type == OpCode::kError; },
          [&](const MultiTxn&) { return type == OpCode::kMulti; },
      },
      record);
}

bool sub_record_matches(OpCode type, const SubTxnRecord& record) {
  return is_sub_type(type) &&
         std::visit([&](const auto& r) { return record_matches(type, TxnRecord(r)); }, record);
}

std::string encode_record(const TxnRecord& record) {
  JuteWriter w;
  write_record(w, record);
  return w.take();
}

std::string encode_sub_record(const SubTxnRecord& record) {
  JuteWriter w;
  std::visit([&](const auto& r) { write(w, r); }, record);
  return w.take();
}

std::string encode_txn(const TxnHeader& header, const TxnRecord& record,
                       const std::optional<TxnDigest>& digest) {
  ZK_ASSERT_MSG(record_matches(header.type, record), std::string(opcode_name(header.type)));
  JuteWriter w;
  w.i64(header.client_id);
  w.i32(header.cxid);
  w.i64(header.time_ms);
  w.i32(static_cast<int32_t>(header.type));
  write_record(w, record);
  if (digest) write_digest(w, *digest);
  return w.take();
}

std::string encode_txn(const DecodedTxn& txn) {
  return encode_txn(txn.header, txn.record, txn.digest);
}

Result<TxnRecord> decode_record(OpCode type, std::string_view bytes) {
  JuteReader r(bytes);
  auto record = read_record(type, r);
  if (!record) {
    return make_error(Code::kMarshallingError, "unknown txn type {}", static_cast<int32_t>(type));
  }
  r.expect_end();
  if (!r.ok()) return r.status().error();
  return std::move(*record);
}

Result<DecodedTxn> decode_txn(std::string_view payload) {
  JuteReader r(payload);
  TxnHeader header;
  header.client_id = r.i64();
  header.cxid = r.i32();
  header.time_ms = r.i64();
  header.type = static_cast<OpCode>(r.i32());
  if (!r.ok()) return r.status().error();
  auto record = read_record(header.type, r);
  if (!record) {
    return make_error(Code::kMarshallingError, "unknown txn type {}",
                      static_cast<int32_t>(header.type));
  }
  auto digest = read_digest(r);
  r.expect_end();
  if (!r.ok()) return r.status().error();
  return DecodedTxn{header, std::move(*record), digest};
}

std::string describe(const DecodedTxn& txn) {
  const auto path = std::visit(
      [](const auto& r) -> std::string {
        if constexpr (requires { r.path; }) {
          return " " + r.path;
        } else {
          return "";
        }
      },
      txn.record);
  return fmt::format("{}{} session=0x{:x} cxid={}", opcode_name(txn.header.type), path,
                     static_cast<uint64_t>(txn.header.client_id), txn.header.cxid);
}

}  // namespace zab::data
