#include "impl/server/request_codec.h"

#include "impl/core/overloaded.h"
#include "impl/data/jute.h"
#include "impl/data/opcode.h"

namespace zab::server {

using data::OpCode;

std::string encode_request(const ForwardedRequest& r) {
  data::JuteWriter w;
  w.i64(static_cast<int64_t>(r.session_id));
  w.i32(r.cxid);
  w.i32(r.origin.value);
  std::visit(
      Overloaded{
          [&](const data::Create& c) {
            w.i32(static_cast<int32_t>(OpCode::kCreate));
            w.ustring(c.path);
            w.buffer(c.data);
            w.acl_list(c.acl);
            w.i32(c.flags);
          },
          [&](const data::Delete& d) {
            w.i32(static_cast<int32_t>(OpCode::kDelete));
            w.ustring(d.path);
            w.i32(d.version);
          },
          [&](const data::SetData& s) {
            w.i32(static_cast<int32_t>(OpCode::kSetData));
            w.ustring(s.path);
            w.buffer(s.data);
            w.i32(s.version);
          },
          [&](const data::CreateSession& s) {
            w.i32(static_cast<int32_t>(OpCode::kCreateSession));
            w.i32(s.timeout_ms);
          },
          [&](const data::CloseSession&) { w.i32(static_cast<int32_t>(OpCode::kCloseSession)); },
          // The scripted clients never send these; a learner would forward them the same
          // way (SetACLRequest, CheckVersionRequest, MultiOperationRecord).
          [&](const data::SetAcl&) { w.i32(static_cast<int32_t>(OpCode::kError)); },
          [&](const data::Check&) { w.i32(static_cast<int32_t>(OpCode::kError)); },
          [&](const data::Multi&) { w.i32(static_cast<int32_t>(OpCode::kError)); },
          [&](const data::DeleteContainer&) { w.i32(static_cast<int32_t>(OpCode::kError)); },
      },
      r.request);
  return w.take();
}

Result<ForwardedRequest> decode_request(const std::string& payload) {
  data::JuteReader in(payload);
  ForwardedRequest r;
  r.session_id = static_cast<uint64_t>(in.i64());
  r.cxid = in.i32();
  const int32_t origin = in.i32();
  if (origin < 1 || origin > kMaxServers) in.reject("bad origin server id");
  r.origin = NodeId{static_cast<uint8_t>(origin)};
  const auto type = static_cast<OpCode>(in.i32());
  switch (type) {
    case OpCode::kCreate: {
      data::Create c;
      c.path = in.ustring();
      c.data = in.buffer();
      c.acl = in.acl_list();
      c.flags = in.i32();
      r.request = std::move(c);
      break;
    }
    case OpCode::kDelete: {
      data::Delete d;
      d.path = in.ustring();
      d.version = in.i32();
      r.request = std::move(d);
      break;
    }
    case OpCode::kSetData: {
      data::SetData s;
      s.path = in.ustring();
      s.data = in.buffer();
      s.version = in.i32();
      r.request = std::move(s);
      break;
    }
    case OpCode::kCreateSession:
      r.request = data::CreateSession{in.i32()};
      break;
    case OpCode::kCloseSession:
      r.request = data::CloseSession{};
      break;
    default:
      in.reject("a REQUEST with an operation learners do not forward");
  }
  in.expect_end();
  if (!in.ok()) return Error{Code::kMarshallingError, in.status().error().message};
  return r;
}

}  // namespace zab::server
