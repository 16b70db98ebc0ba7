#include "impl/server/request_codec.h"

#include "impl/core/overloaded.h"
#include "impl/data/jute.h"
#include "impl/wire/client_request.h"
#include "impl/wire/record_codec.h"

namespace zab::server {

using data::OpCode;

namespace {

data::Create to_create(const wire::CreateRequest& r) {
  return data::Create{r.path, r.data.value_or(""), r.acl, r.flags, -1};
}
data::Create to_create(const wire::CreateTtlRequest& r) {
  return data::Create{r.path, r.data.value_or(""), r.acl, r.flags, r.ttl};
}

Result<ForwardedOp> not_forwarded(OpCode type) {
  return make_error(Code::kMarshallingError, "a REQUEST with {}, which servers do not forward",
                    data::opcode_name(type));
}

// MultiOperationRecord's ops as impl/data's (impl/wire has refused reads in a multi).
Result<ForwardedOp> to_multi(const wire::MultiOperationRecord& m) {
  data::Multi multi;
  for (const auto& op : m.ops) {
    std::optional<data::MultiOp> sub =
        std::visit(Overloaded{
                       [](const wire::CreateRequest& r) -> std::optional<data::MultiOp> {
                         return to_create(r);
                       },
                       [](const wire::CreateTtlRequest& r) -> std::optional<data::MultiOp> {
                         return to_create(r);
                       },
                       [](const wire::DeleteRequest& r) -> std::optional<data::MultiOp> {
                         return data::Delete{r.path, r.version};
                       },
                       [](const wire::SetDataRequest& r) -> std::optional<data::MultiOp> {
                         return data::SetData{r.path, r.data.value_or(""), r.version};
                       },
                       [](const wire::CheckVersionRequest& r) -> std::optional<data::MultiOp> {
                         return data::Check{r.path, r.version};
                       },
                       [](const wire::GetChildrenRequest&) -> std::optional<data::MultiOp> {
                         return std::nullopt;
                       },
                       [](const wire::GetDataRequest&) -> std::optional<data::MultiOp> {
                         return std::nullopt;
                       },
                   },
                   op.record);
    if (!sub) return not_forwarded(op.type);
    multi.ops.push_back(std::move(*sub));
  }
  return ForwardedOp{data::WriteRequest{std::move(multi)}};
}

Result<ForwardedOp> from_record(OpCode type, const wire::ClientRequestRecord& record) {
  using R = Result<ForwardedOp>;
  auto write = [](data::WriteRequest w) -> R { return ForwardedOp{std::move(w)}; };
  return std::visit(Overloaded{
                        [&](const wire::CreateRequest& r) -> R { return write(to_create(r)); },
                        [&](const wire::CreateTtlRequest& r) -> R { return write(to_create(r)); },
                        [&](const wire::DeleteRequest& r) -> R {
                          return write(data::Delete{r.path, r.version});
                        },
                        [&](const wire::SetDataRequest& r) -> R {
                          return write(data::SetData{r.path, r.data.value_or(""), r.version});
                        },
                        [&](const wire::SetAclRequest& r) -> R {
                          return write(data::SetAcl{r.path, r.acl, r.version});
                        },
                        [&](const wire::CheckVersionRequest& r) -> R {
                          return write(data::Check{r.path, r.version});
                        },
                        [&](const wire::MultiOperationRecord& m) -> R {
                          if (type != OpCode::kMulti) return not_forwarded(type);
                          return to_multi(m);
                        },
                        [](const wire::SyncRequest& r) -> R { return ForwardedOp{r}; },
                        [](const wire::ReconfigRequest& r) -> R { return ForwardedOp{r}; },
                        [&](const auto&) -> R { return not_forwarded(type); },
                    },
                    record);
}

std::vector<data::Id> read_ids(data::JuteReader& in) {
  std::vector<data::Id> ids;
  const int32_t count = in.i32();
  // An Id takes at least 8 bytes (two lengths).
  if (count < -1 || (count > 0 && static_cast<size_t>(count) > in.remaining() / 8)) {
    in.reject("bad identity count");
    return ids;
  }
  for (int32_t i = 0; i < count && in.ok(); ++i)
    ids.push_back(in.id());
  return ids;
}

}  // namespace

std::string record_bytes(const wire::ClientRequestRecord& record) {
  data::JuteWriter w;
  std::visit([&](const auto& r) { wire::write(w, r); }, record);
  return w.take();
}

std::string encode_request(const ForwardedRequest& r) {
  data::JuteWriter w;
  w.i64(static_cast<int64_t>(r.session_id));
  w.i32(r.cxid);
  w.i32(r.origin.value);
  w.i32(static_cast<int32_t>(r.auth_ids.size()));
  for (const auto& id : r.auth_ids)
    w.id(id);
  w.i32(static_cast<int32_t>(r.type));
  w.raw(r.record);
  return w.take();
}

Result<ForwardedRequest> decode_request(const std::string& payload) {
  data::JuteReader in(payload);
  ForwardedRequest r;
  r.session_id = static_cast<uint64_t>(in.i64());
  r.cxid = in.i32();
  const int32_t origin = in.i32();
  if (in.ok() && (origin < 1 || origin > kMaxServers)) in.reject("bad origin server id");
  r.origin = NodeId{static_cast<uint8_t>(origin)};
  r.auth_ids = read_ids(in);
  r.type = static_cast<OpCode>(in.i32());
  if (!in.ok()) return Error{Code::kMarshallingError, in.status().error().message};
  r.record = payload.substr(in.position());
  return r;
}

Result<ForwardedOp> forwarded_op(const ForwardedRequest& r) {
  switch (r.type) {
    case OpCode::kCreateSession: {
      data::JuteReader in(r.record);
      const int32_t timeout_ms = in.i32();
      in.expect_end();
      if (!in.ok()) return Error{Code::kMarshallingError, in.status().error().message};
      return ForwardedOp{data::WriteRequest{data::CreateSession{timeout_ms}}};
    }
    case OpCode::kCloseSession:
      // ZooKeeper's closeSession request carries no record; bytes after it are never read.
      return ForwardedOp{data::WriteRequest{data::CloseSession{}}};
    case OpCode::kDeleteContainer:
      // PrepRequestProcessor: new String(request.request.array(), UTF_8) is the path.
      return ForwardedOp{data::WriteRequest{data::DeleteContainer{r.record}}};
    default:
      break;
  }
  auto record = wire::decode_request_record(r.type, r.record);
  if (!record) return Error{Code::kMarshallingError, record.error().message};
  return from_record(r.type, *record);
}

}  // namespace zab::server
