// The client port's messages as bytes: a request frame's payload read as the server layer's
// request (impl/server/client_protocol.h: impl/wire's records as decoded), and the server layer's
// replies and watch events (impl/server/client_responses.h) as whole frames in ZooKeeper 3.8's
// layout (impl/wire, research/wire.md §1). The other direction too, for the project's client
// (zabcli) and tests. Pure: no sockets, no clocks; the runtime's client port reads frames with
// wire::FrameReader and writes what these functions return.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

#include "impl/core/errors.h"
#include "impl/core/ids.h"
#include "impl/data/jute.h"
#include "impl/data/opcode.h"
#include "impl/server/client_protocol.h"
#include "impl/server/client_responses.h"

namespace zab::runtime {

// ---- server side --------------------------------------------------------------------------

// A request frame impl/wire cannot read. It is answered with a ReplyHeader{xid, zxid, err}
// (frame_refusal) and the connection is closed:
//  - UNIMPLEMENTED for an opcode ZooKeeper does not define (UnimplementedRequestProcessor answers
//    {xid, -1, -6} and closes);
//  - MARSHALLINGERROR for a record that does not parse (ZooKeeper's request processors answer
//    {xid, lastZxid, -5}; zabd also closes, as the issue asks for a malformed record).
// When not even the 8-byte RequestHeader is there, ZooKeeper's processPacket fails before it
// knows an xid and closes without a reply: `reply` is false and xid 0. (Opcodes wire reads but
// the server does not serve, such as sasl, go to the server layer, which answers UNIMPLEMENTED
// itself.)
struct RequestRefused {
  int32_t xid = 0;
  Code err = Code::kUnimplemented;
  std::string why;  // for the log: the opcode and what is wrong
  bool reply = true;
};

// One request frame's payload (no length) as the server layer's request. `length_max` bounds the
// buffers and strings inside the record (jute.maxbuffer plus its extra allowance).
std::variant<server::ClientRequest, RequestRefused> read_client_request(
    std::string_view payload, int32_t length_max = data::kJuteLengthMax);

// The connection's first frame (ConnectRequest, its readOnly byte kept as sent: the server
// answers an old client without one); `client_address` is the connection's ip identity.
// MARSHALLINGERROR when it does not parse (ZooKeeper closes the connection).
Result<server::ConnectOp> read_connect_request(std::string_view payload, std::string client_address,
                                               int32_t length_max = data::kJuteLengthMax);

// The bytes of one whole frame (4-byte length included) for a message to a client: the
// ConnectResponse without a ReplyHeader (37 bytes of payload, 36 without the readOnly byte); a
// ClientReply as ReplyHeader{cxid, zxid, err} and, only when err is 0, its record
// (FinalRequestProcessor sends the header alone for an error); a WatcherEvent as a notification
// (xid -1, zxid -1).
std::string frame_to_client(const server::ToClient& msg);
// The answer to a refused request: {xid, -1, UNIMPLEMENTED} as UnimplementedRequestProcessor
// (the Request's zxid, -1: checked against a real 3.8 server), {xid, last_zxid, err} otherwise.
// Empty when refused.reply is false (nothing to send; just close).
std::string frame_refusal(const RequestRefused& refused, Zxid last_zxid);

// ---- client side (zabcli, tests) ----------------------------------------------------------

// A request as a whole frame: RequestHeader{cxid, type} + its record; a ConnectOp as the
// ConnectRequest (no header), with the readOnly byte when the record has one.
std::string frame_client_request(const server::ClientRequest& request);

// The xid of a server frame's payload: -1 a notification, -2 a ping's reply, -4 an auth reply,
// otherwise the xid of the request it answers (replies come back in request order).
Result<int32_t> read_reply_xid(std::string_view payload);
// A server frame's payload (no length): a notification (xid -1) as a WatcherEvent, anything else
// as the ClientReply to a request of `request_type`, decoded strictly (bytes left over are
// malformed). A negative ReplyHeader zxid (-1 on an UNIMPLEMENTED reply) reads as 0: clients
// only take a zxid > 0 as their lastZxidSeen. MARSHALLINGERROR on any malformed frame.
Result<server::ToClient> read_server_message(std::string_view payload, data::OpCode request_type,
                                             int32_t length_max = data::kJuteLengthMax);
// The server's first frame. timeOut 0 means the session is expired or unknown (wire.md §1.3).
Result<wire::ConnectResponse> read_connect_response(std::string_view payload,
                                                    int32_t length_max = data::kJuteLengthMax);

}  // namespace zab::runtime
