// The REQUEST packet a learner sends its leader: the session, the cxid, the server the client
// is connected to, and the write as ZooKeeper's request records (CreateRequest, DeleteRequest,
// SetDataRequest; wire.md §1.7), jute-encoded. Decoding checks every length.
#pragma once

#include <cstdint>
#include <string>

#include "impl/core/errors.h"
#include "impl/core/ids.h"
#include "impl/data/prep.h"

namespace zab::server {

struct ForwardedRequest {
  uint64_t session_id = 0;
  int32_t cxid = 0;
  NodeId origin;  // the server holding the client's connection
  data::WriteRequest request;
};

std::string encode_request(const ForwardedRequest& r);
Result<ForwardedRequest> decode_request(const std::string& payload);

}  // namespace zab::server
