#include "impl/data/read.h"

#include "impl/core/java_string.h"
#include "impl/data/acl.h"

namespace zab::data {
namespace {

// DataTree.getNode then ZooKeeperServer.checkACL, the start of most reads.
Result<ZnodeRef> readable(const ZkDatabase& db, std::string_view path, int32_t perm,
                          const std::vector<Id>& auth_ids) {
  auto node = db.tree().find(path);
  if (!node) return make_error(Code::kNoNode, "{}", path);
  if (check_acl(*node->acl, perm, auth_ids) != Code::kOk) {
    return make_error(Code::kNoAuth, "{}: permission {} denied", path, perm);
  }
  return node;
}

std::vector<std::string> names_of(const Znode& node) {
  std::vector<std::string> names;
  names.reserve(node.children.size());
  for (const auto& [name, child] : node.children)
    names.push_back(name);
  return names;
}

}  // namespace

Result<DataAndStat> get_data(const ZkDatabase& db, std::string_view path,
                             const std::vector<Id>& auth_ids) {
  auto node = readable(db, path, perms::kRead, auth_ids);
  if (!node) return node.error();
  return DataAndStat{node.value()->data, node.value()->client_stat()};
}

Result<Stat> exists(const ZkDatabase& db, std::string_view path) {
  if (path.find('\0') != std::string_view::npos) {
    return make_error(Code::kBadArguments, "path with a NUL character");
  }
  auto stat = db.tree().stat(path);
  if (!stat) return make_error(Code::kNoNode, "{}", path);
  return *stat;
}

Result<std::vector<std::string>> get_children(const ZkDatabase& db, std::string_view path,
                                              const std::vector<Id>& auth_ids) {
  auto node = readable(db, path, perms::kRead, auth_ids);
  if (!node) return node.error();
  return names_of(*node.value());
}

Result<ChildrenAndStat> get_children2(const ZkDatabase& db, std::string_view path,
                                      const std::vector<Id>& auth_ids) {
  auto node = readable(db, path, perms::kRead, auth_ids);
  if (!node) return node.error();
  return ChildrenAndStat{names_of(*node.value()), node.value()->client_stat()};
}

Result<AclAndStat> get_acl(const ZkDatabase& db, std::string_view path,
                           const std::vector<Id>& auth_ids) {
  auto node = readable(db, path, perms::kRead | perms::kAdmin, auth_ids);
  if (!node) return node.error();
  const AclList& acl = *node.value()->acl;
  const bool admin = check_acl(acl, perms::kAdmin, auth_ids) == Code::kOk;
  return AclAndStat{admin ? acl : mask_digest_ids(acl), node.value()->client_stat()};
}

std::vector<std::string> get_ephemerals(const ZkDatabase& db, int64_t session_id,
                                        std::string_view prefix) {
  auto all = db.tree().ephemerals(session_id);
  if (const auto trimmed = java_trim(prefix); trimmed.empty() || trimmed == "/") return all;
  std::vector<std::string> out;
  for (auto& path : all) {
    if (path.starts_with(prefix)) out.push_back(std::move(path));
  }
  return out;
}

Result<int64_t> get_all_children_number(const ZkDatabase& db, std::string_view path,
                                        const std::vector<Id>& auth_ids) {
  auto node = readable(db, path, perms::kRead, auth_ids);
  if (!node) return node.error();
  return db.tree().descendant_count(path);
}

std::string sync(const ZkDatabase&, std::string_view path) {
  return std::string(path);
}

}  // namespace zab::data
