// PrepRequestProcessor.pRequest / pRequest2Txn for everything but creates (prep_create.cpp).
#include "impl/data/prep.h"

#include "impl/core/overloaded.h"
#include "impl/data/acl.h"
#include "impl/data/path.h"
#include "impl/data/prep_ops.h"

namespace zab::data {
namespace prep_detail {

Result<int32_t> check_and_inc_version(int32_t current, int32_t expected, std::string_view path) {
  if (expected != -1 && expected != current) {
    return make_error(Code::kBadVersion, "{}: expected version {}, node has {}", path, expected,
                      current);
  }
  const auto next = static_cast<int32_t>(static_cast<uint32_t>(current) + 1u);
  return next == -1 ? 0 : next;
}

Result<ZnodeRef> node_for_path(const ZkDatabase& db, std::string_view path) {
  auto node = db.tree().find(path);
  if (!node) return make_error(Code::kNoNode, "{}", path.empty() ? "/" : path);
  return node;
}

namespace {

Status require(const Znode& node, int32_t perm, const PrepContext& ctx, std::string_view path) {
  if (check_acl(*node.acl, perm, ctx.auth_ids) == Code::kOk) return {};
  return make_error(Code::kNoAuth, "{}: permission {} denied", path, perm);
}

// getParentPathAndValidate: a '/' somewhere, no NUL, and not one of the built-in nodes.
Result<std::string_view> parent_path_and_validate(std::string_view path) {
  const auto parent = parent_of(path);
  if (!parent || path.find('\0') != std::string_view::npos || is_special_path(path)) {
    return make_error(Code::kBadArguments, "cannot delete \"{}\"", path);
  }
  return *parent;
}

Result<PreparedOp> prep_op(const ZkDatabase& db, const Create& r, const PrepContext& ctx) {
  return prep_create(db, r, ctx);
}

Result<PreparedOp> prep_op(const ZkDatabase& db, const Delete& r, const PrepContext& ctx) {
  if (auto s = check_session(ctx); !s) return s.error();
  auto parent_path = parent_path_and_validate(r.path);
  if (!parent_path) return parent_path.error();
  auto parent = node_for_path(db, parent_path.value());
  if (!parent) return parent.error();
  if (auto s = require(*parent.value(), perms::kDelete, ctx, r.path); !s) return s.error();
  auto node = node_for_path(db, r.path);
  if (!node) return node.error();
  if (auto v = check_and_inc_version(node.value()->stat.version, r.version, r.path); !v) {
    return v.error();
  }
  if (!node.value()->children.empty()) return make_error(Code::kNotEmpty, "{}", r.path);
  return PreparedOp{OpCode::kDelete, DeleteTxn{r.path}};
}

Result<PreparedOp> prep_op(const ZkDatabase& db, const SetData& r, const PrepContext& ctx) {
  if (auto s = check_session(ctx); !s) return s.error();
  if (auto s = validate_path(r.path); !s) return s.error();
  auto node = node_for_path(db, r.path);
  if (!node) return node.error();
  if (auto s = require(*node.value(), perms::kWrite, ctx, r.path); !s) return s.error();
  auto version = check_and_inc_version(node.value()->stat.version, r.version, r.path);
  if (!version) return version.error();
  return PreparedOp{OpCode::kSetData, SetDataTxn{r.path, r.data, version.value()}};
}

Result<PreparedOp> prep_op(const ZkDatabase& db, const SetAcl& r, const PrepContext& ctx) {
  if (auto s = check_session(ctx); !s) return s.error();
  if (auto s = validate_path(r.path); !s) return s.error();
  auto acl = fixup_acl(r.path, r.acl, ctx.auth_ids);
  if (!acl) return acl.error();
  auto node = node_for_path(db, r.path);
  if (!node) return node.error();
  if (auto s = require(*node.value(), perms::kAdmin, ctx, r.path); !s) return s.error();
  auto version = check_and_inc_version(node.value()->stat.aversion, r.version, r.path);
  if (!version) return version.error();
  return PreparedOp{OpCode::kSetAcl, SetAclTxn{r.path, std::move(acl).value(), version.value()}};
}

Result<PreparedOp> prep_op(const ZkDatabase& db, const Check& r, const PrepContext& ctx) {
  if (auto s = check_session(ctx); !s) return s.error();
  if (auto s = validate_path(r.path); !s) return s.error();
  auto node = node_for_path(db, r.path);
  if (!node) return node.error();
  if (auto s = require(*node.value(), perms::kRead, ctx, r.path); !s) return s.error();
  auto version = check_and_inc_version(node.value()->stat.version, r.version, r.path);
  if (!version) return version.error();
  return PreparedOp{OpCode::kCheck, CheckVersionTxn{r.path, version.value()}};
}

// The deleteContainer case: no session or ACL check (the leader issues it); BADVERSION when the
// node turned out to be an ordinary ephemeral.
Result<PreparedOp> prep_op(const ZkDatabase& db, const DeleteContainer& r, const PrepContext&) {
  auto parent_path = parent_path_and_validate(r.path);
  if (!parent_path) return parent_path.error();
  auto node = node_for_path(db, r.path);
  if (!node) return node.error();
  if (!node.value()->children.empty()) return make_error(Code::kNotEmpty, "{}", r.path);
  if (ephemeral_type(node.value()->stat.ephemeral_owner) == EphemeralType::kNormal) {
    return make_error(Code::kBadVersion, "{} is an ephemeral, not a container", r.path);
  }
  if (auto parent = node_for_path(db, parent_path.value()); !parent) return parent.error();
  return PreparedOp{OpCode::kDeleteContainer, DeleteTxn{r.path}};
}

SubTxnRecord to_sub_record(TxnRecord record) {
  return std::visit(
      [](auto& r) -> SubTxnRecord {
        using R = std::decay_t<decltype(r)>;
        if constexpr (std::is_constructible_v<SubTxnRecord, R>) {
          return SubTxnRecord(std::move(r));
        } else {
          ZK_UNREACHABLE("a multi op prepared a record a multi cannot hold");
        }
      },
      record);
}

// Every op of a failed multi as an ErrorTxn: 0 before the failing op, its code, then
// RUNTIMEINCONSISTENCY.
MultiTxn rolled_back_multi(size_t op_count, size_t failing, Code code) {
  MultiTxn out;
  for (size_t k = 0; k < op_count; ++k) {
    const Code sub_code = k < failing    ? Code::kOk
                          : k == failing ? code
                                         : Code::kRuntimeInconsistency;
    out.txns.emplace_back(OpCode::kError, ErrorTxn{sub_code});
  }
  return out;
}

// The multi case of pRequest: each op is prepared against the view left by the ops before it (one
// zxid for all). On the first failure every op becomes an ErrorTxn: 0 before it, its code, then
// RUNTIMEINCONSISTENCY (PrepRequestProcessor, multi), and none of them changes anything.
MultiTxn prep_multi(const ZkDatabase& projected, const Multi& multi, const PrepContext& ctx,
                    std::string& message) {
  ZkDatabase view = projected;
  MultiTxn out;
  for (size_t i = 0; i < multi.ops.size(); ++i) {
    auto op = std::visit([&](const auto& o) { return prep_op(view, o, ctx); }, multi.ops[i]);
    if (!op) {
      message = fmt::format("op {}: {}", i, op.error().message);
      return rolled_back_multi(multi.ops.size(), i, op.error().code);
    }
    const TxnHeader header{ctx.session_id, ctx.cxid, ctx.time_ms, op.value().type};
    auto [next, result] = view.apply_decoded(Zxid{}, DecodedTxn{header, op.value().record});
    ZK_ASSERT_MSG(result.err == Code::kOk, "a prepared op must apply: " + result.message);
    view = std::move(next);
    out.txns.push_back(SubTxn{op.value().type, to_sub_record(std::move(op).value().record)});
  }
  return out;
}

// jute.maxbuffer: a request whose data cannot be read back fails as a whole, before any check
// (pRequest's catch of the deserialization error: MARSHALLINGERROR).
Status check_request_size(const WriteRequest& request) {
  auto data_size = [](const auto& r) -> size_t {
    if constexpr (requires { r.data; }) {
      return r.data.size();
    } else {
      return 0;
    }
  };
  size_t largest = std::visit(data_size, request);
  if (const auto* multi = std::get_if<Multi>(&request)) {
    for (const auto& op : multi->ops)
      largest = std::max(largest, std::visit(data_size, op));
  }
  if (largest <= kDataLengthMax) return {};
  return make_error(Code::kMarshallingError, "data of {} bytes exceeds jute.maxbuffer ({})",
                    largest, kDataLengthMax);
}

Result<PreparedOp> prep_request(const ZkDatabase& projected, const WriteRequest& request,
                                const PrepContext& ctx, std::string& message) {
  if (auto s = check_request_size(request); !s) return s.error();
  return std::visit(
      Overloaded{
          [&](const Multi& m) -> Result<PreparedOp> {
            return PreparedOp{OpCode::kMulti, prep_multi(projected, m, ctx, message)};
          },
          [&](const CreateSession& r) -> Result<PreparedOp> {
            return PreparedOp{OpCode::kCreateSession, CreateSessionTxn{r.timeout_ms}};
          },
          // The session's ephemerals as the projected view has them, so that creates and deletes
          // still in flight are counted (ZooKeeper walks outstandingChanges for this).
          [&](const CloseSession&) -> Result<PreparedOp> {
            return PreparedOp{OpCode::kCloseSession,
                              CloseSessionTxn{projected.tree().ephemerals(ctx.session_id)}};
          },
          [&](const auto& r) { return prep_op(projected, r, ctx); },
      },
      request);
}

}  // namespace
}  // namespace prep_detail

Status check_session(const PrepContext& ctx, bool global) {
  if (!ctx.session_valid) {
    return make_error(global ? Code::kSessionExpired : Code::kUnknownSession, "session 0x{:x}",
                      static_cast<uint64_t>(ctx.session_id));
  }
  if (ctx.session_closing) {
    return make_error(Code::kSessionExpired, "session 0x{:x} is closing",
                      static_cast<uint64_t>(ctx.session_id));
  }
  return {};
}

Code PreparedTxn::err() const {
  if (const auto* e = std::get_if<ErrorTxn>(&txn.record)) return e->err;
  if (const auto* m = std::get_if<MultiTxn>(&txn.record)) {
    for (const auto& sub : m->txns) {
      if (const auto* e = std::get_if<ErrorTxn>(&sub.record); e && e->err != Code::kOk) {
        return e->err;
      }
    }
  }
  return Code::kOk;
}

PreparedTxn prepare(const ZkDatabase& projected, const WriteRequest& request,
                    const PrepContext& ctx) {
  PreparedTxn out;
  out.txn.header = TxnHeader{ctx.session_id, ctx.cxid, ctx.time_ms, OpCode::kError};
  auto op = prep_detail::prep_request(projected, request, ctx, out.message);
  if (op) {
    out.txn.header.type = op.value().type;
    out.txn.record = std::move(op).value().record;
  } else {
    out.message = op.error().message;
    out.txn.record = ErrorTxn{op.error().code};
  }
  out.payload = encode_txn(out.txn);
  return out;
}

void add_txn_digest(const ZkDatabase& projected, Zxid zxid, PreparedTxn& prepared) {
  if (prepared.txn.header.type == OpCode::kError) return;
  prepared.txn.digest.reset();
  const auto after = projected.apply_decoded(zxid, prepared.txn).first;
  prepared.txn.digest = TxnDigest{kDigestVersion, static_cast<int64_t>(after.tree().zk_digest())};
  prepared.payload = encode_txn(prepared.txn);
}

}  // namespace zab::data
