// Server frames as bytes: ReplyHeader + the response record (only when err is 0; wire.md §1.6),
// watch notifications (xid -1) and the ConnectResponse. The server encodes them; the project's
// client decodes them, strictly: a reply with bytes left over is malformed, so a test against our
// own server catches a wrong layout instead of reading past it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "impl/core/errors.h"
#include "impl/data/jute.h"
#include "impl/wire/multi.h"
#include "impl/wire/records.h"

namespace zab::wire {

using ClientResponseRecord =
    std::variant<EmptyResponse, CreateResponse, Create2Response, ExistsResponse, GetDataResponse,
                 SetDataResponse, GetAclResponse, SetAclResponse, GetChildrenResponse,
                 GetChildren2Response, SyncResponse, MultiResponse, ErrorResponse, SetSaslResponse,
                 GetEphemeralsResponse, GetAllChildrenNumberResponse, WhoAmIResponse>;

// What a successful reply to a request of `type` carries (FinalRequestProcessor): e.g. a
// CreateResponse for create, a Create2Response for create2/createContainer/createTTL, a
// SetDataResponse for check, a GetDataResponse for reconfig, an ErrorResponse (err 0) for
// addWatch, nothing for delete/ping/auth/setWatches/closeSession. nullopt for a type no client
// may send (request_record_for refuses it too).
std::optional<ClientResponseRecord> response_record_for(OpCode type);

struct Reply {
  ReplyHeader header;
  ClientResponseRecord body;  // EmptyResponse whenever header.err != 0
  bool operator==(const Reply&) const = default;
};

// The reply to an unknown opcode: {xid, zxid -1, UNIMPLEMENTED} (UnimplementedRequestProcessor
// answers with the Request's zxid, which is -1 for a request that never reached a txn).
inline ReplyHeader unimplemented_reply_header(int32_t xid) {
  return ReplyHeader{xid, -1, static_cast<int32_t>(Code::kUnimplemented)};
}
// The header of a watch notification: {-1, -1, 0} in 3.8 (wire.md §1.4).
inline constexpr ReplyHeader kNotificationHeader{kNotificationXid, -1, 0};

// Server side. A reply with err != 0 must carry EmptyResponse (ZK_ASSERT).
std::string encode_reply(const ReplyHeader& header, const ClientResponseRecord& body);
std::string encode_notification(const WatcherEvent& event);
// 37 bytes with the readOnly byte, 36 without (answer an old client without it).
std::string encode_connect_response(const ConnectResponse& response);

// Client side. decode_reply reads the body `request_type` implies when err is 0.
Result<ReplyHeader> decode_reply_header(std::string_view payload);
Result<Reply> decode_reply(OpCode request_type, std::string_view payload,
                           int32_t length_max = data::kJuteLengthMax);
// A frame whose header has xid -1: the WatcherEvent.
Result<WatcherEvent> decode_notification(std::string_view payload,
                                         int32_t length_max = data::kJuteLengthMax);
// The readOnly byte is optional (an old server); anything after it is malformed.
Result<ConnectResponse> decode_connect_response(std::string_view payload,
                                                int32_t length_max = data::kJuteLengthMax);

}  // namespace zab::wire
