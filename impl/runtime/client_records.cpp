#include "impl/runtime/client_records.h"

#include <fmt/format.h>

#include "impl/core/overloaded.h"

namespace zab::runtime {

using data::OpCode;

namespace {

Error no_server_op(OpCode type) {
  return make_error(Code::kUnimplemented, "{} ({}) has no request in the server layer",
                    data::opcode_name(type), static_cast<int32_t>(type));
}

// ZooKeeper compares zxids as signed longs; a negative one from a client is "nothing seen".
Zxid zxid_from_client(int64_t value) {
  return Zxid{value < 0 ? 0 : static_cast<uint64_t>(value)};
}

std::optional<std::string> null_if_empty(const std::string& s) {
  if (s.empty()) return std::nullopt;
  return s;
}

server::CreateOp create_op(OpCode type, const wire::CreateRequest& r) {
  return server::CreateOp{r.path, r.data.value_or(""), r.flags, r.acl, -1, type};
}
server::CreateOp create_op(const wire::CreateTtlRequest& r) {
  return server::CreateOp{r.path, r.data.value_or(""), r.flags, r.acl, r.ttl, OpCode::kCreateTtl};
}

// One op of a multi (14): MultiOperationRecord.deserialize's write ops.
Result<server::MultiSubOp> multi_sub_op(const wire::MultiOp& op) {
  return std::visit(
      Overloaded{
          [&](const wire::CreateRequest& r) -> Result<server::MultiSubOp> {
            return server::MultiSubOp{create_op(op.type, r)};
          },
          [](const wire::CreateTtlRequest& r) -> Result<server::MultiSubOp> {
            return server::MultiSubOp{create_op(r)};
          },
          [&](const wire::DeleteRequest& r) -> Result<server::MultiSubOp> {
            if (op.type != OpCode::kDelete) return no_server_op(op.type);
            return server::MultiSubOp{server::DeleteOp{r.path, r.version}};
          },
          [](const wire::SetDataRequest& r) -> Result<server::MultiSubOp> {
            return server::MultiSubOp{server::SetDataOp{r.path, r.data.value_or(""), r.version}};
          },
          [](const wire::CheckVersionRequest& r) -> Result<server::MultiSubOp> {
            return server::MultiSubOp{server::CheckOp{r.path, r.version}};
          },
          // impl/wire refuses reads in a multi (MARSHALLINGERROR) before we get here.
          [&](const wire::GetChildrenRequest&) -> Result<server::MultiSubOp> {
            return no_server_op(op.type);
          },
          [&](const wire::GetDataRequest&) -> Result<server::MultiSubOp> {
            return no_server_op(op.type);
          },
      },
      op.record);
}

// One op of a multiRead (22): getChildren or getData (impl/wire refuses writes).
Result<server::MultiReadSubOp> multi_read_sub_op(const wire::MultiOp& op) {
  if (const auto* r = std::get_if<wire::GetChildrenRequest>(&op.record))
    return server::MultiReadSubOp{server::GetChildrenOp{r->path, r->watch, OpCode::kGetChildren}};
  if (const auto* r = std::get_if<wire::GetDataRequest>(&op.record))
    return server::MultiReadSubOp{server::GetDataOp{r->path, r->watch}};
  return no_server_op(op.type);
}

Result<server::ClientOp> multi_op(OpCode type, const wire::MultiOperationRecord& m) {
  if (type == OpCode::kMultiRead) {
    server::MultiReadOp out;
    for (const auto& op : m.ops) {
      auto sub = multi_read_sub_op(op);
      if (!sub) return sub.error();
      out.ops.push_back(std::move(sub).value());
    }
    return server::ClientOp{std::move(out)};
  }
  server::MultiOp out;
  for (const auto& op : m.ops) {
    auto sub = multi_sub_op(op);
    if (!sub) return sub.error();
    out.ops.push_back(std::move(sub).value());
  }
  return server::ClientOp{std::move(out)};
}

Result<server::ClientOp> empty_request_op(OpCode type) {
  switch (type) {
    case OpCode::kPing:
      return server::ClientOp{server::PingOp{}};
    case OpCode::kCloseSession:
      return server::ClientOp{server::CloseOp{}};
    case OpCode::kWhoAmI:
      return server::ClientOp{server::WhoAmIOp{}};
    default:
      return no_server_op(type);
  }
}

}  // namespace

Result<server::ClientOp> client_op_from_record(OpCode type,
                                               const wire::ClientRequestRecord& record) {
  using R = Result<server::ClientOp>;
  using server::ClientOp;
  return std::visit(
      Overloaded{
          [&](const wire::EmptyRequest&) -> R { return empty_request_op(type); },
          [&](const wire::CreateRequest& r) -> R { return ClientOp{create_op(type, r)}; },
          [](const wire::CreateTtlRequest& r) -> R { return ClientOp{create_op(r)}; },
          [&](const wire::DeleteRequest& r) -> R {
            if (type != OpCode::kDelete) return no_server_op(type);
            return ClientOp{server::DeleteOp{r.path, r.version}};
          },
          [](const wire::ExistsRequest& r) -> R {
            return ClientOp{server::ExistsOp{r.path, r.watch}};
          },
          [](const wire::GetDataRequest& r) -> R {
            return ClientOp{server::GetDataOp{r.path, r.watch}};
          },
          [](const wire::SetDataRequest& r) -> R {
            return ClientOp{server::SetDataOp{r.path, r.data.value_or(""), r.version}};
          },
          [](const wire::GetAclRequest& r) -> R { return ClientOp{server::GetAclOp{r.path}}; },
          [](const wire::SetAclRequest& r) -> R {
            return ClientOp{server::SetAclOp{r.path, r.acl, r.version}};
          },
          [](const wire::GetChildrenRequest& r) -> R {
            return ClientOp{server::GetChildrenOp{r.path, r.watch, OpCode::kGetChildren}};
          },
          [](const wire::GetChildren2Request& r) -> R {
            return ClientOp{server::GetChildrenOp{r.path, r.watch, OpCode::kGetChildren2}};
          },
          [](const wire::SyncRequest& r) -> R { return ClientOp{server::SyncOp{r.path}}; },
          [](const wire::CheckVersionRequest& r) -> R {
            return ClientOp{server::CheckOp{r.path, r.version}};
          },
          [&](const wire::MultiOperationRecord& m) -> R { return multi_op(type, m); },
          [](const wire::ReconfigRequest& r) -> R {
            return ClientOp{server::ReconfigOp{r.joining_servers.value_or(""),
                                               r.leaving_servers.value_or(""),
                                               r.new_members.value_or(""), r.cur_config_id}};
          },
          [](const wire::CheckWatchesRequest& r) -> R {
            return ClientOp{server::RemoveWatchesOp{r.path, r.type, OpCode::kCheckWatches}};
          },
          [](const wire::RemoveWatchesRequest& r) -> R {
            return ClientOp{server::RemoveWatchesOp{r.path, r.type, OpCode::kRemoveWatches}};
          },
          [](const wire::AuthPacket& r) -> R {
            return ClientOp{server::AuthOp{r.type, r.scheme, r.auth}};
          },
          [](const wire::SetWatches& r) -> R {
            return ClientOp{server::SetWatchesOp{zxid_from_client(r.relative_zxid),
                                                 r.data_watches,
                                                 r.exist_watches,
                                                 r.child_watches,
                                                 {},
                                                 {},
                                                 OpCode::kSetWatches}};
          },
          [](const wire::SetWatches2& r) -> R {
            return ClientOp{server::SetWatchesOp{
                zxid_from_client(r.relative_zxid), r.data_watches, r.exist_watches, r.child_watches,
                r.persistent_watches, r.persistent_recursive_watches, OpCode::kSetWatches2}};
          },
          [&](const wire::GetSaslRequest&) -> R { return no_server_op(type); },
          [](const wire::GetEphemeralsRequest& r) -> R {
            return ClientOp{server::GetEphemeralsOp{r.prefix_path}};
          },
          [](const wire::GetAllChildrenNumberRequest& r) -> R {
            return ClientOp{server::GetAllChildrenNumberOp{r.path}};
          },
          [](const wire::AddWatchRequest& r) -> R {
            return ClientOp{server::AddWatchOp{r.path, r.mode}};
          },
      },
      record);
}

server::ConnectOp connect_op_from_record(const wire::ConnectRequest& r,
                                         std::string client_address) {
  server::ConnectOp op;
  op.timeout_ms = r.time_out;
  op.last_zxid_seen = zxid_from_client(r.last_zxid_seen);
  op.session_id = static_cast<uint64_t>(r.session_id);
  op.passwd = r.passwd;
  op.read_only = r.read_only.value_or(false);
  op.protocol_version = r.protocol_version;
  op.client_address = std::move(client_address);
  return op;
}

wire::ConnectRequest connect_request_from_op(const server::ConnectOp& op) {
  return wire::ConnectRequest{op.protocol_version, static_cast<int64_t>(op.last_zxid_seen.value),
                              op.timeout_ms,       static_cast<int64_t>(op.session_id),
                              op.passwd,           op.read_only};
}

namespace {

wire::MultiOp multi_op_record(const server::MultiSubOp& op) {
  return std::visit(
      Overloaded{
          [](const server::CreateOp& c) {
            if (c.type == OpCode::kCreateTtl) {
              return wire::MultiOp{
                  c.type, wire::CreateTtlRequest{c.path, c.data, c.acl, c.flags, c.ttl_ms}};
            }
            return wire::MultiOp{c.type, wire::CreateRequest{c.path, c.data, c.acl, c.flags}};
          },
          [](const server::DeleteOp& d) {
            return wire::MultiOp{OpCode::kDelete, wire::DeleteRequest{d.path, d.version}};
          },
          [](const server::SetDataOp& s) {
            return wire::MultiOp{OpCode::kSetData, wire::SetDataRequest{s.path, s.data, s.version}};
          },
          [](const server::CheckOp& c) {
            return wire::MultiOp{OpCode::kCheck, wire::CheckVersionRequest{c.path, c.version}};
          },
      },
      op);
}

wire::MultiOp multi_read_op_record(const server::MultiReadSubOp& op) {
  return std::visit(
      Overloaded{
          [](const server::GetChildrenOp& g) {
            return wire::MultiOp{OpCode::kGetChildren, wire::GetChildrenRequest{g.path, g.watch}};
          },
          [](const server::GetDataOp& g) {
            return wire::MultiOp{OpCode::kGetData, wire::GetDataRequest{g.path, g.watch}};
          },
      },
      op);
}

wire::ClientRequestRecord create_record(const server::CreateOp& c) {
  if (c.type == OpCode::kCreateTtl)
    return wire::CreateTtlRequest{c.path, c.data, c.acl, c.flags, c.ttl_ms};
  return wire::CreateRequest{c.path, c.data, c.acl, c.flags};
}

wire::ClientRequestRecord watches_record(const server::SetWatchesOp& w) {
  const auto zxid = static_cast<int64_t>(w.relative_zxid.value);
  if (w.type == OpCode::kSetWatches2) {
    return wire::SetWatches2{zxid,
                             w.data_watches,
                             w.exist_watches,
                             w.child_watches,
                             w.persistent_watches,
                             w.persistent_recursive_watches};
  }
  return wire::SetWatches{zxid, w.data_watches, w.exist_watches, w.child_watches};
}

}  // namespace

RequestRecord record_from_client_op(const server::ClientOp& op) {
  using RR = RequestRecord;
  return std::visit(
      Overloaded{
          [](const server::ConnectOp&) -> RR {
            ZK_ASSERT_MSG(false, "a ConnectOp travels as a ConnectRequest, without header");
            return RR{};
          },
          [](const server::CreateOp& c) -> RR {
            return RR{c.type, create_record(c)};
          },
          [](const server::DeleteOp& d) -> RR {
            return RR{OpCode::kDelete, wire::DeleteRequest{d.path, d.version}};
          },
          [](const server::SetDataOp& s) -> RR {
            return RR{OpCode::kSetData, wire::SetDataRequest{s.path, s.data, s.version}};
          },
          [](const server::GetDataOp& g) -> RR {
            return RR{OpCode::kGetData, wire::GetDataRequest{g.path, g.watch}};
          },
          [](const server::ExistsOp& e) -> RR {
            return RR{OpCode::kExists, wire::ExistsRequest{e.path, e.watch}};
          },
          [](const server::GetChildrenOp& g) -> RR {
            if (g.type == OpCode::kGetChildren2)
              return RR{g.type, wire::GetChildren2Request{g.path, g.watch}};
            return RR{OpCode::kGetChildren, wire::GetChildrenRequest{g.path, g.watch}};
          },
          [](const server::CloseOp&) -> RR {
            return RR{OpCode::kCloseSession, wire::EmptyRequest{}};
          },
          [](const server::GetAclOp& g) -> RR {
            return RR{OpCode::kGetAcl, wire::GetAclRequest{g.path}};
          },
          [](const server::SetAclOp& s) -> RR {
            return RR{OpCode::kSetAcl, wire::SetAclRequest{s.path, s.acl, s.version}};
          },
          [](const server::SyncOp& s) -> RR {
            return RR{OpCode::kSync, wire::SyncRequest{s.path}};
          },
          [](const server::CheckOp& c) -> RR {
            return RR{OpCode::kCheck, wire::CheckVersionRequest{c.path, c.version}};
          },
          [](const server::MultiOp& m) -> RR {
            wire::MultiOperationRecord out;
            for (const auto& op : m.ops)
              out.ops.push_back(multi_op_record(op));
            return RR{OpCode::kMulti, std::move(out)};
          },
          [](const server::MultiReadOp& m) -> RR {
            wire::MultiOperationRecord out;
            for (const auto& op : m.ops)
              out.ops.push_back(multi_read_op_record(op));
            return RR{OpCode::kMultiRead, std::move(out)};
          },
          [](const server::PingOp&) -> RR {
            return RR{OpCode::kPing, wire::EmptyRequest{}};
          },
          [](const server::SetWatchesOp& w) -> RR {
            return RR{w.type, watches_record(w)};
          },
          [](const server::AddWatchOp& a) -> RR {
            return RR{OpCode::kAddWatch, wire::AddWatchRequest{a.path, a.mode}};
          },
          [](const server::RemoveWatchesOp& r) -> RR {
            if (r.type == OpCode::kCheckWatches)
              return RR{r.type, wire::CheckWatchesRequest{r.path, r.watcher_type}};
            return RR{OpCode::kRemoveWatches, wire::RemoveWatchesRequest{r.path, r.watcher_type}};
          },
          [](const server::GetEphemeralsOp& g) -> RR {
            return RR{OpCode::kGetEphemerals, wire::GetEphemeralsRequest{g.prefix_path}};
          },
          [](const server::GetAllChildrenNumberOp& g) -> RR {
            return RR{OpCode::kGetAllChildrenNumber, wire::GetAllChildrenNumberRequest{g.path}};
          },
          [](const server::AuthOp& a) -> RR {
            return RR{OpCode::kAuth, wire::AuthPacket{a.type, a.scheme, a.auth}};
          },
          [](const server::WhoAmIOp&) -> RR {
            return RR{OpCode::kWhoAmI, wire::EmptyRequest{}};
          },
          [](const server::ReconfigOp& r) -> RR {
            return RR{OpCode::kReconfig,
                      wire::ReconfigRequest{null_if_empty(r.joining_servers),
                                            null_if_empty(r.leaving_servers),
                                            null_if_empty(r.new_members), r.cur_config_id}};
          },
      },
      op);
}

}  // namespace zab::runtime
