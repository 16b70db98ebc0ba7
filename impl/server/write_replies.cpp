#include "impl/server/write_replies.h"

#include "impl/core/check.h"
#include "impl/core/overloaded.h"

namespace zab::server {

using data::OpCode;

bool answers_request(OpCode type, const ClientOp& op) {
  if (type == OpCode::kCreateSession) return std::holds_alternative<ConnectOp>(op);
  if (type == OpCode::kCloseSession) return std::holds_alternative<CloseOp>(op);
  return kind_of(op) == OpKind::kWrite && !std::holds_alternative<CloseOp>(op);
}

namespace {

// A create that reports its stat: create2, and the container and TTL creates, which the
// multi reply names create2 (OpResult.CreateResult(path, stat)).
bool create_reports_stat(const CreateOp& op, OpCode txn_type) {
  return op.type != OpCode::kCreate || txn_type == OpCode::kCreateContainer ||
         txn_type == OpCode::kCreateTtl;
}

// FinalRequestProcessor's multi case: a result per op; a failed multi is all error results
// (the failing op's code, 0 before it, RUNTIMEINCONSISTENCY after) under a header that says 0.
MultiResponse multi_response(const MultiOp& request, const data::ApplyResult& result) {
  MultiResponse out;
  ZK_ASSERT(result.multi.size() == request.ops.size());
  for (size_t i = 0; i < result.multi.size(); ++i) {
    const auto& sub = result.multi[i];
    if (sub.type == OpCode::kError) {
      out.results.push_back(OpResult{OpCode::kError, sub.err, {}, {}, {}, {}});
      continue;
    }
    out.results.push_back(std::visit(
        Overloaded{
            [&](const CreateOp& c) {
              if (create_reports_stat(c, sub.type))
                return OpResult{OpCode::kCreate2, Code::kOk, sub.path, sub.stat, {}, {}};
              return OpResult{OpCode::kCreate, Code::kOk, sub.path, {}, {}, {}};
            },
            [&](const DeleteOp&) { return OpResult{OpCode::kDelete, Code::kOk, {}, {}, {}, {}}; },
            [&](const SetDataOp&) {
              return OpResult{OpCode::kSetData, Code::kOk, {}, sub.stat, {}, {}};
            },
            [&](const CheckOp&) { return OpResult{OpCode::kCheck, Code::kOk, {}, {}, {}, {}}; },
        },
        request.ops[i]));
  }
  return out;
}

}  // namespace

ClientReply write_reply(const PendingRequest& request, const data::ApplyResult& result, Zxid zxid,
                        const data::ZkDatabase& applied) {
  ClientReply r;
  r.cxid = request.cxid;
  r.zxid = zxid;
  if (const auto* multi = std::get_if<MultiOp>(&request.op);
      multi && result.header.type == OpCode::kMulti) {
    r.response = multi_response(*multi, result);
    return r;
  }
  r.err = result.err;
  if (r.err != Code::kOk) return r;  // an ErrorTxn, or a txn that no longer applied
  std::visit(
      Overloaded{
          [&](const CreateOp& c) {
            if (create_reports_stat(c, result.header.type))
              r.response = Create2Response{result.path, result.stat.value_or(data::Stat{})};
            else
              r.response = CreateResponse{result.path};
          },
          [&](const SetDataOp&) { r.response = StatResponse{result.stat.value_or(data::Stat{})}; },
          [&](const SetAclOp&) { r.response = StatResponse{result.stat.value_or(data::Stat{})}; },
          // A lone check answers with SetDataResponse; DataTree leaves its stat unset, so
          // the node's current stat stands in (the check changed nothing).
          [&](const CheckOp& c) {
            r.response = StatResponse{applied.tree().stat(c.path).value_or(data::Stat{})};
          },
          [&](const auto&) {},  // delete, close, multi refused whole: the header only
      },
      request.op);
  return r;
}

}  // namespace zab::server
