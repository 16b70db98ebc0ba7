// Client requests as bytes: the server decodes a frame's payload into RequestHeader + the op's
// record, and the project's client encodes them. The ConnectRequest (a connection's first frame,
// with no header) has its own pair.
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

// One alternative per request record. Several opcodes share a record (create, create2 and
// createContainer all carry a CreateRequest; multi and multiRead a MultiOperationRecord), so the
// header's type says which operation it is; request_record_for(type) names the pairing.
using ClientRequestRecord =
    std::variant<EmptyRequest, CreateRequest, CreateTtlRequest, DeleteRequest, ExistsRequest,
                 GetDataRequest, SetDataRequest, GetAclRequest, SetAclRequest, GetChildrenRequest,
                 GetChildren2Request, SyncRequest, CheckVersionRequest, MultiOperationRecord,
                 ReconfigRequest, CheckWatchesRequest, RemoveWatchesRequest, AuthPacket, SetWatches,
                 SetWatches2, GetSaslRequest, GetEphemeralsRequest, GetAllChildrenNumberRequest,
                 AddWatchRequest>;

// A default record of the kind an op of `type` carries; nullopt for a type no client may send:
// notification (0), the txn-only types createSession (-10) and error (-1), and any number
// ZooDefs.OpCode does not define. (ZooKeeper's Request.isValid also lets a client send
// createSession and deleteContainer; we take deleteContainer, whose record is a DeleteRequest,
// and leave createSession, a server-internal request, to the UNIMPLEMENTED answer.)
std::optional<ClientRequestRecord> request_record_for(OpCode type);
bool request_record_matches(OpCode type, const ClientRequestRecord& record);

// A decoded request frame. The header is always there; the record is
//  - UNIMPLEMENTED for an opcode request_record_for refuses: ZooKeeper answers
//    {xid, zxid -1, err -6} and closes the connection (UnimplementedRequestProcessor);
//  - MARSHALLINGERROR for a record that does not parse (truncated, a bad length, a null path, a
//    multi with an unknown op or mixing reads and writes, a multiRead with writes).
// Bytes after the record are ignored, as ZooKeeper's ByteBufferInputStream does, and counted in
// `trailing_bytes` for the log.
struct DecodedRequest {
  RequestHeader header;
  Result<ClientRequestRecord> record;
  size_t trailing_bytes = 0;
};

// `payload` is one frame without its 4-byte length. Fails (MARSHALLINGERROR) only when the 8-byte
// header itself is not there. `length_max` bounds buffer and string lengths (jute.maxbuffer plus
// its extra allowance).
Result<DecodedRequest> decode_request(std::string_view payload,
                                      int32_t length_max = data::kJuteLengthMax);
// The record alone, as a REQUEST packet carries it after (sessionId, cxid, type): the same rules
// and errors as decode_request's record, trailing bytes ignored. (A forwarded createSession
// carries a bare int timeout instead of a record: read it with JuteReader::i32.)
Result<ClientRequestRecord> decode_request_record(OpCode type, std::string_view bytes,
                                                  int32_t length_max = data::kJuteLengthMax);
// The payload of a request frame; the record must match the header's type (ZK_ASSERT).
std::string encode_request(const RequestHeader& header, const ClientRequestRecord& record);

// The first frame. A missing readOnly byte leaves `read_only` empty (an old client); bytes after
// it are ignored, as ZooKeeperServer.processConnectRequest ignores them.
Result<ConnectRequest> decode_connect_request(std::string_view payload,
                                              int32_t length_max = data::kJuteLengthMax);
std::string encode_connect_request(const ConnectRequest& request);

}  // namespace zab::wire
