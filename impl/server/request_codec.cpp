#include "impl/server/request_codec.h"

#include "impl/core/overloaded.h"
#include "impl/data/jute.h"
#include "impl/data/opcode.h"

namespace zab::server {

using data::OpCode;

namespace {

// A create that carries a TTL travels as createTTL (CreateTTLRequest), any other as create
// (CreateRequest); the leader derives the node's kind from the flags, so nothing else is lost.
OpCode create_opcode(const data::Create& c) {
  return c.ttl_ms != -1 || c.flags == 5 || c.flags == 6 ? OpCode::kCreateTtl : OpCode::kCreate;
}

// The request record alone (what follows the opcode, or a MultiHeader).
struct WriteRecord {
  data::JuteWriter& w;
  void operator()(const data::Create& c) const {
    w.ustring(c.path);
    w.buffer(c.data);
    w.acl_list(c.acl);
    w.i32(c.flags);
    if (create_opcode(c) == OpCode::kCreateTtl) w.i64(c.ttl_ms);
  }
  void operator()(const data::Delete& d) const {
    w.ustring(d.path);
    w.i32(d.version);
  }
  void operator()(const data::SetData& s) const {
    w.ustring(s.path);
    w.buffer(s.data);
    w.i32(s.version);
  }
  void operator()(const data::Check& c) const {
    w.ustring(c.path);
    w.i32(c.version);
  }
};

OpCode opcode_of(const data::MultiOp& op) {
  return std::visit(Overloaded{
                        [](const data::Create& c) { return create_opcode(c); },
                        [](const data::Delete&) { return OpCode::kDelete; },
                        [](const data::SetData&) { return OpCode::kSetData; },
                        [](const data::Check&) { return OpCode::kCheck; },
                    },
                    op);
}

// MultiOperationRecord: MultiHeader{type, done=false, err=-1} + record per op, then
// MultiHeader{-1, true, -1}.
void write_multi(data::JuteWriter& w, const data::Multi& m) {
  for (const auto& op : m.ops) {
    w.i32(static_cast<int32_t>(opcode_of(op)));
    w.boolean(false);
    w.i32(-1);
    std::visit(WriteRecord{w}, op);
  }
  w.i32(-1);
  w.boolean(true);
  w.i32(-1);
}

void write_op(data::JuteWriter& w, const data::WriteRequest& request) {
  auto type = [&](OpCode op) { w.i32(static_cast<int32_t>(op)); };
  std::visit(Overloaded{
                 [&](const data::Create& c) {
                   type(create_opcode(c));
                   WriteRecord{w}(c);
                 },
                 [&](const data::Delete& d) {
                   type(OpCode::kDelete);
                   WriteRecord{w}(d);
                 },
                 [&](const data::SetData& s) {
                   type(OpCode::kSetData);
                   WriteRecord{w}(s);
                 },
                 [&](const data::SetAcl& s) {
                   type(OpCode::kSetAcl);
                   w.ustring(s.path);
                   w.acl_list(s.acl);
                   w.i32(s.version);
                 },
                 [&](const data::Check& c) {
                   type(OpCode::kCheck);
                   WriteRecord{w}(c);
                 },
                 [&](const data::Multi& m) {
                   type(OpCode::kMulti);
                   write_multi(w, m);
                 },
                 [&](const data::CreateSession& s) {
                   type(OpCode::kCreateSession);
                   w.i32(s.timeout_ms);
                 },
                 [&](const data::CloseSession&) { type(OpCode::kCloseSession); },
                 [&](const data::DeleteContainer& d) {
                   type(OpCode::kDeleteContainer);
                   w.ustring(d.path);
                   w.i32(-1);
                 },
             },
             request);
}

data::Create read_create(data::JuteReader& in, OpCode type) {
  data::Create c;
  c.path = in.ustring();
  c.data = in.buffer();
  c.acl = in.acl_list();
  c.flags = in.i32();
  if (type == OpCode::kCreateTtl) c.ttl_ms = in.i64();
  return c;
}

data::Delete read_delete(data::JuteReader& in) {
  data::Delete d;
  d.path = in.ustring();
  d.version = in.i32();
  return d;
}

data::SetData read_set_data(data::JuteReader& in) {
  data::SetData s;
  s.path = in.ustring();
  s.data = in.buffer();
  s.version = in.i32();
  return s;
}

data::Check read_check(data::JuteReader& in) {
  data::Check c;
  c.path = in.ustring();
  c.version = in.i32();
  return c;
}

data::Multi read_multi(data::JuteReader& in) {
  data::Multi m;
  // Each op takes at least a 9-byte header, so the loop ends with the bytes.
  while (in.ok()) {
    const auto type = static_cast<OpCode>(in.i32());
    const bool done = in.boolean();
    in.i32();  // err: -1 in requests
    if (done) break;
    switch (type) {
      case OpCode::kCreate:
      case OpCode::kCreateTtl:
        m.ops.emplace_back(read_create(in, type));
        break;
      case OpCode::kDelete:
        m.ops.emplace_back(read_delete(in));
        break;
      case OpCode::kSetData:
        m.ops.emplace_back(read_set_data(in));
        break;
      case OpCode::kCheck:
        m.ops.emplace_back(read_check(in));
        break;
      default:
        in.reject("an operation a multi cannot hold");
    }
  }
  return m;
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

ForwardedOp read_op(data::JuteReader& in) {
  const auto type = static_cast<OpCode>(in.i32());
  switch (type) {
    case OpCode::kCreate:
    case OpCode::kCreateTtl:
      return data::WriteRequest{read_create(in, type)};
    case OpCode::kDelete:
      return data::WriteRequest{read_delete(in)};
    case OpCode::kSetData:
      return data::WriteRequest{read_set_data(in)};
    case OpCode::kSetAcl: {
      data::SetAcl s;
      s.path = in.ustring();
      s.acl = in.acl_list();
      s.version = in.i32();
      return data::WriteRequest{std::move(s)};
    }
    case OpCode::kCheck:
      return data::WriteRequest{read_check(in)};
    case OpCode::kMulti:
      return data::WriteRequest{read_multi(in)};
    case OpCode::kCreateSession:
      return data::WriteRequest{data::CreateSession{in.i32()}};
    case OpCode::kCloseSession:
      return data::WriteRequest{data::CloseSession{}};
    case OpCode::kDeleteContainer: {
      data::DeleteContainer d{in.ustring()};
      in.i32();
      return data::WriteRequest{std::move(d)};
    }
    case OpCode::kSync:
      return SyncRequest{in.ustring()};
    case OpCode::kReconfig: {
      ReconfigRequest r;
      r.joining_servers = in.ustring();
      r.leaving_servers = in.ustring();
      r.new_members = in.ustring();
      r.cur_config_id = in.i64();
      return r;
    }
    default:
      in.reject("a REQUEST with an operation learners do not forward");
      return SyncRequest{};
  }
}

}  // namespace

std::string encode_request(const ForwardedRequest& r) {
  data::JuteWriter w;
  w.i64(static_cast<int64_t>(r.session_id));
  w.i32(r.cxid);
  w.i32(r.origin.value);
  w.i32(static_cast<int32_t>(r.auth_ids.size()));
  for (const auto& id : r.auth_ids)
    w.id(id);
  std::visit(Overloaded{
                 [&](const data::WriteRequest& request) { write_op(w, request); },
                 [&](const SyncRequest& s) {
                   w.i32(static_cast<int32_t>(OpCode::kSync));
                   w.ustring(s.path);
                 },
                 [&](const ReconfigRequest& c) {
                   w.i32(static_cast<int32_t>(OpCode::kReconfig));
                   w.ustring(c.joining_servers);
                   w.ustring(c.leaving_servers);
                   w.ustring(c.new_members);
                   w.i64(c.cur_config_id);
                 },
             },
             r.op);
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
  r.auth_ids = read_ids(in);
  r.op = read_op(in);
  in.expect_end();
  if (!in.ok()) return Error{Code::kMarshallingError, in.status().error().message};
  return r;
}

}  // namespace zab::server
