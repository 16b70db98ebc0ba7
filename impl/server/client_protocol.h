// What a client asks a server, as values: one struct per request record of zookeeper.jute
// (wire.md §1.7), with ZooKeeper's field names, so that the cluster runtime's codec (impl/wire)
// maps bytes to these mechanically; the checker's scripted clients build them directly. Where
// several opcodes share one record (create / create2 / createContainer, getChildren /
// getChildren2, setWatches / setWatches2, checkWatches / removeWatches), `type` says which.
// The replies are in client_responses.h.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "impl/core/errors.h"
#include "impl/core/hasher.h"
#include "impl/core/ids.h"
#include "impl/data/opcode.h"
#include "impl/data/stat.h"
#include "impl/server/client_responses.h"

namespace zab::server {

// One client connection: c1, c2, ... in the checker; the runtime numbers its sockets.
struct ClientId {
  uint32_t value = 0;
  ZK_FIELDS(value)
  constexpr auto operator<=>(const ClientId&) const = default;
};
std::string to_string(ClientId id);

// ConnectRequest plus the trailing readOnly byte, and where the connection comes from.
struct ConnectOp {
  int32_t timeout_ms = 4000;  // timeOut: the session timeout the client asks for
  Zxid last_zxid_seen;        // lastZxidSeen: a server behind it refuses the client
  uint64_t session_id = 0;    // sessionId: 0 for a new session, else the one to re-attach
  std::string passwd;         // passwd: the session's 16 bytes when re-attaching
  bool read_only = false;     // readOnly (these servers are never read-only)
  int32_t protocol_version = 0;
  // Not in the record: the socket's peer address (dotted IPv4), the connection's `ip` identity;
  // empty when the interpreter has none (the checker's clients).
  std::string client_address;
  ZK_FIELDS(timeout_ms, last_zxid_seen, session_id, passwd, read_only, protocol_version,
            client_address)
  bool operator==(const ConnectOp&) const = default;
};
// CreateRequest (create 1, create2 15, createContainer 19) or CreateTTLRequest (createTTL 21).
struct CreateOp {
  std::string path;
  std::string data;
  int32_t flags = 0;  // CreateMode: 1 ephemeral, 2 sequential, 3 both, 4 container, 5/6 TTL
  data::AclList acl = data::open_acl_unsafe();
  int64_t ttl_ms = -1;  // createTTL only
  data::OpCode type = data::OpCode::kCreate;
  ZK_FIELDS(path, data, flags, acl, ttl_ms, type)
  bool operator==(const CreateOp&) const = default;
};
struct DeleteOp {
  std::string path;
  int32_t version = -1;
  ZK_FIELDS(path, version)
  bool operator==(const DeleteOp&) const = default;
};
struct SetDataOp {
  std::string path;
  std::string data;
  int32_t version = -1;
  ZK_FIELDS(path, data, version)
  bool operator==(const SetDataOp&) const = default;
};
struct GetDataOp {
  std::string path;
  bool watch = false;
  ZK_FIELDS(path, watch)
  bool operator==(const GetDataOp&) const = default;
};
struct ExistsOp {
  std::string path;
  bool watch = false;
  ZK_FIELDS(path, watch)
  bool operator==(const ExistsOp&) const = default;
};
// GetChildrenRequest (getChildren 8) or GetChildren2Request (getChildren2 12: with the stat).
struct GetChildrenOp {
  std::string path;
  bool watch = false;
  data::OpCode type = data::OpCode::kGetChildren;
  ZK_FIELDS(path, watch, type)
  bool operator==(const GetChildrenOp&) const = default;
};
// closeSession (-11): header only.
struct CloseOp {
  ZK_FIELDS()
  bool operator==(const CloseOp&) const = default;
};
struct GetAclOp {
  std::string path;
  ZK_FIELDS(path)
  bool operator==(const GetAclOp&) const = default;
};
struct SetAclOp {
  std::string path;
  data::AclList acl;
  int32_t version = -1;  // the expected aversion
  ZK_FIELDS(path, acl, version)
  bool operator==(const SetAclOp&) const = default;
};
struct SyncOp {
  std::string path;
  ZK_FIELDS(path)
  bool operator==(const SyncOp&) const = default;
};
// CheckVersionRequest (check 13): a write, alone or inside a multi.
struct CheckOp {
  std::string path;
  int32_t version = -1;
  ZK_FIELDS(path, version)
  bool operator==(const CheckOp&) const = default;
};
// MultiOperationRecord of multi (14): all-or-nothing.
using MultiSubOp = std::variant<CreateOp, DeleteOp, SetDataOp, CheckOp>;
struct MultiOp {
  std::vector<MultiSubOp> ops;
  ZK_FIELDS(ops)
  bool operator==(const MultiOp&) const = default;
};
// MultiOperationRecord of multiRead (22): each read answered on its own.
using MultiReadSubOp = std::variant<GetChildrenOp, GetDataOp>;
struct MultiReadOp {
  std::vector<MultiReadSubOp> ops;
  ZK_FIELDS(ops)
  bool operator==(const MultiReadOp&) const = default;
};
// ping (11): header only; the reply's xid is -2.
struct PingOp {
  ZK_FIELDS()
  bool operator==(const PingOp&) const = default;
};
// SetWatches (101) or SetWatches2 (105, with the persistent lists) after a reconnect.
struct SetWatchesOp {
  Zxid relative_zxid;
  std::vector<std::string> data_watches;
  std::vector<std::string> exist_watches;
  std::vector<std::string> child_watches;
  std::vector<std::string> persistent_watches;
  std::vector<std::string> persistent_recursive_watches;
  data::OpCode type = data::OpCode::kSetWatches;
  ZK_FIELDS(relative_zxid, data_watches, exist_watches, child_watches, persistent_watches,
            persistent_recursive_watches, type)
  bool operator==(const SetWatchesOp&) const = default;
};
struct AddWatchOp {
  std::string path;
  int32_t mode = 0;  // AddWatchModes: 0 persistent, 1 persistent-recursive
  ZK_FIELDS(path, mode)
  bool operator==(const AddWatchOp&) const = default;
};
// RemoveWatchesRequest (removeWatches 18) or CheckWatchesRequest (checkWatches 17).
struct RemoveWatchesOp {
  std::string path;
  int32_t watcher_type = 3;  // WatcherType: 1 children, 2 data, 3 any
  data::OpCode type = data::OpCode::kRemoveWatches;
  ZK_FIELDS(path, watcher_type, type)
  bool operator==(const RemoveWatchesOp&) const = default;
};
struct GetEphemeralsOp {
  std::string prefix_path;
  ZK_FIELDS(prefix_path)
  bool operator==(const GetEphemeralsOp&) const = default;
};
struct GetAllChildrenNumberOp {
  std::string path;
  ZK_FIELDS(path)
  bool operator==(const GetAllChildrenNumberOp&) const = default;
};
// AuthPacket (auth 100, xid -4): `auth` is "user:password" for digest.
struct AuthOp {
  int32_t type = 0;
  std::string scheme;
  std::string auth;
  ZK_FIELDS(type, scheme, auth)
  bool operator==(const AuthOp&) const = default;
};
// whoAmI (107): header only.
struct WhoAmIOp {
  ZK_FIELDS()
  bool operator==(const WhoAmIOp&) const = default;
};
// ReconfigRequest (16): reconfigEnabled is false, so the leader refuses it (RECONFIGDISABLED).
struct ReconfigOp {
  std::string joining_servers;
  std::string leaving_servers;
  std::string new_members;
  int64_t cur_config_id = -1;
  ZK_FIELDS(joining_servers, leaving_servers, new_members, cur_config_id)
  bool operator==(const ReconfigOp&) const = default;
};

using ClientOp =
    std::variant<ConnectOp, CreateOp, DeleteOp, SetDataOp, GetDataOp, ExistsOp, GetChildrenOp,
                 CloseOp, GetAclOp, SetAclOp, SyncOp, CheckOp, MultiOp, MultiReadOp, PingOp,
                 SetWatchesOp, AddWatchOp, RemoveWatchesOp, GetEphemeralsOp, GetAllChildrenNumberOp,
                 AuthOp, WhoAmIOp, ReconfigOp>;

// How the server handles an operation.
enum class OpKind : uint8_t {
  kConnect,  // opens the session (a createSession txn, or a re-attach)
  kWrite,    // through the leader's pipeline as a txn; answered when it is applied here
  kSync,     // through the leader; answered once this server has caught up with it
  kLocal,    // answered by this server from its own state, in order
  kAuth,     // handled on arrival, ahead of queued requests (ZooKeeperServer.processPacket)
};
OpKind kind_of(const ClientOp& op);
// The request's opcode (ZooDefs.OpCode); kCreateSession for a connect.
data::OpCode opcode_of(const ClientOp& op);
std::string describe(const ClientOp& op);

// A request as the server reads it from a connection: RequestHeader.xid and the record.
struct ClientRequest {
  int32_t cxid = 0;
  ClientOp op;
  ZK_FIELDS(cxid, op)
  bool operator==(const ClientRequest&) const = default;
};

}  // namespace zab::server
