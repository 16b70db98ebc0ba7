#include "impl/runtime/client_messages.h"

#include <fmt/format.h>

#include "impl/core/overloaded.h"
#include "impl/runtime/client_records.h"
#include "impl/wire/client_reply.h"
#include "impl/wire/client_request.h"
#include "impl/wire/framing.h"

namespace zab::runtime {

using data::OpCode;

namespace {

std::string describe_type(OpCode type) {
  return fmt::format("{} ({})", data::opcode_name(type), static_cast<int32_t>(type));
}

wire::ReplyHeader reply_header(const server::ClientReply& reply) {
  return wire::ReplyHeader{reply.cxid, static_cast<int64_t>(reply.zxid.value),
                           static_cast<int32_t>(reply.err)};
}

Zxid zxid_from_server(int64_t value) {
  return Zxid{value < 0 ? 0 : static_cast<uint64_t>(value)};
}

}  // namespace

std::variant<server::ClientRequest, RequestRefused> read_client_request(std::string_view payload,
                                                                        int32_t length_max) {
  auto decoded = wire::decode_request(payload, length_max);
  if (!decoded) {
    return RequestRefused{
        0, decoded.error().code,
        fmt::format("{}-byte request: {}", payload.size(), decoded.error().message), false};
  }
  const wire::RequestHeader& header = decoded->header;
  if (!decoded->record) {
    const Error& e = decoded->record.error();
    return RequestRefused{
        header.xid, e.code,
        fmt::format("xid {} {}: {}", header.xid, describe_type(header.type), e.message)};
  }
  auto op = client_op_from_record(header.type, *decoded->record);
  if (!op) {
    return RequestRefused{header.xid, op.error().code,
                          fmt::format("xid {}: {}", header.xid, op.error().message)};
  }
  return server::ClientRequest{header.xid, std::move(op).value()};
}

Result<ConnectRequestFrame> read_connect_frame(std::string_view payload, std::string client_address,
                                               int32_t length_max) {
  auto request = wire::decode_connect_request(payload, length_max);
  if (!request) return request.error();
  return ConnectRequestFrame{connect_op_from_record(*request, std::move(client_address)),
                             request->read_only.has_value()};
}

Result<server::ConnectOp> read_connect_request(std::string_view payload, std::string client_address,
                                               int32_t length_max) {
  auto frame = read_connect_frame(payload, std::move(client_address), length_max);
  if (!frame) return frame.error();
  return std::move(frame).value().op;
}

std::string frame_to_client(const server::ToClient& msg) {
  return std::visit(
      Overloaded{
          [](const server::ClientReply& reply) {
            if (const auto* connect = std::get_if<server::ConnectResponse>(&reply.response))
              return frame_connect_response(*connect, true);
            const wire::ClientResponseRecord body = reply.err == Code::kOk
                                                        ? response_record_from(reply.response)
                                                        : wire::EmptyResponse{};
            return wire::frame(wire::encode_reply(reply_header(reply), body));
          },
          [](const server::WatchEventMsg& event) {
            return wire::frame(
                wire::encode_notification(wire::WatcherEvent{event.type, event.state, event.path}));
          },
      },
      msg);
}

std::string frame_connect_response(const server::ConnectResponse& response, bool read_only_byte) {
  wire::ConnectResponse record = connect_response_record(response);
  if (!read_only_byte) record.read_only.reset();
  return wire::frame(wire::encode_connect_response(record));
}

std::string frame_refusal(const RequestRefused& refused, Zxid last_zxid) {
  if (!refused.reply) return {};
  const wire::ReplyHeader header =
      refused.err == Code::kUnimplemented
          ? wire::unimplemented_reply_header(refused.xid)
          : wire::ReplyHeader{refused.xid, static_cast<int64_t>(last_zxid.value),
                              static_cast<int32_t>(refused.err)};
  return wire::frame(wire::encode_reply(header, wire::EmptyResponse{}));
}

std::string frame_client_request(const server::ClientRequest& request) {
  if (const auto* connect = std::get_if<server::ConnectOp>(&request.op))
    return frame_connect_request(*connect);
  const RequestRecord r = record_from_client_op(request.op);
  return wire::frame(wire::encode_request(wire::RequestHeader{request.cxid, r.type}, r.record));
}

std::string frame_connect_request(const server::ConnectOp& op) {
  return wire::frame(wire::encode_connect_request(connect_request_from_op(op)));
}

Result<int32_t> read_reply_xid(std::string_view payload) {
  auto header = wire::decode_reply_header(payload);
  if (!header) return header.error();
  return header->xid;
}

Result<server::ToClient> read_server_message(std::string_view payload, OpCode request_type,
                                             int32_t length_max) {
  auto xid = read_reply_xid(payload);
  if (!xid) return xid.error();
  if (*xid == wire::kNotificationXid) {
    auto event = wire::decode_notification(payload, length_max);
    if (!event) return event.error();
    return server::ToClient{server::WatchEventMsg{event->path, event->type, event->state}};
  }
  auto reply = wire::decode_reply(request_type, payload, length_max);
  if (!reply) return reply.error();
  auto response = response_from_record(reply->body);
  if (!response) return response.error();
  return server::ToClient{
      server::ClientReply{reply->header.xid, zxid_from_server(reply->header.zxid),
                          static_cast<Code>(reply->header.err), std::move(response).value()}};
}

Result<server::ClientReply> read_connect_response(std::string_view payload, int32_t length_max) {
  auto response = wire::decode_connect_response(payload, length_max);
  if (!response) return response.error();
  return server::ClientReply{0, Zxid{}, Code::kOk, connect_response_from_record(*response)};
}

}  // namespace zab::runtime
