#include "impl/server/client_protocol.h"

#include <fmt/format.h>

#include "impl/core/overloaded.h"

namespace zab::server {

using data::OpCode;

std::string to_string(ClientId id) {
  return fmt::format("c{}", id.value);
}

OpKind kind_of(const ClientOp& op) {
  return std::visit(Overloaded{
                        [](const ConnectOp&) { return OpKind::kConnect; },
                        [](const CreateOp&) { return OpKind::kWrite; },
                        [](const DeleteOp&) { return OpKind::kWrite; },
                        [](const SetDataOp&) { return OpKind::kWrite; },
                        [](const SetAclOp&) { return OpKind::kWrite; },
                        [](const CheckOp&) { return OpKind::kWrite; },
                        [](const MultiOp&) { return OpKind::kWrite; },
                        [](const CloseOp&) { return OpKind::kWrite; },
                        [](const ReconfigOp&) { return OpKind::kWrite; },
                        [](const SyncOp&) { return OpKind::kSync; },
                        [](const AuthOp&) { return OpKind::kAuth; },
                        [](const GetDataOp&) { return OpKind::kLocal; },
                        [](const ExistsOp&) { return OpKind::kLocal; },
                        [](const GetChildrenOp&) { return OpKind::kLocal; },
                        [](const GetAclOp&) { return OpKind::kLocal; },
                        [](const MultiReadOp&) { return OpKind::kLocal; },
                        [](const PingOp&) { return OpKind::kLocal; },
                        [](const SetWatchesOp&) { return OpKind::kLocal; },
                        [](const AddWatchOp&) { return OpKind::kLocal; },
                        [](const RemoveWatchesOp&) { return OpKind::kLocal; },
                        [](const GetEphemeralsOp&) { return OpKind::kLocal; },
                        [](const GetAllChildrenNumberOp&) { return OpKind::kLocal; },
                        [](const WhoAmIOp&) { return OpKind::kLocal; },
                    },
                    op);
}

OpCode opcode_of(const ClientOp& op) {
  return std::visit(Overloaded{
                        [](const ConnectOp&) { return OpCode::kCreateSession; },
                        [](const CreateOp& o) { return o.type; },
                        [](const DeleteOp&) { return OpCode::kDelete; },
                        [](const SetDataOp&) { return OpCode::kSetData; },
                        [](const GetDataOp&) { return OpCode::kGetData; },
                        [](const ExistsOp&) { return OpCode::kExists; },
                        [](const GetChildrenOp& o) { return o.type; },
                        [](const CloseOp&) { return OpCode::kCloseSession; },
                        [](const GetAclOp&) { return OpCode::kGetAcl; },
                        [](const SetAclOp&) { return OpCode::kSetAcl; },
                        [](const SyncOp&) { return OpCode::kSync; },
                        [](const CheckOp&) { return OpCode::kCheck; },
                        [](const MultiOp&) { return OpCode::kMulti; },
                        [](const MultiReadOp&) { return OpCode::kMultiRead; },
                        [](const PingOp&) { return OpCode::kPing; },
                        [](const SetWatchesOp& o) { return o.type; },
                        [](const AddWatchOp&) { return OpCode::kAddWatch; },
                        [](const RemoveWatchesOp& o) { return o.type; },
                        [](const GetEphemeralsOp&) { return OpCode::kGetEphemerals; },
                        [](const GetAllChildrenNumberOp&) { return OpCode::kGetAllChildrenNumber; },
                        [](const AuthOp&) { return OpCode::kAuth; },
                        [](const WhoAmIOp&) { return OpCode::kWhoAmI; },
                        [](const ReconfigOp&) { return OpCode::kReconfig; },
                    },
                    op);
}

namespace {

// zkCli's words where it has one ("create -e /a", "ls -w /a"); the traces of the checker's
// scripted clients name their steps with these.
std::string describe_create(const CreateOp& o) {
  std::string mode = (o.flags & 1) ? " -e" : "";
  if (o.flags & 2) mode += " -s";
  if (o.flags == 4) mode += " -c";
  if (o.ttl_ms >= 0) mode += fmt::format(" -t {}", o.ttl_ms);
  return fmt::format("create{} {}", mode, o.path);
}

std::string describe_sub(const MultiSubOp& op) {
  return std::visit(
      Overloaded{
          [](const CreateOp& o) { return describe_create(o); },
          [](const DeleteOp& o) { return fmt::format("delete {}", o.path); },
          [](const SetDataOp& o) { return fmt::format("set {}", o.path); },
          [](const CheckOp& o) { return fmt::format("check {} v{}", o.path, o.version); },
      },
      op);
}

}  // namespace

std::string describe(const ClientOp& op) {
  return std::visit(
      Overloaded{
          [](const ConnectOp& o) {
            if (o.session_id == 0) return fmt::format("connect timeout={}", o.timeout_ms);
            return fmt::format("connect timeout={} session {:#x}", o.timeout_ms, o.session_id);
          },
          [](const CreateOp& o) { return describe_create(o); },
          [](const DeleteOp& o) { return fmt::format("delete {}", o.path); },
          [](const SetDataOp& o) { return fmt::format("set {} {}", o.path, o.data); },
          [](const GetDataOp& o) { return fmt::format("get{} {}", o.watch ? " -w" : "", o.path); },
          [](const ExistsOp& o) { return fmt::format("stat{} {}", o.watch ? " -w" : "", o.path); },
          [](const GetChildrenOp& o) {
            return fmt::format("ls{}{} {}", o.type == OpCode::kGetChildren2 ? " -s" : "",
                               o.watch ? " -w" : "", o.path);
          },
          [](const CloseOp&) { return std::string("close"); },
          [](const GetAclOp& o) { return fmt::format("getAcl {}", o.path); },
          [](const SetAclOp& o) { return fmt::format("setAcl {}", o.path); },
          [](const SyncOp& o) { return fmt::format("sync {}", o.path); },
          [](const CheckOp& o) { return fmt::format("check {} v{}", o.path, o.version); },
          [](const MultiOp& o) {
            std::string out = "multi [";
            for (size_t i = 0; i < o.ops.size(); ++i)
              out += (i ? ", " : "") + describe_sub(o.ops[i]);
            return out + "]";
          },
          [](const MultiReadOp& o) { return fmt::format("multiRead of {}", o.ops.size()); },
          [](const PingOp&) { return std::string("ping"); },
          [](const SetWatchesOp& o) {
            return fmt::format("setWatches relativeZxid={}", to_string(o.relative_zxid));
          },
          [](const AddWatchOp& o) {
            return fmt::format("addWatch{} {}", o.mode == 1 ? " -m PERSISTENT_RECURSIVE" : "",
                               o.path);
          },
          [](const RemoveWatchesOp& o) {
            return fmt::format("{} {} type={}",
                               o.type == OpCode::kCheckWatches ? "checkWatches" : "removewatches",
                               o.path, o.watcher_type);
          },
          [](const GetEphemeralsOp& o) { return fmt::format("getEphemerals {}", o.prefix_path); },
          [](const GetAllChildrenNumberOp& o) {
            return fmt::format("getAllChildrenNumber {}", o.path);
          },
          [](const AuthOp& o) { return fmt::format("addauth {}", o.scheme); },
          [](const WhoAmIOp&) { return std::string("whoami"); },
          [](const ReconfigOp&) { return std::string("reconfig"); },
      },
      op);
}

uint64_t connected_session(const ClientReply& reply) {
  const auto* connect = std::get_if<ConnectResponse>(&reply.response);
  return connect ? connect->session_id : 0;
}

std::string describe(const ToClient& msg) {
  return std::visit(
      Overloaded{
          [](const ClientReply& r) {
            if (std::holds_alternative<ConnectResponse>(r.response)) {
              const uint64_t session = connected_session(r);
              if (session) return fmt::format("reply {} session {:#x}", r.cxid, session);
              return fmt::format("reply {} session expired", r.cxid);
            }
            std::string path;
            if (const auto* c = std::get_if<CreateResponse>(&r.response)) path = " " + c->path;
            if (const auto* c = std::get_if<Create2Response>(&r.response)) path = " " + c->path;
            return fmt::format("reply {} {}{}", r.cxid, code_name(r.err), path);
          },
          [](const WatchEventMsg& e) { return fmt::format("watch event {} {}", e.type, e.path); },
      },
      msg);
}

}  // namespace zab::server
