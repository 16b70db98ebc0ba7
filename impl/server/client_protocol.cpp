#include "impl/server/client_protocol.h"

#include <fmt/format.h>

#include "impl/core/overloaded.h"

namespace zab::server {

bool is_read(const ClientOp& op) {
  return std::holds_alternative<GetDataOp>(op) || std::holds_alternative<ExistsOp>(op) ||
         std::holds_alternative<GetChildrenOp>(op);
}

// A connect goes through the pipeline too (as createSession), so it counts as a write.
bool is_write(const ClientOp& op) {
  return !is_read(op);
}

std::string describe(const ClientOp& op) {
  return std::visit(
      Overloaded{
          [](const ConnectOp& o) { return fmt::format("connect timeout={}", o.timeout_ms); },
          [](const CreateOp& o) {
            std::string mode = (o.flags & 1) ? " -e" : "";
            if (o.flags & 2) mode += " -s";
            return fmt::format("create{} {}", mode, o.path);
          },
          [](const DeleteOp& o) { return fmt::format("delete {}", o.path); },
          [](const SetDataOp& o) { return fmt::format("set {} {}", o.path, o.data); },
          [](const GetDataOp& o) { return fmt::format("get{} {}", o.watch ? " -w" : "", o.path); },
          [](const ExistsOp& o) { return fmt::format("stat{} {}", o.watch ? " -w" : "", o.path); },
          [](const GetChildrenOp& o) {
            return fmt::format("ls{} {}", o.watch ? " -w" : "", o.path);
          },
          [](const CloseOp&) { return std::string("close"); },
      },
      op);
}

std::string describe(const ToClient& msg) {
  return std::visit(
      Overloaded{
          [](const ClientReply& r) {
            if (r.session_id) return fmt::format("reply {} session {:#x}", r.cxid, r.session_id);
            return fmt::format("reply {} {}{}", r.cxid, code_name(r.err),
                               r.path.empty() ? "" : " " + r.path);
          },
          [](const WatchEventMsg& e) { return fmt::format("watch event {} {}", e.type, e.path); },
      },
      msg);
}

}  // namespace zab::server
