// FinalRequestProcessor's replies to writes: what a client is told once its txn is applied on
// the server holding its connection.
#pragma once

#include "impl/data/database.h"
#include "impl/server/client_protocol.h"
#include "impl/server/client_responses.h"
#include "impl/server/server_state.h"

namespace zab::server {

// Whether a txn of `type` (its header's) can be the answer to `op`, the request at the head of
// the connection with the same cxid: createSession answers the connect, closeSession the close,
// and any other txn (an ErrorTxn included) a write that is not a close.
bool answers_request(data::OpCode type, const ClientOp& op);

// The reply to `request` (a write) from the result of applying its txn at `zxid`; `applied` is
// the database after it.
ClientReply write_reply(const PendingRequest& request, const data::ApplyResult& result, Zxid zxid,
                        const data::ZkDatabase& applied);

}  // namespace zab::server
