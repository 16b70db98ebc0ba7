// What clients and servers say to each other, as values (the cluster runtime encodes them as
// ZooKeeper's jute records; wire.md §1). Only the operations the scripted clients of the checker
// use are here: connect, create (persistent, ephemeral, sequential), delete, setData, getData,
// exists, getChildren (with watches) and closeSession.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "impl/core/errors.h"
#include "impl/core/hasher.h"
#include "impl/core/ids.h"
#include "impl/data/stat.h"

namespace zab::server {

// A client of the checker's world: c1, c2, ...
struct ClientId {
  uint8_t value = 0;
  ZK_FIELDS(value)
  constexpr auto operator<=>(const ClientId&) const = default;
};
std::string to_string(ClientId id);

struct ConnectOp {
  uint32_t timeout_ms = 4000;
  ZK_FIELDS(timeout_ms)
  bool operator==(const ConnectOp&) const = default;
};
struct CreateOp {
  std::string path;
  std::string data;
  int32_t flags = 0;  // CreateMode: 1 ephemeral, 2 sequential, 3 both
  ZK_FIELDS(path, data, flags)
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
struct GetChildrenOp {
  std::string path;
  bool watch = false;
  ZK_FIELDS(path, watch)
  bool operator==(const GetChildrenOp&) const = default;
};
struct CloseOp {
  ZK_FIELDS()
  bool operator==(const CloseOp&) const = default;
};
using ClientOp = std::variant<ConnectOp, CreateOp, DeleteOp, SetDataOp, GetDataOp, ExistsOp,
                              GetChildrenOp, CloseOp>;
bool is_write(const ClientOp& op);
bool is_read(const ClientOp& op);
std::string describe(const ClientOp& op);

// A request as the server reads it from a connection.
struct ClientRequest {
  int32_t cxid = 0;
  ClientOp op;
  ZK_FIELDS(cxid, op)
  bool operator==(const ClientRequest&) const = default;
};

// The reply to a request (ReplyHeader + the response record), or to the connect.
struct ClientReply {
  int32_t cxid = 0;
  Code err = Code::kOk;
  Zxid zxid;                          // the server's last processed zxid when it replied
  uint64_t session_id = 0;            // connect: the session; 0 means expired / refused
  std::string path;                   // create: the created path
  std::string data;                   // getData
  std::vector<std::string> children;  // getChildren
  std::optional<data::Stat> stat;
  ZK_FIELDS(cxid, err, zxid, session_id, path, data, children, stat)
  bool operator==(const ClientReply&) const = default;
};

// WatcherEvent (type, state SyncConnected, path).
struct WatchEventMsg {
  std::string path;
  int32_t type = 0;  // 1 NodeCreated, 2 NodeDeleted, 3 NodeDataChanged, 4 NodeChildrenChanged
  ZK_FIELDS(path, type)
  bool operator==(const WatchEventMsg&) const = default;
};

using ToClient = std::variant<ClientReply, WatchEventMsg>;
std::string describe(const ToClient& msg);

}  // namespace zab::server
