#include "impl/wire/client_reply.h"

#include <fmt/format.h>

#include "impl/core/check.h"
#include "impl/wire/record_codec.h"

namespace zab::wire {
namespace {

Error malformed(std::string_view what, const JuteReader& r) {
  return make_error(Code::kMarshallingError, "{}: {}", what, r.status().error().message);
}

}  // namespace

std::optional<ClientResponseRecord> response_record_for(OpCode type) {
  switch (type) {
    case OpCode::kDelete:
    case OpCode::kDeleteContainer:
    case OpCode::kPing:
    case OpCode::kCloseSession:
    case OpCode::kCheckWatches:
    case OpCode::kRemoveWatches:
    case OpCode::kAuth:
    case OpCode::kSetWatches:
    case OpCode::kSetWatches2:
      return EmptyResponse{};
    case OpCode::kCreate:
      return CreateResponse{};
    case OpCode::kCreate2:
    case OpCode::kCreateContainer:
    case OpCode::kCreateTtl:
      return Create2Response{};
    case OpCode::kExists:
      return ExistsResponse{};
    case OpCode::kGetData:
    case OpCode::kReconfig:
      return GetDataResponse{};
    case OpCode::kSetData:
    case OpCode::kCheck:
      return SetDataResponse{};
    case OpCode::kGetAcl:
      return GetAclResponse{};
    case OpCode::kSetAcl:
      return SetAclResponse{};
    case OpCode::kGetChildren:
      return GetChildrenResponse{};
    case OpCode::kGetChildren2:
      return GetChildren2Response{};
    case OpCode::kSync:
      return SyncResponse{};
    case OpCode::kMulti:
    case OpCode::kMultiRead:
      return MultiResponse{};
    case OpCode::kAddWatch:
      return ErrorResponse{};
    case OpCode::kSasl:
      return SetSaslResponse{};
    case OpCode::kGetEphemerals:
      return GetEphemeralsResponse{};
    case OpCode::kGetAllChildrenNumber:
      return GetAllChildrenNumberResponse{};
    case OpCode::kWhoAmI:
      return WhoAmIResponse{};
    case OpCode::kNotification:
    case OpCode::kCreateSession:
    case OpCode::kError:
      return std::nullopt;
  }
  return std::nullopt;
}

std::string encode_reply(const ReplyHeader& header, const ClientResponseRecord& body) {
  ZK_ASSERT_MSG(header.err == 0 || std::holds_alternative<EmptyResponse>(body),
                fmt::format("a reply with err {} carries a body", header.err));
  JuteWriter w;
  write(w, header);
  std::visit([&](const auto& record) { write(w, record); }, body);
  return w.take();
}

std::string encode_notification(const WatcherEvent& event) {
  JuteWriter w;
  write(w, kNotificationHeader);
  write(w, event);
  return w.take();
}

std::string encode_connect_response(const ConnectResponse& response) {
  JuteWriter w;
  write(w, response);
  return w.take();
}

Result<ReplyHeader> decode_reply_header(std::string_view payload) {
  JuteReader r(payload);
  ReplyHeader header;
  read(r, header);
  if (!r.ok()) return malformed("reply header", r);
  return header;
}

Result<Reply> decode_reply(OpCode request_type, std::string_view payload, int32_t length_max) {
  JuteReader r(payload, length_max);
  ReplyHeader header;
  read(r, header);
  if (!r.ok()) return malformed("reply header", r);
  ClientResponseRecord body = EmptyResponse{};
  if (header.err == 0) {
    auto expected = response_record_for(request_type);
    if (!expected) {
      return make_error(Code::kMarshallingError, "no reply record for opcode {}",
                        static_cast<int32_t>(request_type));
    }
    body = std::move(*expected);
    std::visit([&](auto& record) { read(r, record); }, body);
  }
  r.expect_end();
  if (!r.ok()) return malformed(fmt::format("{} reply", data::opcode_name(request_type)), r);
  return Reply{header, std::move(body)};
}

Result<WatcherEvent> decode_notification(std::string_view payload, int32_t length_max) {
  JuteReader r(payload, length_max);
  ReplyHeader header;
  read(r, header);
  if (r.ok() && header.xid != kNotificationXid)
    r.reject(fmt::format("xid {} is not a notification", header.xid));
  WatcherEvent event;
  read(r, event);
  r.expect_end();
  if (!r.ok()) return malformed("notification", r);
  return event;
}

Result<ConnectResponse> decode_connect_response(std::string_view payload, int32_t length_max) {
  JuteReader r(payload, length_max);
  ConnectResponse response;
  read(r, response);
  r.expect_end();
  if (!r.ok()) return malformed("ConnectResponse", r);
  return response;
}

}  // namespace zab::wire
