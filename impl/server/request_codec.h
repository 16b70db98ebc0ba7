// The REQUEST packet a learner sends its leader, and the item the leader's own connections (and
// its session expiry and container reaper) put in its PrepRequestProcessor queue. The layout is
// ZooKeeper's (Learner.request: long sessionId, int cxid, int type, then the request record's
// bytes; the connection's identities travel as the packet's authinfo, and the leader checks ACLs
// with them) plus the server holding the client's connection, which on the wire is implicit: the
// learner the packet came from. Decoding checks every length.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "impl/core/errors.h"
#include "impl/core/ids.h"
#include "impl/data/opcode.h"
#include "impl/data/prep.h"
#include "impl/wire/client_request.h"

namespace zab::server {

struct ForwardedRequest {
  uint64_t session_id = 0;
  int32_t cxid = 0;
  NodeId origin;  // the server holding the client's connection
  std::vector<data::Id> auth_ids;
  data::OpCode type = data::OpCode::kCreate;
  // The request record as impl/wire encodes it (the client's bytes); for createSession the
  // negotiated timeout as an int, for closeSession nothing, for deleteContainer the path's bytes
  // (ContainerManager's request).
  std::string record;
};

// The bytes of a request record as the client sent them (impl/wire's encoding).
std::string record_bytes(const wire::ClientRequestRecord& record);

std::string encode_request(const ForwardedRequest& r);
// The header; the record's bytes are read by forwarded_op.
Result<ForwardedRequest> decode_request(const std::string& payload);

// What PrepRequestProcessor makes of a forwarded request: a write (impl/data), a sync, or a
// reconfig (refused: reconfigEnabled is false). MARSHALLINGERROR when the record does not parse or
// is not one a server forwards. A client's deleteContainer carries a DeleteRequest, which
// PrepRequestProcessor reads whole as the path, as ZooKeeper does: its path check then fails.
using ForwardedOp = std::variant<data::WriteRequest, wire::SyncRequest, wire::ReconfigRequest>;
Result<ForwardedOp> forwarded_op(const ForwardedRequest& r);

}  // namespace zab::server
