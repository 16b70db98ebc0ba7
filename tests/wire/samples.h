// One sample value of every record, request, response and quorum message, for the round-trip
// tests and as seeds of the property tests.
#pragma once

#include <utility>
#include <vector>

#include "impl/wire/client_reply.h"
#include "impl/wire/client_request.h"
#include "impl/wire/election.h"
#include "impl/wire/quorum_message.h"

namespace zab::wire::test {

// Every opcode a client may send, in ZooDefs.OpCode order.
const std::vector<OpCode>& client_opcodes();

// A request of every opcode in client_opcodes() (multi and multiRead with every op they allow).
std::vector<std::pair<RequestHeader, ClientRequestRecord>> sample_requests();
// For every opcode: a successful reply, plus an error reply.
std::vector<std::pair<OpCode, Reply>> sample_replies();
// A txn entry of every txn type a PROPOSAL carries, with and without a digest.
std::vector<TxnEntry> sample_txn_entries();
// Every QuorumMessage alternative at least once.
std::vector<QuorumMessage> sample_quorum_messages();
// Every notification layout.
std::vector<Notification> sample_notifications();

Stat sample_stat(int64_t seed);

}  // namespace zab::wire::test
