// The REQUEST packet a learner sends its leader, and the item the leader's own connections put
// in its PrepRequestProcessor queue: the session, the cxid, the server holding the client's
// connection, the connection's identities (QuorumPacket.authinfo: the leader checks ACLs with
// them), and the request as ZooKeeper's records (CreateRequest, CreateTTLRequest, DeleteRequest,
// SetDataRequest, SetACLRequest, CheckVersionRequest, MultiOperationRecord, SyncRequest,
// ReconfigRequest; wire.md §1.7-1.9), jute-encoded. Decoding checks every length.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "impl/core/errors.h"
#include "impl/core/ids.h"
#include "impl/data/prep.h"

namespace zab::server {

// sync (9): no txn; the leader answers it once what was proposed before it has committed.
struct SyncRequest {
  std::string path;
  bool operator==(const SyncRequest&) const = default;
};
// reconfig (16): refused by the leader (reconfigEnabled=false) with an error txn.
struct ReconfigRequest {
  std::string joining_servers;
  std::string leaving_servers;
  std::string new_members;
  int64_t cur_config_id = -1;
  bool operator==(const ReconfigRequest&) const = default;
};
using ForwardedOp = std::variant<data::WriteRequest, SyncRequest, ReconfigRequest>;

struct ForwardedRequest {
  uint64_t session_id = 0;
  int32_t cxid = 0;
  NodeId origin;  // the server holding the client's connection
  std::vector<data::Id> auth_ids;
  ForwardedOp op;
};

std::string encode_request(const ForwardedRequest& r);
Result<ForwardedRequest> decode_request(const std::string& payload);

}  // namespace zab::server
