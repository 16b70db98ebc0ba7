// What a server sends a client: impl/wire's records (wire.md §1.3-1.11). A reply is ReplyHeader
// plus one response record, the record being EmptyResponse whenever err != 0 (FinalRequestProcessor
// sends only the header then); the ConnectResponse and watch notifications have frames of their
// own. The runtime encodes each with impl/wire's encoders and nothing else.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include "impl/core/errors.h"
#include "impl/core/hasher.h"
#include "impl/core/ids.h"
#include "impl/wire/client_reply.h"

namespace zab::server {

// The zxid of a reply to a request that never reached a txn: the Request's, -1 as a jute long
// (UnimplementedRequestProcessor).
inline constexpr Zxid kNoZxid{~uint64_t{0}};

// ReplyHeader{xid, zxid, err} in the server's types, and the record.
struct ClientReply {
  int32_t cxid = 0;  // xid: the request's (wire::kPingXid for pings, wire::kAuthXid for auth)
  Zxid zxid;         // the server's last processed zxid when it replied; a write's own zxid
  Code err = Code::kOk;
  wire::ClientResponseRecord body;  // EmptyResponse when err != 0
  ZK_FIELDS(cxid, zxid, err, body)
  bool operator==(const ClientReply&) const = default;
};
wire::ReplyHeader reply_header(const ClientReply& reply);

// Everything a server sends on a client connection:
//  - the ConnectResponse, first and without a header; a refused connect (wrong password, expired
//    or unknown session) is all zeros: timeOut 0, session 0 and 16 zero bytes, which every client
//    reads as "session expired". Its readOnly byte is there only if the client sent one;
//  - a ClientReply, in request order per connection (pings and auth included);
//  - a WatcherEvent (ReplyHeader{-1, -1, 0}), before the reply that follows the change.
using ToClient = std::variant<wire::ConnectResponse, ClientReply, wire::WatcherEvent>;
std::string describe(const ToClient& msg);

}  // namespace zab::server
