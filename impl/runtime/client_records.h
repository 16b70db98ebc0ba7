// The server layer's client messages (impl/server: ClientOp, Response) and ZooKeeper's records
// (impl/wire: the jute records of zookeeper.jute) are two spellings of the same thing: this file
// maps one to the other, field for field, in both directions. No bytes here (client_messages.h
// frames them) and no I/O.
//
// What the server layer cannot say is refused rather than approximated:
//  - deleteContainer (20) and sasl (102) have no ClientOp: UNIMPLEMENTED (ZooKeeper takes
//    deleteContainer from a client, but only its container reaper ever sends it; SASL is not
//    configured on these servers);
//  - null znode data (a CreateRequest/SetDataRequest buffer of length -1, zkCli's `create /x`)
//    becomes "" because impl/data keeps data as a string (impl/wire/README.md, Known gaps);
//  - a null reconfig string becomes "" and "" goes out as null (the Java client's convention).
#pragma once

#include <cstdint>
#include <string>

#include "impl/core/errors.h"
#include "impl/server/client_protocol.h"
#include "impl/server/client_responses.h"
#include "impl/wire/client_reply.h"
#include "impl/wire/client_request.h"

namespace zab::runtime {

// ---- requests -----------------------------------------------------------------------------

// A decoded record of a request whose header says `type` (request_record_matches(type, record)
// holds: impl/wire decoded it for that type) as the server layer's operation; UNIMPLEMENTED for a
// record the server layer has no operation for, naming it.
Result<server::ClientOp> client_op_from_record(data::OpCode type,
                                               const wire::ClientRequestRecord& record);

// The inverse, for the project's client: the header's type and the record. A ConnectOp is not a
// request record (it travels as a ConnectRequest without header: connect_request_from_op).
struct RequestRecord {
  data::OpCode type = data::OpCode::kPing;
  wire::ClientRequestRecord record;
};
RequestRecord record_from_client_op(const server::ClientOp& op);

// ConnectRequest <-> ConnectOp. A missing readOnly byte reads as false. A negative lastZxidSeen
// reads as 0: ZooKeeper compares it with its own zxid as a signed long, so a negative value never
// makes a server refuse the client, and neither does 0.
server::ConnectOp connect_op_from_record(const wire::ConnectRequest& request,
                                         std::string client_address);
wire::ConnectRequest connect_request_from_op(const server::ConnectOp& op);

// ---- responses ----------------------------------------------------------------------------

// The record a response goes out as. ExistsResponse, SetDataResponse and SetACLResponse have the
// same layout (one Stat), so a StatResponse is written as any of them. A ConnectResponse is not a
// reply record (connect_response_record); asking for one is a programming error (ZK_ASSERT).
wire::ClientResponseRecord response_record_from(const server::Response& response);
wire::ConnectResponse connect_response_record(const server::ConnectResponse& response);

// The inverse, for the project's client: the record a reply carried (decode_reply picked it from
// the request's type) as the server layer's Response. MARSHALLINGERROR for a record the server
// layer has no Response for (SetSASLResponse).
Result<server::Response> response_from_record(const wire::ClientResponseRecord& record);
server::ConnectResponse connect_response_from_record(const wire::ConnectResponse& response);

}  // namespace zab::runtime
