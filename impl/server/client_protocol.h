// What a client asks a server: ZooKeeper's request records as impl/wire decodes them from a
// connection's frames (wire.md §1.3-1.9), so the cluster's client port hands the decoder's output
// to the server unchanged, and the checker's scripted clients and the tests build the same values
// (client_ops.h). The replies are in client_responses.h.
#pragma once

#include <cstdint>
#include <string>
#include <variant>

#include "impl/core/hasher.h"
#include "impl/data/opcode.h"
#include "impl/wire/client_request.h"

namespace zab::server {

// One client connection: c1, c2, ... in the checker; the runtime numbers its sockets. 0 is never
// a connection (the server uses it for "gone").
struct ClientId {
  uint32_t value = 0;
  ZK_FIELDS(value)
  constexpr auto operator<=>(const ClientId&) const = default;
};
std::string to_string(ClientId id);

// A connection's first frame: the ConnectRequest (with the readOnly byte when the client sent
// one), and where the connection comes from.
struct ConnectOp {
  wire::ConnectRequest request;
  // Not in the record: the socket's peer address as text ("127.0.0.1"), the connection's `ip`
  // identity (IPAuthenticationProvider); empty when the interpreter has none (the checker).
  std::string client_address;
  ZK_FIELDS(request, client_address)
  bool operator==(const ConnectOp&) const = default;
};

// Every later frame: RequestHeader.type and the record impl/wire decoded for that type. Several
// types share a record (create / create2 / createContainer a CreateRequest, multi / multiRead a
// MultiOperationRecord, ping / closeSession / whoAmI none), so the type says which operation it
// is; wire::request_record_matches(type, record) holds for every request the decoder returns.
struct RequestOp {
  data::OpCode type = data::OpCode::kPing;
  wire::ClientRequestRecord record;
  ZK_FIELDS(type, record)
  bool operator==(const RequestOp&) const = default;
};

using ClientOp = std::variant<ConnectOp, RequestOp>;

// How the server handles an operation.
enum class OpKind : uint8_t {
  kConnect,  // opens the session (a createSession txn, or a re-attach)
  kWrite,    // through the leader's pipeline as a txn; answered when it is applied here
  kSync,     // through the leader; answered once this server has caught up with it
  kLocal,    // answered by this server from its own state, in order
  kAuth,     // handled on arrival, ahead of queued requests (ZooKeeperServer.processPacket)
  // Answered {xid, zxid -1, UNIMPLEMENTED} on arrival and the connection closed
  // (UnimplementedRequestProcessor): sasl (no SASL here), and a record that does not fit its type
  // (never from impl/wire's decoder, which answers unknown opcodes itself).
  kUnimplemented,
};
OpKind kind_of(const ClientOp& op);
// The request's opcode (ZooDefs.OpCode); kCreateSession for a connect.
data::OpCode opcode_of(const ClientOp& op);
// zkCli's words where it has one ("create -e /a", "ls -w /a"); the checker's traces name their
// steps with these.
std::string describe(const ClientOp& op);

// A request as the server reads it from a connection: RequestHeader.xid and the operation (0 for
// the connect, which has no header).
struct ClientRequest {
  int32_t cxid = 0;
  ClientOp op;
  ZK_FIELDS(cxid, op)
  bool operator==(const ClientRequest&) const = default;
};

}  // namespace zab::server
