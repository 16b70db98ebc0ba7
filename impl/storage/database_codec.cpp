#include "impl/storage/database_codec.h"

#include <fmt/format.h>

#include <map>

#include "impl/storage/acl_cache.h"

namespace zab::storage {
namespace {

void write_stat(data::JuteWriter& out, const data::StatPersisted& s) {
  out.i64(s.czxid);
  out.i64(s.mzxid);
  out.i64(s.ctime);
  out.i64(s.mtime);
  out.i32(s.version);
  out.i32(s.cversion);
  out.i32(s.aversion);
  out.i64(s.ephemeral_owner);
  out.i64(s.pzxid);
}

data::StatPersisted read_stat(data::JuteReader& in) {
  data::StatPersisted s;
  s.czxid = in.i64();
  s.mzxid = in.i64();
  s.ctime = in.i64();
  s.mtime = in.i64();
  s.version = in.i32();
  s.cversion = in.i32();
  s.aversion = in.i32();
  s.ephemeral_owner = in.i64();
  s.pzxid = in.i64();
  return s;
}

// The ACL ids of the tree's znodes, in pre-order: znodes sharing one list object are looked up
// once.
std::vector<int64_t> assign_acl_ids(const data::DataTree& tree, AclCacheWriter& cache) {
  std::vector<int64_t> ids;
  ids.reserve(static_cast<size_t>(tree.node_count()));
  std::map<const data::AclList*, int64_t> by_object;
  tree.for_each([&](const std::string&, const data::Znode& node) {
    const auto [it, inserted] = by_object.emplace(node.acl.get(), 0);
    if (inserted) it->second = cache.id_of(*node.acl);
    ids.push_back(it->second);
  });
  return ids;
}

}  // namespace

void write_database(data::JuteWriter& out, const data::ZkDatabase& db) {
  out.i32(static_cast<int32_t>(db.sessions().size()));
  for (const auto& [id, timeout_ms] : db.sessions()) {
    out.i64(id);
    out.i32(timeout_ms);
  }
  AclCacheWriter cache;
  const std::vector<int64_t> acl_ids = assign_acl_ids(db.tree(), cache);
  cache.write(out);
  size_t k = 0;
  db.tree().for_each([&](const std::string& path, const data::Znode& node) {
    out.ustring(path == "/" ? "" : path);  // DataTree keeps the root under ""
    out.buffer(*node.data);
    out.i64(acl_ids[k++]);
    write_stat(out, node.stat);
  });
  out.ustring("/");
}

std::shared_ptr<const data::ZkDatabase> read_database(data::JuteReader& in) {
  int32_t count = in.i32();
  if (count < 0) in.reject(fmt::format("negative session count {}", count));
  data::SessionTable sessions;
  for (; count > 0 && in.ok(); --count) {
    const int64_t id = in.i64();
    const int32_t timeout_ms = in.i32();
    if (in.ok()) sessions = sessions.insert(id, timeout_ms);
  }
  const AclCacheReader cache = AclCacheReader::read(in);
  std::vector<data::StoredZnode> znodes;
  while (in.ok()) {
    std::string path = in.ustring();
    if (!in.ok() || path == "/") break;
    data::StoredZnode z;
    z.path = std::move(path);
    z.data = in.buffer();
    const int64_t acl_id = in.i64();
    z.stat = read_stat(in);
    if (!in.ok()) break;
    auto acl = cache.resolve(acl_id);
    if (!acl) {
      in.reject(fmt::format("znode \"{}\": {}", z.path, acl.error().message));
      break;
    }
    z.acl = std::move(acl).value();
    znodes.push_back(std::move(z));
  }
  if (!in.ok()) return nullptr;
  auto tree = data::DataTree::from_znodes(std::move(znodes));
  if (!tree) {
    in.reject(tree.error().message);
    return nullptr;
  }
  return std::make_shared<const data::ZkDatabase>(std::move(tree).value(), std::move(sessions));
}

std::string encode_snap_stream(const data::ZkDatabase& db) {
  data::JuteWriter out;
  write_database(out, db);
  out.ustring(kSnapSignature);
  return out.take();
}

SnapStreamRead decode_snap_stream(std::string_view bytes) {
  data::JuteReader in(bytes);
  auto db = read_database(in);
  const std::string signature = db ? in.ustring() : std::string();
  if (in.truncated()) return SnapStreamIncomplete{};
  if (!in.ok()) return in.status().error();
  if (signature != kSnapSignature)
    return make_error(Code::kMarshallingError, "missing signature: got \"{}\"", signature);
  return SnapStreamBody{std::move(db), in.position()};
}

}  // namespace zab::storage
