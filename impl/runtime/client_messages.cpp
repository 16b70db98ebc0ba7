#include "impl/runtime/client_messages.h"

#include <fmt/format.h>

#include "impl/core/overloaded.h"
#include "impl/wire/client_reply.h"
#include "impl/wire/client_request.h"
#include "impl/wire/framing.h"

namespace zab::runtime {

using data::OpCode;

namespace {

std::string describe_type(OpCode type) {
  return fmt::format("{} ({})", data::opcode_name(type), static_cast<int32_t>(type));
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
  return server::ClientRequest{header.xid,
                               server::RequestOp{header.type, std::move(*decoded->record)}};
}

Result<server::ConnectOp> read_connect_request(std::string_view payload, std::string client_address,
                                               int32_t length_max) {
  auto request = wire::decode_connect_request(payload, length_max);
  if (!request) return request.error();
  return server::ConnectOp{std::move(*request), std::move(client_address)};
}

std::string frame_to_client(const server::ToClient& msg) {
  return std::visit(Overloaded{
                        [](const wire::ConnectResponse& response) {
                          return wire::frame(wire::encode_connect_response(response));
                        },
                        [](const server::ClientReply& reply) {
                          // FinalRequestProcessor sends the header alone for an error.
                          const wire::ClientResponseRecord body =
                              reply.err == Code::kOk ? reply.body : wire::EmptyResponse{};
                          return wire::frame(wire::encode_reply(server::reply_header(reply), body));
                        },
                        [](const wire::WatcherEvent& event) {
                          return wire::frame(wire::encode_notification(event));
                        },
                    },
                    msg);
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
  return std::visit(Overloaded{
                        [](const server::ConnectOp& connect) {
                          return wire::frame(wire::encode_connect_request(connect.request));
                        },
                        [&](const server::RequestOp& op) {
                          return wire::frame(wire::encode_request(
                              wire::RequestHeader{request.cxid, op.type}, op.record));
                        },
                    },
                    request.op);
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
    return server::ToClient{std::move(*event)};
  }
  auto reply = wire::decode_reply(request_type, payload, length_max);
  if (!reply) return reply.error();
  return server::ToClient{
      server::ClientReply{reply->header.xid, zxid_from_server(reply->header.zxid),
                          static_cast<Code>(reply->header.err), std::move(reply->body)}};
}

Result<wire::ConnectResponse> read_connect_response(std::string_view payload, int32_t length_max) {
  return wire::decode_connect_response(payload, length_max);
}

}  // namespace zab::runtime
