#include "impl/server/client_responses.h"

#include <fmt/format.h>

#include "impl/core/overloaded.h"

namespace zab::server {

wire::ReplyHeader reply_header(const ClientReply& reply) {
  return wire::ReplyHeader{reply.cxid, static_cast<int64_t>(reply.zxid.value),
                           static_cast<int32_t>(reply.err)};
}

std::string describe(const ToClient& msg) {
  return std::visit(Overloaded{
                        [](const wire::ConnectResponse& r) {
                          if (r.session_id == 0) return std::string("reply 0 session expired");
                          return fmt::format("reply 0 session {:#x}",
                                             static_cast<uint64_t>(r.session_id));
                        },
                        [](const ClientReply& r) {
                          std::string path;
                          if (const auto* c = std::get_if<wire::CreateResponse>(&r.body))
                            path = " " + c->path;
                          if (const auto* c = std::get_if<wire::Create2Response>(&r.body))
                            path = " " + c->path;
                          return fmt::format("reply {} {}{}", r.cxid, code_name(r.err), path);
                        },
                        [](const wire::WatcherEvent& e) {
                          return fmt::format("watch event {} {}", e.type, e.path);
                        },
                    },
                    msg);
}

}  // namespace zab::server
