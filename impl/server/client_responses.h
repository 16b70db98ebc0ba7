// What a server sends a client, as values: ReplyHeader plus one response record of
// zookeeper.jute (wire.md §1.6-1.7), or a watch notification. An error reply carries no record
// (NoResponse), as FinalRequestProcessor sends only the header when err != 0.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "impl/core/errors.h"
#include "impl/core/hasher.h"
#include "impl/core/ids.h"
#include "impl/core/watch_event.h"
#include "impl/data/opcode.h"
#include "impl/data/stat.h"

namespace zab::server {

// Special xids (ClientCnxn): the server writes -1 on notifications and -2 on ping replies.
inline constexpr int32_t kNotificationXid = -1;
inline constexpr int32_t kPingXid = -2;

// ConnectResponse. A refused re-attach (wrong password, expired session) is all zeros: timeout 0,
// session 0 and 16 zero bytes, which every client reads as "session expired".
struct ConnectResponse {
  int32_t protocol_version = 0;
  int32_t timeout_ms = 0;  // timeOut: the negotiated session timeout
  uint64_t session_id = 0;
  std::string passwd;  // 16 bytes
  bool read_only = false;
  ZK_FIELDS(protocol_version, timeout_ms, session_id, passwd, read_only)
  bool operator==(const ConnectResponse&) const = default;
};
struct CreateResponse {  // create
  std::string path;
  ZK_FIELDS(path)
  bool operator==(const CreateResponse&) const = default;
};
struct Create2Response {  // create2, createContainer, createTTL
  std::string path;
  data::Stat stat;
  ZK_FIELDS(path, stat)
  bool operator==(const Create2Response&) const = default;
};
// ExistsResponse, SetDataResponse, SetACLResponse (and a lone check's SetDataResponse): a Stat.
struct StatResponse {
  data::Stat stat;
  ZK_FIELDS(stat)
  bool operator==(const StatResponse&) const = default;
};
struct GetDataResponse {
  std::string data;
  data::Stat stat;
  ZK_FIELDS(data, stat)
  bool operator==(const GetDataResponse&) const = default;
};
struct GetChildrenResponse {
  std::vector<std::string> children;
  ZK_FIELDS(children)
  bool operator==(const GetChildrenResponse&) const = default;
};
struct GetChildren2Response {
  std::vector<std::string> children;
  data::Stat stat;  // the parent's
  ZK_FIELDS(children, stat)
  bool operator==(const GetChildren2Response&) const = default;
};
struct GetAclResponse {
  data::AclList acl;
  data::Stat stat;
  ZK_FIELDS(acl, stat)
  bool operator==(const GetAclResponse&) const = default;
};
struct SyncResponse {
  std::string path;
  ZK_FIELDS(path)
  bool operator==(const SyncResponse&) const = default;
};
// One result of a MultiResponse: MultiHeader{type, done = false, err} and its record. `type`
// selects the record: create (1) CreateResponse, create2 (15, also container and TTL creates)
// Create2Response, setData (5) SetDataResponse, delete (2) and check (13) none, getData (4)
// GetDataResponse, getChildren (8) GetChildrenResponse, error (-1) ErrorResponse{err}.
struct OpResult {
  data::OpCode type = data::OpCode::kError;
  Code err = Code::kOk;
  std::string path;
  std::optional<data::Stat> stat;
  std::string data;
  std::vector<std::string> children;
  ZK_FIELDS(type, err, path, stat, data, children)
  bool operator==(const OpResult&) const = default;
};
struct MultiResponse {
  std::vector<OpResult> results;
  ZK_FIELDS(results)
  bool operator==(const MultiResponse&) const = default;
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
// ClientInfo: an identity of the connection as whoAmI shows it ("ip", "127.0.0.1"),
// ("digest", "alice").
struct ClientInfo {
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
// addWatch's body: an int, 0.
struct ErrorResponse {
  Code err = Code::kOk;
  ZK_FIELDS(err)
  bool operator==(const ErrorResponse&) const = default;
};
// The header alone: delete, closeSession, ping, auth, setWatches, removeWatches, checkWatches,
// and every error.
struct NoResponse {
  ZK_FIELDS()
  bool operator==(const NoResponse&) const = default;
};

using Response =
    std::variant<NoResponse, ConnectResponse, CreateResponse, Create2Response, StatResponse,
                 GetDataResponse, GetChildrenResponse, GetChildren2Response, GetAclResponse,
                 SyncResponse, MultiResponse, GetEphemeralsResponse, GetAllChildrenNumberResponse,
                 WhoAmIResponse, ErrorResponse>;

// ReplyHeader and the response. A ConnectResponse goes out without the header.
struct ClientReply {
  int32_t cxid = 0;  // xid: the request's (kPingXid for pings)
  Zxid zxid;         // the server's last processed zxid when it replied
  Code err = Code::kOk;
  Response response;
  ZK_FIELDS(cxid, zxid, err, response)
  bool operator==(const ClientReply&) const = default;
};
// The session a connect reply opened or re-attached (0: refused / expired); 0 for other replies.
uint64_t connected_session(const ClientReply& reply);

// WatcherEvent, sent with ReplyHeader{-1, -1, 0}.
struct WatchEventMsg {
  std::string path;
  int32_t type = 0;  // EventType: 1 NodeCreated, 2 NodeDeleted, 3 NodeDataChanged, 4 children
  int32_t state = static_cast<int32_t>(KeeperState::kSyncConnected);
  ZK_FIELDS(path, type, state)
  bool operator==(const WatchEventMsg&) const = default;
};

using ToClient = std::variant<ClientReply, WatchEventMsg>;
std::string describe(const ToClient& msg);

}  // namespace zab::server
