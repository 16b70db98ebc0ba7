#include "impl/server/write_replies.h"

#include "impl/core/check.h"
#include "impl/core/overloaded.h"

namespace zab::server {

using data::OpCode;

bool answers_request(OpCode type, const ClientOp& op) {
  if (type == OpCode::kCreateSession) return std::holds_alternative<ConnectOp>(op);
  const auto* request = std::get_if<RequestOp>(&op);
  if (!request || kind_of(op) != OpKind::kWrite) return false;
  return (type == OpCode::kCloseSession) == (request->type == OpCode::kCloseSession);
}

namespace {

// A create that reports its stat: create2, createContainer and createTTL, and a create whose
// flags made it a container or TTL node (OpResult.CreateResult(path, stat) is type create2).
bool create_reports_stat(OpCode request_type, OpCode txn_type) {
  return request_type != OpCode::kCreate || txn_type == OpCode::kCreateContainer ||
         txn_type == OpCode::kCreateTtl;
}

// FinalRequestProcessor's multi case: a result per op; a failed multi is all error results
// (the failing op's code, 0 before it, RUNTIMEINCONSISTENCY after) under a header that says 0.
wire::MultiResponse multi_response(const wire::MultiOperationRecord& request,
                                   const data::ApplyResult& result) {
  wire::MultiResponse out;
  ZK_ASSERT(result.multi.size() == request.ops.size());
  for (size_t i = 0; i < result.multi.size(); ++i) {
    const auto& sub = result.multi[i];
    const auto stat = sub.stat.value_or(data::Stat{});
    if (sub.type == OpCode::kError) {
      out.results.emplace_back(wire::ErrorResult{static_cast<int32_t>(sub.err)});
      continue;
    }
    switch (request.ops[i].type) {
      case OpCode::kCreate:
      case OpCode::kCreate2:
      case OpCode::kCreateContainer:
      case OpCode::kCreateTtl:
        if (create_reports_stat(request.ops[i].type, sub.type))
          out.results.emplace_back(wire::Create2Result{sub.path, stat});
        else
          out.results.emplace_back(wire::CreateResult{sub.path});
        break;
      case OpCode::kDelete:
        out.results.emplace_back(wire::DeleteResult{});
        break;
      case OpCode::kSetData:
        out.results.emplace_back(wire::SetDataResult{stat});
        break;
      case OpCode::kCheck:
        out.results.emplace_back(wire::CheckResult{});
        break;
      default:
        ZK_UNREACHABLE("not an op of a multi");
    }
  }
  return out;
}

}  // namespace

ClientReply write_reply(const PendingRequest& request, const data::ApplyResult& result, Zxid zxid,
                        const data::ZkDatabase& applied) {
  const auto& op = std::get<RequestOp>(request.op);
  ClientReply r;
  r.cxid = request.cxid;
  r.zxid = zxid;
  if (const auto* multi = std::get_if<wire::MultiOperationRecord>(&op.record);
      multi && result.header.type == OpCode::kMulti) {
    r.body = multi_response(*multi, result);
    return r;
  }
  r.err = result.err;
  if (r.err != Code::kOk) return r;  // an ErrorTxn, or a txn that no longer applied
  const auto stat = result.stat.value_or(data::Stat{});
  std::visit(Overloaded{
                 [&](const wire::CreateRequest&) {
                   if (create_reports_stat(op.type, result.header.type))
                     r.body = wire::Create2Response{result.path, stat};
                   else
                     r.body = wire::CreateResponse{result.path};
                 },
                 [&](const wire::CreateTtlRequest&) {
                   r.body = wire::Create2Response{result.path, stat};
                 },
                 [&](const wire::SetDataRequest&) { r.body = wire::SetDataResponse{stat}; },
                 [&](const wire::SetAclRequest&) { r.body = wire::SetAclResponse{stat}; },
                 // A lone check answers with SetDataResponse; DataTree leaves its stat unset, so
                 // the node's current stat stands in (the check changed nothing).
                 [&](const wire::CheckVersionRequest& c) {
                   r.body =
                       wire::SetDataResponse{applied.tree().stat(c.path).value_or(data::Stat{})};
                 },
                 [&](const auto&) {},  // delete, close, multi refused whole: the header only
             },
             op.record);
  return r;
}

}  // namespace zab::server
