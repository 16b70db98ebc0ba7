#include "impl/server/client_ops.h"

#include <utility>

#include "impl/core/check.h"
#include "impl/core/overloaded.h"

namespace zab::server::ops {

using data::OpCode;

namespace {

ClientOp request(OpCode type, wire::ClientRequestRecord record) {
  return RequestOp{type, std::move(record)};
}

// An op of a multi or multiRead: the request's type and record (MultiOperationRecord's ops are
// the same records).
wire::MultiOp multi_op(const ClientOp& op) {
  const auto& r = std::get<RequestOp>(op);
  auto record = std::visit(
      Overloaded{
          [](const wire::CreateRequest& x) -> std::optional<wire::MultiOpRecord> { return x; },
          [](const wire::CreateTtlRequest& x) -> std::optional<wire::MultiOpRecord> { return x; },
          [](const wire::DeleteRequest& x) -> std::optional<wire::MultiOpRecord> { return x; },
          [](const wire::SetDataRequest& x) -> std::optional<wire::MultiOpRecord> { return x; },
          [](const wire::CheckVersionRequest& x) -> std::optional<wire::MultiOpRecord> {
            return x;
          },
          [](const wire::GetChildrenRequest& x) -> std::optional<wire::MultiOpRecord> { return x; },
          [](const wire::GetDataRequest& x) -> std::optional<wire::MultiOpRecord> { return x; },
          [](const auto&) -> std::optional<wire::MultiOpRecord> { return std::nullopt; },
      },
      r.record);
  ZK_ASSERT_MSG(record.has_value(), "not an op a multi can hold");
  return wire::MultiOp{r.type, std::move(*record)};
}

wire::MultiOperationRecord multi_record(const std::vector<ClientOp>& ops) {
  wire::MultiOperationRecord m;
  for (const auto& op : ops)
    m.ops.push_back(multi_op(op));
  return m;
}

}  // namespace

ClientOp connect(int32_t timeout_ms) {
  return ConnectOp{wire::ConnectRequest{0, 0, timeout_ms, 0, std::string(16, '\0'), false}, {}};
}

ClientOp reattach(uint64_t session_id, std::string passwd, int32_t timeout_ms,
                  Zxid last_zxid_seen) {
  return ConnectOp{wire::ConnectRequest{0, static_cast<int64_t>(last_zxid_seen.value), timeout_ms,
                                        static_cast<int64_t>(session_id), std::move(passwd), false},
                   {}};
}

ClientOp create(std::string path, std::string data, int32_t flags, data::AclList acl) {
  return request(OpCode::kCreate,
                 wire::CreateRequest{std::move(path), std::move(data), std::move(acl), flags});
}

ClientOp create2(std::string path, std::string data, int32_t flags, data::AclList acl) {
  return request(OpCode::kCreate2,
                 wire::CreateRequest{std::move(path), std::move(data), std::move(acl), flags});
}

ClientOp create_container(std::string path, std::string data) {
  return request(OpCode::kCreateContainer,
                 wire::CreateRequest{std::move(path), std::move(data), data::open_acl_unsafe(), 4});
}

ClientOp create_ttl(std::string path, std::string data, int32_t flags, int64_t ttl_ms) {
  return request(OpCode::kCreateTtl,
                 wire::CreateTtlRequest{std::move(path), std::move(data), data::open_acl_unsafe(),
                                        flags, ttl_ms});
}

ClientOp delete_node(std::string path, int32_t version) {
  return request(OpCode::kDelete, wire::DeleteRequest{std::move(path), version});
}

ClientOp set_data(std::string path, std::string data, int32_t version) {
  return request(OpCode::kSetData, wire::SetDataRequest{std::move(path), std::move(data), version});
}

ClientOp check(std::string path, int32_t version) {
  return request(OpCode::kCheck, wire::CheckVersionRequest{std::move(path), version});
}

ClientOp set_acl(std::string path, data::AclList acl, int32_t version) {
  return request(OpCode::kSetAcl, wire::SetAclRequest{std::move(path), std::move(acl), version});
}

ClientOp multi(const std::vector<ClientOp>& ops) {
  return request(OpCode::kMulti, multi_record(ops));
}

ClientOp close_session() {
  return request(OpCode::kCloseSession, wire::EmptyRequest{});
}

ClientOp reconfig(std::string joining, std::string leaving, std::string members) {
  return request(OpCode::kReconfig, wire::ReconfigRequest{std::move(joining), std::move(leaving),
                                                          std::move(members), -1});
}

ClientOp exists(std::string path, bool watch) {
  return request(OpCode::kExists, wire::ExistsRequest{std::move(path), watch});
}

ClientOp get_data(std::string path, bool watch) {
  return request(OpCode::kGetData, wire::GetDataRequest{std::move(path), watch});
}

ClientOp get_children(std::string path, bool watch) {
  return request(OpCode::kGetChildren, wire::GetChildrenRequest{std::move(path), watch});
}

ClientOp get_children2(std::string path, bool watch) {
  return request(OpCode::kGetChildren2, wire::GetChildren2Request{std::move(path), watch});
}

ClientOp get_acl(std::string path) {
  return request(OpCode::kGetAcl, wire::GetAclRequest{std::move(path)});
}

ClientOp get_ephemerals(std::string prefix_path) {
  return request(OpCode::kGetEphemerals, wire::GetEphemeralsRequest{std::move(prefix_path)});
}

ClientOp get_all_children_number(std::string path) {
  return request(OpCode::kGetAllChildrenNumber, wire::GetAllChildrenNumberRequest{std::move(path)});
}

ClientOp multi_read(const std::vector<ClientOp>& ops) {
  return request(OpCode::kMultiRead, multi_record(ops));
}

ClientOp sync(std::string path) {
  return request(OpCode::kSync, wire::SyncRequest{std::move(path)});
}

ClientOp ping() {
  return request(OpCode::kPing, wire::EmptyRequest{});
}

ClientOp who_am_i() {
  return request(OpCode::kWhoAmI, wire::EmptyRequest{});
}

ClientOp add_auth(std::string scheme, std::string auth) {
  return request(OpCode::kAuth, wire::AuthPacket{0, std::move(scheme), std::move(auth)});
}

ClientOp set_watches(Zxid relative_zxid, std::vector<std::string> data,
                     std::vector<std::string> exist, std::vector<std::string> child) {
  return request(OpCode::kSetWatches,
                 wire::SetWatches{static_cast<int64_t>(relative_zxid.value), std::move(data),
                                  std::move(exist), std::move(child)});
}

ClientOp set_watches2(Zxid relative_zxid, std::vector<std::string> data,
                      std::vector<std::string> exist, std::vector<std::string> child,
                      std::vector<std::string> persistent,
                      std::vector<std::string> persistent_recursive) {
  return request(OpCode::kSetWatches2,
                 wire::SetWatches2{static_cast<int64_t>(relative_zxid.value), std::move(data),
                                   std::move(exist), std::move(child), std::move(persistent),
                                   std::move(persistent_recursive)});
}

ClientOp add_watch(std::string path, int32_t mode) {
  return request(OpCode::kAddWatch, wire::AddWatchRequest{std::move(path), mode});
}

ClientOp remove_watches(std::string path, int32_t watcher_type) {
  return request(OpCode::kRemoveWatches, wire::RemoveWatchesRequest{std::move(path), watcher_type});
}

ClientOp check_watches(std::string path, int32_t watcher_type) {
  return request(OpCode::kCheckWatches, wire::CheckWatchesRequest{std::move(path), watcher_type});
}

}  // namespace zab::server::ops
