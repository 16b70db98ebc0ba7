#include "impl/server/client_protocol.h"

#include <fmt/format.h>

#include "impl/core/overloaded.h"

namespace zab::server {

using data::OpCode;

std::string to_string(ClientId id) {
  return fmt::format("c{}", id.value);
}

namespace {

// The record fits the type, and a multi holds only writes, a multiRead only reads, each op's
// record fitting its own type (what MultiOperationRecord.deserialize accepts).
bool well_formed(const RequestOp& op) {
  if (!wire::request_record_matches(op.type, op.record)) return false;
  const auto* multi = std::get_if<wire::MultiOperationRecord>(&op.record);
  if (!multi) return true;
  for (const auto& sub : multi->ops)
    if (!wire::multi_op_matches(sub.type, sub.record) ||
        wire::is_read_op(sub.type) != (op.type == OpCode::kMultiRead))
      return false;
  return true;
}

OpKind kind_of_type(OpCode type) {
  switch (type) {
    case OpCode::kCreate:
    case OpCode::kCreate2:
    case OpCode::kCreateContainer:
    case OpCode::kCreateTtl:
    case OpCode::kDelete:
    case OpCode::kDeleteContainer:
    case OpCode::kSetData:
    case OpCode::kSetAcl:
    case OpCode::kCheck:
    case OpCode::kMulti:
    case OpCode::kCloseSession:
    case OpCode::kReconfig:
      return OpKind::kWrite;
    case OpCode::kSync:
      return OpKind::kSync;
    case OpCode::kAuth:
      return OpKind::kAuth;
    case OpCode::kExists:
    case OpCode::kGetData:
    case OpCode::kGetAcl:
    case OpCode::kGetChildren:
    case OpCode::kGetChildren2:
    case OpCode::kMultiRead:
    case OpCode::kPing:
    case OpCode::kSetWatches:
    case OpCode::kSetWatches2:
    case OpCode::kAddWatch:
    case OpCode::kCheckWatches:
    case OpCode::kRemoveWatches:
    case OpCode::kGetEphemerals:
    case OpCode::kGetAllChildrenNumber:
    case OpCode::kWhoAmI:
      return OpKind::kLocal;
    case OpCode::kSasl:
    case OpCode::kNotification:
    case OpCode::kCreateSession:
    case OpCode::kError:
      return OpKind::kUnimplemented;
  }
  return OpKind::kUnimplemented;  // a number ZooDefs.OpCode does not define
}

std::string watch_flag(bool watch) {
  return watch ? " -w" : "";
}

std::string describe_create(const std::string& path, int32_t flags, std::optional<int64_t> ttl) {
  std::string mode = (flags & 1) ? " -e" : "";
  if (flags & 2) mode += " -s";
  if (flags == 4) mode += " -c";
  if (ttl) mode += fmt::format(" -t {}", *ttl);
  return fmt::format("create{} {}", mode, path);
}

std::string describe_multi(const wire::MultiOperationRecord& m);

std::string describe_request(const RequestOp& op) {
  const OpCode type = op.type;
  return std::visit(
      Overloaded{
          [&](const wire::EmptyRequest&) -> std::string {
            if (type == OpCode::kCloseSession) return "close";
            if (type == OpCode::kWhoAmI) return "whoami";
            return std::string(data::opcode_name(type));
          },
          [](const wire::CreateRequest& r) {
            return describe_create(r.path, r.flags, std::nullopt);
          },
          [](const wire::CreateTtlRequest& r) { return describe_create(r.path, r.flags, r.ttl); },
          [&](const wire::DeleteRequest& r) {
            return fmt::format("{} {}", data::opcode_name(type), r.path);
          },
          [](const wire::ExistsRequest& r) {
            return fmt::format("stat{} {}", watch_flag(r.watch), r.path);
          },
          [](const wire::GetDataRequest& r) {
            return fmt::format("get{} {}", watch_flag(r.watch), r.path);
          },
          [](const wire::SetDataRequest& r) {
            return fmt::format("set {} {}", r.path, r.data.value_or(""));
          },
          [](const wire::GetAclRequest& r) { return fmt::format("getAcl {}", r.path); },
          [](const wire::SetAclRequest& r) { return fmt::format("setAcl {}", r.path); },
          [](const wire::GetChildrenRequest& r) {
            return fmt::format("ls{} {}", watch_flag(r.watch), r.path);
          },
          [](const wire::GetChildren2Request& r) {
            return fmt::format("ls -s{} {}", watch_flag(r.watch), r.path);
          },
          [](const wire::SyncRequest& r) { return fmt::format("sync {}", r.path); },
          [](const wire::CheckVersionRequest& r) {
            return fmt::format("check {} v{}", r.path, r.version);
          },
          [&](const wire::MultiOperationRecord& m) {
            if (type == OpCode::kMultiRead) return fmt::format("multiRead of {}", m.ops.size());
            return describe_multi(m);
          },
          [](const wire::ReconfigRequest&) { return std::string("reconfig"); },
          [](const wire::CheckWatchesRequest& r) {
            return fmt::format("checkWatches {} type={}", r.path, r.type);
          },
          [](const wire::RemoveWatchesRequest& r) {
            return fmt::format("removewatches {} type={}", r.path, r.type);
          },
          [](const wire::AuthPacket& r) { return fmt::format("addauth {}", r.scheme); },
          [](const wire::SetWatches& r) {
            return fmt::format("setWatches relativeZxid={}",
                               to_string(Zxid{static_cast<uint64_t>(r.relative_zxid)}));
          },
          [](const wire::SetWatches2& r) {
            return fmt::format("setWatches2 relativeZxid={}",
                               to_string(Zxid{static_cast<uint64_t>(r.relative_zxid)}));
          },
          [](const wire::GetSaslRequest&) { return std::string("sasl"); },
          [](const wire::GetEphemeralsRequest& r) {
            return fmt::format("getEphemerals {}", r.prefix_path);
          },
          [](const wire::GetAllChildrenNumberRequest& r) {
            return fmt::format("getAllChildrenNumber {}", r.path);
          },
          [](const wire::AddWatchRequest& r) {
            return fmt::format("addWatch{} {}", r.mode == 1 ? " -m PERSISTENT_RECURSIVE" : "",
                               r.path);
          },
      },
      op.record);
}

std::string describe_multi(const wire::MultiOperationRecord& m) {
  std::string out = "multi [";
  for (size_t i = 0; i < m.ops.size(); ++i) {
    const auto& sub = m.ops[i];
    wire::ClientRequestRecord record =
        std::visit([](const auto& r) -> wire::ClientRequestRecord { return r; }, sub.record);
    out += (i ? ", " : "") + describe_request(RequestOp{sub.type, std::move(record)});
  }
  return out + "]";
}

}  // namespace

OpKind kind_of(const ClientOp& op) {
  return std::visit(Overloaded{
                        [](const ConnectOp&) { return OpKind::kConnect; },
                        [](const RequestOp& r) {
                          return well_formed(r) ? kind_of_type(r.type) : OpKind::kUnimplemented;
                        },
                    },
                    op);
}

OpCode opcode_of(const ClientOp& op) {
  return std::visit(Overloaded{
                        [](const ConnectOp&) { return OpCode::kCreateSession; },
                        [](const RequestOp& r) { return r.type; },
                    },
                    op);
}

std::string describe(const ClientOp& op) {
  return std::visit(Overloaded{
                        [](const ConnectOp& o) {
                          const auto& c = o.request;
                          if (c.session_id == 0)
                            return fmt::format("connect timeout={}", c.time_out);
                          return fmt::format("connect timeout={} session {:#x}", c.time_out,
                                             static_cast<uint64_t>(c.session_id));
                        },
                        [](const RequestOp& r) { return describe_request(r); },
                    },
                    op);
}

}  // namespace zab::server
