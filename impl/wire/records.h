// ZooKeeper's client protocol records (zookeeper.jute, module org.apache.zookeeper.proto, at
// release-3.8.0), field for field and in wire order; names are jute's in snake_case. The data
// records (Stat, Id, ACL) are impl/data's. wire.md §1.7 lists the same fields.
//
// Nulls: jute writes a null buffer, string or vector as length -1. Where a client can send a null
// that ZooKeeper then hands back (znode data: `create /x` from zkCli stores null data, and getData
// answers length -1), the field is a MaybeBuffer so the bytes survive a round trip. Elsewhere a
// null vector reads as empty and a null string is malformed, as no ZooKeeper client sends one.
//
// The server layer (impl/server) holds these records as its requests and replies, and the
// checker's world holds those in its states: ZK_FIELDS gives each record its fingerprint.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "impl/core/hasher.h"
#include "impl/data/opcode.h"
#include "impl/data/stat.h"

namespace zab::wire {

using data::Acl;
using data::AclList;
using data::Id;
using data::OpCode;
using data::Stat;

// A jute buffer that may be null (nullopt = length -1 on the wire).
using MaybeBuffer = std::optional<std::string>;

// The xids with a meaning of their own (ClientCnxn's NOTIFICATION_XID, PING_XID, AUTHPACKET_XID,
// SET_WATCHES_XID). Servers dispatch on the opcode, never on the xid (wire.md §1.4).
inline constexpr int32_t kNotificationXid = -1;
inline constexpr int32_t kPingXid = -2;
inline constexpr int32_t kAuthXid = -4;
inline constexpr int32_t kSetWatchesXid = -8;

// The first frame of a connection. `read_only` is the byte ClientCnxn appends after the record;
// clients before 3.4 omit it (nullopt), and the server then omits it from its answer too.
struct ConnectRequest {
  int32_t protocol_version = 0;
  int64_t last_zxid_seen = 0;
  int32_t time_out = 0;  // requested session timeout, ms
  int64_t session_id = 0;
  std::string passwd;  // 16 bytes from every known client
  std::optional<bool> read_only;
  ZK_FIELDS(protocol_version, last_zxid_seen, time_out, session_id, passwd, read_only)
  bool operator==(const ConnectRequest&) const = default;
};

// The server's first frame. timeOut 0 means "session expired or unknown" (wire.md §1.3).
struct ConnectResponse {
  int32_t protocol_version = 0;
  int32_t time_out = 0;
  int64_t session_id = 0;
  std::string passwd;  // must be 16 bytes: the C client reads the reply at fixed offsets
  std::optional<bool> read_only;
  ZK_FIELDS(protocol_version, time_out, session_id, passwd, read_only)
  bool operator==(const ConnectResponse&) const = default;
};

struct RequestHeader {
  int32_t xid = 0;
  OpCode type = OpCode::kNotification;
  ZK_FIELDS(xid, type)
  bool operator==(const RequestHeader&) const = default;
};

struct ReplyHeader {
  int32_t xid = 0;
  int64_t zxid = 0;
  int32_t err = 0;  // a KeeperException code; the response record follows only when 0
  ZK_FIELDS(xid, zxid, err)
  bool operator==(const ReplyHeader&) const = default;
};

struct WatcherEvent {
  int32_t type = 0;   // EventType
  int32_t state = 0;  // KeeperState: SyncConnected (3) from a server
  std::string path;
  ZK_FIELDS(type, state, path)
  bool operator==(const WatcherEvent&) const = default;
};

// ---- requests -----------------------------------------------------------------------------

// Header-only requests: ping (11), closeSession (-11), whoAmI (107).
struct EmptyRequest {
  ZK_FIELDS()
  bool operator==(const EmptyRequest&) const = default;
};
// create (1), create2 (15), createContainer (19); also a multi's create ops.
struct CreateRequest {
  std::string path;
  MaybeBuffer data;
  AclList acl;
  int32_t flags = 0;  // CreateMode
  ZK_FIELDS(path, data, acl, flags)
  bool operator==(const CreateRequest&) const = default;
};
struct CreateTtlRequest {  // createTTL (21)
  std::string path;
  MaybeBuffer data;
  AclList acl;
  int32_t flags = 0;
  int64_t ttl = 0;  // ms
  ZK_FIELDS(path, data, acl, flags, ttl)
  bool operator==(const CreateTtlRequest&) const = default;
};
struct DeleteRequest {  // delete (2), deleteContainer (20)
  std::string path;
  int32_t version = -1;
  ZK_FIELDS(path, version)
  bool operator==(const DeleteRequest&) const = default;
};
struct ExistsRequest {
  std::string path;
  bool watch = false;
  ZK_FIELDS(path, watch)
  bool operator==(const ExistsRequest&) const = default;
};
struct GetDataRequest {
  std::string path;
  bool watch = false;
  ZK_FIELDS(path, watch)
  bool operator==(const GetDataRequest&) const = default;
};
struct SetDataRequest {
  std::string path;
  MaybeBuffer data;
  int32_t version = -1;
  ZK_FIELDS(path, data, version)
  bool operator==(const SetDataRequest&) const = default;
};
struct GetAclRequest {
  std::string path;
  ZK_FIELDS(path)
  bool operator==(const GetAclRequest&) const = default;
};
struct SetAclRequest {
  std::string path;
  AclList acl;
  int32_t version = -1;
  ZK_FIELDS(path, acl, version)
  bool operator==(const SetAclRequest&) const = default;
};
struct GetChildrenRequest {
  std::string path;
  bool watch = false;
  ZK_FIELDS(path, watch)
  bool operator==(const GetChildrenRequest&) const = default;
};
struct GetChildren2Request {
  std::string path;
  bool watch = false;
  ZK_FIELDS(path, watch)
  bool operator==(const GetChildren2Request&) const = default;
};
struct SyncRequest {
  std::string path;
  ZK_FIELDS(path)
  bool operator==(const SyncRequest&) const = default;
};
struct CheckVersionRequest {
  std::string path;
  int32_t version = -1;
  ZK_FIELDS(path, version)
  bool operator==(const CheckVersionRequest&) const = default;
};
// reconfig (16). The strings may be null (the Java client sends null for what it leaves out);
// curConfigId -1 means "any".
struct ReconfigRequest {
  std::optional<std::string> joining_servers;
  std::optional<std::string> leaving_servers;
  std::optional<std::string> new_members;
  int64_t cur_config_id = -1;
  ZK_FIELDS(joining_servers, leaving_servers, new_members, cur_config_id)
  bool operator==(const ReconfigRequest&) const = default;
};
struct CheckWatchesRequest {  // 17; type is a WatcherType (1 children, 2 data, 3 any)
  std::string path;
  int32_t type = 0;
  ZK_FIELDS(path, type)
  bool operator==(const CheckWatchesRequest&) const = default;
};
struct RemoveWatchesRequest {  // 18
  std::string path;
  int32_t type = 0;
  ZK_FIELDS(path, type)
  bool operator==(const RemoveWatchesRequest&) const = default;
};
struct AuthPacket {  // 100, xid -4
  int32_t type = 0;  // always 0
  std::string scheme;
  std::string auth;  // "user:password" for digest
  ZK_FIELDS(type, scheme, auth)
  bool operator==(const AuthPacket&) const = default;
};
struct SetWatches {  // 101
  int64_t relative_zxid = 0;
  std::vector<std::string> data_watches;
  std::vector<std::string> exist_watches;
  std::vector<std::string> child_watches;
  ZK_FIELDS(relative_zxid, data_watches, exist_watches, child_watches)
  bool operator==(const SetWatches&) const = default;
};
struct SetWatches2 {  // 105
  int64_t relative_zxid = 0;
  std::vector<std::string> data_watches;
  std::vector<std::string> exist_watches;
  std::vector<std::string> child_watches;
  std::vector<std::string> persistent_watches;
  std::vector<std::string> persistent_recursive_watches;
  ZK_FIELDS(relative_zxid, data_watches, exist_watches, child_watches, persistent_watches,
            persistent_recursive_watches)
  bool operator==(const SetWatches2&) const = default;
};
struct GetSaslRequest {  // sasl (102)
  std::string token;
  ZK_FIELDS(token)
  bool operator==(const GetSaslRequest&) const = default;
};
struct GetEphemeralsRequest {  // 103
  std::string prefix_path;
  ZK_FIELDS(prefix_path)
  bool operator==(const GetEphemeralsRequest&) const = default;
};
struct GetAllChildrenNumberRequest {  // 104
  std::string path;
  ZK_FIELDS(path)
  bool operator==(const GetAllChildrenNumberRequest&) const = default;
};
struct AddWatchRequest {  // 106; mode is an AddWatchMode (0 persistent, 1 recursive)
  std::string path;
  int32_t mode = 0;
  ZK_FIELDS(path, mode)
  bool operator==(const AddWatchRequest&) const = default;
};

// ---- responses ----------------------------------------------------------------------------

// No body: every error reply, and delete, ping, closeSession, setWatches(2), auth,
// checkWatches/removeWatches.
struct EmptyResponse {
  ZK_FIELDS()
  bool operator==(const EmptyResponse&) const = default;
};
struct CreateResponse {
  std::string path;
  ZK_FIELDS(path)
  bool operator==(const CreateResponse&) const = default;
};
struct Create2Response {  // create2, createContainer, createTTL
  std::string path;
  Stat stat;
  ZK_FIELDS(path, stat)
  bool operator==(const Create2Response&) const = default;
};
struct ExistsResponse {
  Stat stat;
  ZK_FIELDS(stat)
  bool operator==(const ExistsResponse&) const = default;
};
struct GetDataResponse {  // getData; also reconfig's answer
  MaybeBuffer data;
  Stat stat;
  ZK_FIELDS(data, stat)
  bool operator==(const GetDataResponse&) const = default;
};
struct SetDataResponse {  // setData; also a standalone check's answer
  Stat stat;
  ZK_FIELDS(stat)
  bool operator==(const SetDataResponse&) const = default;
};
struct GetAclResponse {
  AclList acl;
  Stat stat;
  ZK_FIELDS(acl, stat)
  bool operator==(const GetAclResponse&) const = default;
};
struct SetAclResponse {
  Stat stat;
  ZK_FIELDS(stat)
  bool operator==(const SetAclResponse&) const = default;
};
struct GetChildrenResponse {
  std::vector<std::string> children;
  ZK_FIELDS(children)
  bool operator==(const GetChildrenResponse&) const = default;
};
struct GetChildren2Response {
  std::vector<std::string> children;
  Stat stat;
  ZK_FIELDS(children, stat)
  bool operator==(const GetChildren2Response&) const = default;
};
struct SyncResponse {
  std::string path;
  ZK_FIELDS(path)
  bool operator==(const SyncResponse&) const = default;
};
struct ErrorResponse {  // addWatch's answer (err 0), and a failed multi op's body
  int32_t err = 0;
  ZK_FIELDS(err)
  bool operator==(const ErrorResponse&) const = default;
};
struct SetSaslResponse {
  std::string token;
  ZK_FIELDS(token)
  bool operator==(const SetSaslResponse&) const = default;
};
struct GetEphemeralsResponse {
  std::vector<std::string> ephemerals;  // full paths
  ZK_FIELDS(ephemerals)
  bool operator==(const GetEphemeralsResponse&) const = default;
};
struct GetAllChildrenNumberResponse {
  int32_t total_number = 0;
  ZK_FIELDS(total_number)
  bool operator==(const GetAllChildrenNumberResponse&) const = default;
};
struct ClientInfo {  // org.apache.zookeeper.data.ClientInfo
  std::string auth_scheme;
  std::string user;
  ZK_FIELDS(auth_scheme, user)
  bool operator==(const ClientInfo&) const = default;
};
struct WhoAmIResponse {
  std::vector<ClientInfo> client_info;
  ZK_FIELDS(client_info)
  bool operator==(const WhoAmIResponse&) const = default;
};

}  // namespace zab::wire
