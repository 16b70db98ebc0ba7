// pRequest2TxnCreate: create, create2, createContainer and createTTL.
#include "impl/data/acl.h"
#include "impl/data/path.h"
#include "impl/data/prep_ops.h"

namespace zab::data::prep_detail {
namespace {

// validateCreateRequest: extended types, the TTL, then the session.
Status validate_create_request(const Create& request, CreateMode mode, const PrepContext& ctx) {
  if (is_ttl(mode) && !ctx.extended_types_enabled) {
    return make_error(Code::kUnimplemented, "TTL nodes are disabled: {}", request.path);
  }
  // EphemeralType.validateTTL.
  if (is_ttl(mode) ? !ttl_ephemeral_owner(request.ttl_ms).has_value() : request.ttl_ms >= 0) {
    return make_error(Code::kBadArguments, "ttl {} not valid for mode {} of {}", request.ttl_ms,
                      static_cast<int32_t>(mode), request.path);
  }
  return check_session(ctx, /*global=*/is_ephemeral(mode));
}

TxnRecord create_record(CreateMode mode, std::string path, const Create& request, AclList acl,
                        int32_t parent_cversion) {
  if (is_container(mode)) {
    return CreateContainerTxn{std::move(path), request.data, std::move(acl), parent_cversion};
  }
  if (is_ttl(mode)) {
    return CreateTtlTxn{std::move(path), request.data, std::move(acl), parent_cversion,
                        request.ttl_ms};
  }
  return CreateTxn{std::move(path), request.data, std::move(acl), is_ephemeral(mode),
                   parent_cversion};
}

OpCode create_type(CreateMode mode) {
  if (is_container(mode)) return OpCode::kCreateContainer;
  if (is_ttl(mode)) return OpCode::kCreateTtl;
  return OpCode::kCreate;
}

}  // namespace

// The order of the checks is ZooKeeper's, so a request that is wrong in several ways gets the
// same code: flags, TTL, session, the path's shape, the ACL, the parent, CREATE permission, the
// full path (after the sequential suffix), the name, the parent's ephemerality.
Result<PreparedOp> prep_create(const ZkDatabase& db, const Create& request,
                               const PrepContext& ctx) {
  const auto mode = create_mode_from_flags(request.flags);
  if (!mode) {
    return make_error(Code::kBadArguments, "invalid create flags {} for {}", request.flags,
                      request.path);
  }
  if (auto valid = validate_create_request(request, *mode, ctx); !valid) return valid.error();

  // validatePathForCreate checks only for a '/' and NUL; the full validation comes after the
  // sequential suffix, which is why "/a/" with a sequential flag is a valid request.
  const auto parent_path = parent_of(request.path);
  if (!parent_path || request.path.find('\0') != std::string::npos) {
    return make_error(Code::kBadArguments, "invalid path \"{}\"", request.path);
  }
  auto acl = fixup_acl(request.path, request.acl, ctx.auth_ids);
  if (!acl) return acl.error();
  auto parent = node_for_path(db, *parent_path);
  if (!parent) return parent.error();
  const Znode& parent_node = *parent.value();
  if (check_acl(*parent_node.acl, perms::kCreate, ctx.auth_ids) != Code::kOk) {
    return make_error(Code::kNoAuth, "no CREATE permission on the parent of {}", request.path);
  }
  std::string path = request.path;
  if (is_sequential(*mode)) path += sequential_suffix(parent_node.stat.cversion);
  if (auto valid = validate_path(path); !valid) return valid.error();
  if (db.tree().exists(path)) return make_error(Code::kNodeExists, "{}", path);
  if (ephemeral_type(parent_node.stat.ephemeral_owner) == EphemeralType::kNormal) {
    return make_error(Code::kNoChildrenForEphemerals, "the parent of {} is ephemeral", path);
  }
  const auto parent_cversion =
      static_cast<int32_t>(static_cast<uint32_t>(parent_node.stat.cversion) + 1u);
  return PreparedOp{create_type(*mode), create_record(*mode, std::move(path), request,
                                                      std::move(acl).value(), parent_cversion)};
}

}  // namespace zab::data::prep_detail
