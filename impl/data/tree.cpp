#include "impl/data/tree.h"

#include <fmt/format.h>

#include "impl/core/hasher.h"
#include "impl/data/path.h"
#include "impl/data/zk_digest.h"

namespace zab::data {
namespace {

uint64_t content_hash_of(const std::string& data, const AclList& acl) {
  Hasher h;
  h.str(data);
  hash_append(h, acl);
  return h.finish();
}

// "" (PrepRequestProcessor's parent of "/a") and "/" are both the root.
std::string_view canonical(std::string_view path) {
  return path.empty() ? "/" : path;
}

// Java int arithmetic: cversion + 1 wraps instead of being undefined.
int32_t wrapping_inc(int32_t v) {
  return static_cast<int32_t>(static_cast<uint32_t>(v) + 1u);
}

}  // namespace

Stat Znode::client_stat() const {
  Stat s;
  s.czxid = stat.czxid;
  s.mzxid = stat.mzxid;
  s.ctime = stat.ctime;
  s.mtime = stat.mtime;
  s.version = stat.version;
  s.aversion = stat.aversion;
  s.ephemeral_owner = client_ephemeral_owner(stat.ephemeral_owner);
  s.data_length = static_cast<int32_t>(data->size());
  s.num_children = static_cast<int32_t>(children.size());
  s.cversion = static_cast<int32_t>(static_cast<uint32_t>(stat.cversion) * 2u -
                                    static_cast<uint32_t>(s.num_children));
  s.pzxid = stat.pzxid;
  return s;
}

ZnodeRef make_znode(std::string_view path, std::string data, AclList acl, StatPersisted stat,
                    ChildMap children) {
  auto node = std::make_shared<Znode>();
  node->content_hash = content_hash_of(data, acl);
  node->zk_digest = znode_zk_digest(path, data, stat);
  node->data = std::make_shared<const std::string>(std::move(data));
  node->acl = std::make_shared<const AclList>(std::move(acl));
  node->stat = stat;
  node->children = std::move(children);
  return node;
}

uint64_t znode_digest(std::string_view path, const Znode& node) {
  Hasher h;
  h.str(path);
  h.u64(node.content_hash);
  hash_append(h, node.stat);
  return h.finish();
}

DataTree::DataTree() {
  StatPersisted config_stat;
  config_stat.aversion = -1;  // DataTree.addConfigNode: setACL(READ_ACL_UNSAFE, -1)
  auto config = make_znode("/zookeeper/config", "", read_acl_unsafe(), config_stat);
  auto quota = make_znode("/zookeeper/quota", "", open_acl_unsafe(), StatPersisted{});
  auto zookeeper = make_znode("/zookeeper", "", open_acl_unsafe(), StatPersisted{},
                              ChildMap{}.insert("config", config).insert("quota", quota));
  root_ = make_znode("/", "", open_acl_unsafe(), StatPersisted{},
                     ChildMap{}.insert("zookeeper", zookeeper));
  node_count_ = 4;
  compute_digests();
}

void DataTree::compute_digests() {
  digest_ = 0;
  zk_digest_ = 0;
  for_each([&](const std::string& path, const Znode& node) {
    digest_ += znode_digest(path, node);
    zk_digest_ += node.zk_digest;
  });
}

bool DataTree::locate(std::string_view path, Chain& chain) const {
  chain.nodes.assign(1, &root_);
  chain.names.clear();
  if (path.empty() || path == "/") return true;
  if (path[0] != '/') return false;
  size_t start = 1;
  while (true) {
    const size_t slash = path.find('/', start);
    const auto name = path.substr(start, slash == std::string_view::npos ? slash : slash - start);
    const ZnodeRef* child = (*chain.nodes.back())->children.find(name);
    if (!child) return false;
    chain.nodes.push_back(child);
    chain.names.push_back(name);
    if (slash == std::string_view::npos) return true;
    start = slash + 1;
  }
}

ZnodeRef DataTree::find(std::string_view path) const {
  if (path.empty() || path == "/") return root_;
  if (path[0] != '/') return nullptr;
  const ZnodeRef* node = &root_;
  size_t start = 1;
  while (true) {
    const size_t slash = path.find('/', start);
    const auto name = path.substr(start, slash == std::string_view::npos ? slash : slash - start);
    node = (*node)->children.find(name);
    if (!node) return nullptr;
    if (slash == std::string_view::npos) return *node;
    start = slash + 1;
  }
}

std::optional<Stat> DataTree::stat(std::string_view path) const {
  const auto node = find(path);
  if (!node) return std::nullopt;
  return node->client_stat();
}

ZnodeRef DataTree::rebuild(const Chain& chain, ZnodeRef replacement) {
  for (size_t i = chain.names.size(); i > 0; --i) {
    auto copy = std::make_shared<Znode>(**chain.nodes[i - 1]);
    copy->children = copy->children.insert(std::string(chain.names[i - 1]), std::move(replacement));
    replacement = std::move(copy);
  }
  return replacement;
}

Result<DataTree> DataTree::replace_node(std::string_view path, const Chain& chain,
                                        std::shared_ptr<Znode> next) const {
  const Znode& old = **chain.nodes.back();
  DataTree tree = *this;
  tree.digest_ += znode_digest(canonical(path), *next) - znode_digest(canonical(path), old);
  next->zk_digest = znode_zk_digest(path, *next->data, next->stat);
  tree.zk_digest_ += uint64_t{next->zk_digest} - old.zk_digest;
  tree.root_ = rebuild(chain, std::move(next));
  return tree;
}

void DataTree::add_ephemeral(int64_t owner, std::string_view path) {
  if (ephemeral_type(owner) != EphemeralType::kNormal) return;
  const PathSet* paths = ephemerals_.find(owner);
  PathSet next = (paths ? *paths : PathSet{}).insert(std::string(path), true);
  ephemerals_ = ephemerals_.insert(owner, std::move(next));
}

void DataTree::remove_ephemeral(int64_t owner, std::string_view path) {
  if (ephemeral_type(owner) != EphemeralType::kNormal) return;
  const PathSet* paths = ephemerals_.find(owner);
  if (!paths) return;
  PathSet next = paths->erase(path);
  ephemerals_ =
      next.empty() ? ephemerals_.erase(owner) : ephemerals_.insert(owner, std::move(next));
}

Result<DataTree> DataTree::create_node(std::string_view path, std::string data, AclList acl,
                                       int64_t ephemeral_owner, int32_t parent_cversion,
                                       int64_t zxid, int64_t time_ms) const {
  if (auto valid = validate_path(path); !valid) return valid.error();
  if (path == "/") return make_error(Code::kNodeExists, "/");
  const auto parent_path = canonical(*parent_of(path));
  const auto name = basename_of(path);
  Chain chain;
  if (!locate(parent_path, chain)) return make_error(Code::kNoNode, "no parent for {}", path);
  const Znode& parent = **chain.nodes.back();
  if (parent.children.contains(name)) return make_error(Code::kNodeExists, "{}", path);

  auto child = make_znode(path, std::move(data), std::move(acl),
                          create_stat(zxid, time_ms, ephemeral_owner));
  auto next_parent = std::make_shared<Znode>(parent);
  next_parent->children = parent.children.insert(std::string(name), child);
  if (parent_cversion == -1) parent_cversion = wrapping_inc(parent.stat.cversion);
  // A replayed create must not move cversion and pzxid back (DataTree.createNode).
  if (parent_cversion > parent.stat.cversion) {
    next_parent->stat.cversion = parent_cversion;
    next_parent->stat.pzxid = zxid;
  }
  DataTree tree = replace_node(parent_path, chain, std::move(next_parent)).value();
  tree.digest_ += znode_digest(path, *child);
  tree.zk_digest_ += child->zk_digest;
  tree.node_count_ += 1;
  tree.add_ephemeral(ephemeral_owner, path);
  return tree;
}

Result<DataTree> DataTree::delete_node(std::string_view path, int64_t zxid) const {
  const auto parent = parent_of(path);
  if (!parent || path == "/") return make_error(Code::kBadArguments, "cannot delete \"{}\"", path);
  const auto parent_path = canonical(*parent);
  Chain chain;
  if (!locate(parent_path, chain)) return make_error(Code::kNoNode, "no parent for {}", path);
  const Znode& parent_node = **chain.nodes.back();
  const auto name = basename_of(path);
  const ZnodeRef* victim = parent_node.children.find(name);
  if (!victim) return make_error(Code::kNoNode, "{}", path);
  // ZooKeeper's deleteNode would orphan the children; a prepared delete never has any.
  if (!(*victim)->children.empty()) return make_error(Code::kNotEmpty, "{}", path);

  auto next_parent = std::make_shared<Znode>(parent_node);
  next_parent->children = parent_node.children.erase(name);
  // Only forward: a create replayed from a fuzzy snapshot may already have set a higher pzxid.
  if (zxid > parent_node.stat.pzxid) next_parent->stat.pzxid = zxid;
  const ZnodeRef gone = *victim;
  DataTree tree = replace_node(parent_path, chain, std::move(next_parent)).value();
  tree.digest_ -= znode_digest(path, *gone);
  tree.zk_digest_ -= gone->zk_digest;
  tree.node_count_ -= 1;
  tree.remove_ephemeral(gone->stat.ephemeral_owner, path);
  return tree;
}

Result<DataTree> DataTree::set_data(std::string_view path, std::string data, int32_t version,
                                    int64_t zxid, int64_t time_ms) const {
  Chain chain;
  if (!locate(path, chain)) return make_error(Code::kNoNode, "{}", path);
  auto next = std::make_shared<Znode>(**chain.nodes.back());
  next->content_hash = content_hash_of(data, *next->acl);
  next->data = std::make_shared<const std::string>(std::move(data));
  next->stat.mtime = time_ms;
  next->stat.mzxid = zxid;
  next->stat.version = version;
  return replace_node(path, chain, std::move(next));
}

Result<DataTree> DataTree::set_acl(std::string_view path, AclList acl, int32_t aversion) const {
  Chain chain;
  if (!locate(path, chain)) return make_error(Code::kNoNode, "{}", path);
  auto next = std::make_shared<Znode>(**chain.nodes.back());
  next->content_hash = content_hash_of(*next->data, acl);
  next->acl = std::make_shared<const AclList>(std::move(acl));
  next->stat.aversion = aversion;
  return replace_node(path, chain, std::move(next));
}

std::vector<std::string> DataTree::ephemerals(int64_t session_id) const {
  std::vector<std::string> out;
  if (const PathSet* paths = ephemerals_.find(session_id)) {
    for (const auto& [path, unused] : *paths)
      out.push_back(path);
  }
  return out;
}

std::vector<int64_t> DataTree::ephemeral_owners() const {
  std::vector<int64_t> out;
  for (const auto& [owner, unused] : ephemerals_)
    out.push_back(owner);
  return out;
}

int64_t DataTree::descendant_count(std::string_view path) const {
  const auto node = find(path);
  if (!node) return 0;
  int64_t count = 0;
  std::vector<const Znode*> stack{node.get()};
  while (!stack.empty()) {
    const Znode* n = stack.back();
    stack.pop_back();
    count += static_cast<int64_t>(n->children.size());
    for (const auto& [name, child] : n->children)
      stack.push_back(child.get());
  }
  return count;
}

uint64_t DataTree::recompute_digest() const {
  uint64_t sum = 0;
  for_each([&](const std::string& path, const Znode& node) { sum += znode_digest(path, node); });
  return sum;
}

uint64_t DataTree::recompute_zk_digest() const {
  uint64_t sum = 0;
  for_each([&](const std::string& path, const Znode& node) {
    sum += znode_zk_digest(path, *node.data, node.stat);
  });
  return sum;
}

bool DataTree::operator==(const DataTree& other) const {
  if (root_ == other.root_) return true;
  if (digest_ != other.digest_ || node_count_ != other.node_count_) return false;
  // Structural comparison, skipping shared subtrees.
  std::vector<std::pair<const Znode*, const Znode*>> stack{{root_.get(), other.root_.get()}};
  while (!stack.empty()) {
    auto [a, b] = stack.back();
    stack.pop_back();
    if (a == b) continue;
    if (*a->data != *b->data || *a->acl != *b->acl || !(a->stat == b->stat)) return false;
    if (a->children.size() != b->children.size()) return false;
    auto ib = b->children.begin();
    for (const auto& [name, child] : a->children) {
      if (name != ib->first) return false;
      stack.emplace_back(child.get(), ib->second.get());
      ++ib;
    }
  }
  return true;
}

std::string DataTree::describe() const {
  return fmt::format("znodes={} ephemeral_owners={} digest=0x{:016x}", node_count_,
                     ephemerals_.size(), digest_);
}

}  // namespace zab::data
