#include "impl/wire/client_request.h"

#include <fmt/format.h>

#include "impl/core/check.h"
#include "impl/wire/record_codec.h"

namespace zab::wire {
namespace {

// multi takes writes only and multiRead reads only (MultiOperationRecord refuses a mix; which
// kind the outer opcode allows is checked here).
void check_multi_kind(JuteReader& r, OpCode type, const MultiOperationRecord& multi) {
  const bool reads = type == OpCode::kMultiRead;
  for (const auto& op : multi.ops) {
    if (is_read_op(op.type) != reads) {
      r.reject(fmt::format("{} op in a {}", data::opcode_name(op.type), data::opcode_name(type)));
      return;
    }
  }
}

// Reads the record of `type` at the reader's position; the error, if any, names the op.
Result<ClientRequestRecord> read_request_record(JuteReader& r, OpCode type) {
  auto record = request_record_for(type);
  if (!record) {
    return make_error(Code::kUnimplemented, "unknown opcode {}", static_cast<int32_t>(type));
  }
  std::visit([&](auto& rec) { read(r, rec); }, *record);
  if (r.ok()) {
    if (const auto* multi = std::get_if<MultiOperationRecord>(&*record))
      check_multi_kind(r, type, *multi);
  }
  if (!r.ok()) {
    return make_error(Code::kMarshallingError, "{} request: {}", data::opcode_name(type),
                      r.status().error().message);
  }
  return std::move(*record);
}

}  // namespace

std::optional<ClientRequestRecord> request_record_for(OpCode type) {
  switch (type) {
    case OpCode::kPing:
    case OpCode::kCloseSession:
    case OpCode::kWhoAmI:
      return EmptyRequest{};
    case OpCode::kCreate:
    case OpCode::kCreate2:
    case OpCode::kCreateContainer:
      return CreateRequest{};
    case OpCode::kCreateTtl:
      return CreateTtlRequest{};
    case OpCode::kDelete:
    case OpCode::kDeleteContainer:
      return DeleteRequest{};
    case OpCode::kExists:
      return ExistsRequest{};
    case OpCode::kGetData:
      return GetDataRequest{};
    case OpCode::kSetData:
      return SetDataRequest{};
    case OpCode::kGetAcl:
      return GetAclRequest{};
    case OpCode::kSetAcl:
      return SetAclRequest{};
    case OpCode::kGetChildren:
      return GetChildrenRequest{};
    case OpCode::kGetChildren2:
      return GetChildren2Request{};
    case OpCode::kSync:
      return SyncRequest{};
    case OpCode::kCheck:
      return CheckVersionRequest{};
    case OpCode::kMulti:
    case OpCode::kMultiRead:
      return MultiOperationRecord{};
    case OpCode::kReconfig:
      return ReconfigRequest{};
    case OpCode::kCheckWatches:
      return CheckWatchesRequest{};
    case OpCode::kRemoveWatches:
      return RemoveWatchesRequest{};
    case OpCode::kAuth:
      return AuthPacket{};
    case OpCode::kSetWatches:
      return SetWatches{};
    case OpCode::kSetWatches2:
      return SetWatches2{};
    case OpCode::kSasl:
      return GetSaslRequest{};
    case OpCode::kGetEphemerals:
      return GetEphemeralsRequest{};
    case OpCode::kGetAllChildrenNumber:
      return GetAllChildrenNumberRequest{};
    case OpCode::kAddWatch:
      return AddWatchRequest{};
    case OpCode::kNotification:
    case OpCode::kCreateSession:
    case OpCode::kError:
      return std::nullopt;
  }
  return std::nullopt;  // a number ZooDefs.OpCode does not define
}

bool request_record_matches(OpCode type, const ClientRequestRecord& record) {
  const auto expected = request_record_for(type);
  return expected && expected->index() == record.index();
}

Result<DecodedRequest> decode_request(std::string_view payload, int32_t length_max) {
  JuteReader r(payload, length_max);
  RequestHeader header;
  read(r, header);
  if (!r.ok()) {
    return make_error(Code::kMarshallingError, "request header: {}", r.status().error().message);
  }
  auto record = read_request_record(r, header.type);
  const size_t trailing = record ? r.remaining() : 0;
  return DecodedRequest{header, std::move(record), trailing};
}

Result<ClientRequestRecord> decode_request_record(OpCode type, std::string_view bytes,
                                                  int32_t length_max) {
  JuteReader r(bytes, length_max);
  return read_request_record(r, type);
}

std::string encode_request(const RequestHeader& header, const ClientRequestRecord& record) {
  ZK_ASSERT_MSG(request_record_matches(header.type, record),
                std::string(data::opcode_name(header.type)));
  JuteWriter w;
  write(w, header);
  std::visit([&](const auto& rec) { write(w, rec); }, record);
  return w.take();
}

Result<ConnectRequest> decode_connect_request(std::string_view payload, int32_t length_max) {
  JuteReader r(payload, length_max);
  ConnectRequest request;
  read(r, request);
  if (!r.ok()) {
    return make_error(Code::kMarshallingError, "ConnectRequest: {}", r.status().error().message);
  }
  return request;
}

std::string encode_connect_request(const ConnectRequest& request) {
  JuteWriter w;
  write(w, request);
  return w.take();
}

}  // namespace zab::wire
