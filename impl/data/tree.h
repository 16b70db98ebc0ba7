// DataTree: the znode hierarchy as an immutable persistent value. Every operation returns a new
// tree and leaves this one untouched; the new tree copies only the znodes on the path from the
// root to the change (and O(log k) nodes of each of their child maps) and shares everything else,
// so a write costs O(depth * log fan-out) and copying a tree costs one pointer.
//
// The tree keeps two sums, mod 2^64, of a hash of every znode, each adjusted by the hashes of the
// znodes a change touches (O(1) extra work per change), so two trees with the same content have
// the same sums however they were built:
// - digest(): path, data, ACL and stored stat (xxHash): the checker's fingerprint of the content;
// - zk_digest(): ZooKeeper's own tree digest (zk_digest.h: CRC32 of path, data and stat, no ACL,
//   /zookeeper/ left out), which transactions carry and every replica compares.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "impl/core/errors.h"
#include "impl/data/persistent_map.h"
#include "impl/data/stat.h"

namespace zab::data {

struct Znode;
using ZnodeRef = std::shared_ptr<const Znode>;
// Children by name, in byte order (ZooKeeper promises no order; sorted keeps replies and walks
// deterministic).
using ChildMap = PersistentMap<std::string, ZnodeRef>;
using PathSet = PersistentMap<std::string, bool>;

// DataNode. Data and ACL sit behind shared pointers so that copying a znode to change its stat or
// its children never copies its data (up to 1 MiB).
struct Znode {
  std::shared_ptr<const std::string> data;  // never null
  std::shared_ptr<const AclList> acl;       // never null
  uint64_t content_hash = 0;                // hash of *data and *acl, computed once per change
  // DigestCalculator's value of this znode at its path (DataNode.digest), set by the tree.
  uint32_t zk_digest = 0;
  StatPersisted stat;
  ChildMap children;

  // DataNode.copyStat: the stat a client sees.
  Stat client_stat() const;
};
// A znode to be placed at `path` (which its zk_digest depends on).
ZnodeRef make_znode(std::string_view path, std::string data, AclList acl, StatPersisted stat,
                    ChildMap children = {});

// One znode as a snapshot stores it (DataTree.serializeNode): its path ("" for the root), data,
// ACL and stored stat; the children are implied by the other paths.
struct StoredZnode {
  std::string path;
  std::string data;
  AclList acl;
  StatPersisted stat;
};

class DataTree {
 public:
  // ZooKeeper's empty tree: "/", "/zookeeper", "/zookeeper/quota" (all-zero stats, world:anyone
  // ALL) and "/zookeeper/config" (world:anyone READ, aversion -1, empty data).
  DataTree();

  // The znode at `path` ("" and "/" both name the root), or nullptr. Non-canonical paths
  // ("/a//b", "/a/") are simply not found.
  ZnodeRef find(std::string_view path) const;
  bool exists(std::string_view path) const { return find(path) != nullptr; }
  std::optional<Stat> stat(std::string_view path) const;

  // DataTree.createNode. `parent_cversion` is CreateTxn's parentCVersion (-1: the parent's + 1);
  // the parent's cversion and pzxid move only forward, as ZooKeeper guards them for replays.
  // Errors: BADARGUMENTS (invalid path), NONODE (no parent), NODEEXISTS.
  Result<DataTree> create_node(std::string_view path, std::string data, AclList acl,
                               int64_t ephemeral_owner, int32_t parent_cversion, int64_t zxid,
                               int64_t time_ms) const;
  // DataTree.deleteNode: removes the node and raises the parent's pzxid to `zxid`; the parent's
  // cversion does not change. Errors: NONODE; NOTEMPTY and BADARGUMENTS (the root) where
  // ZooKeeper would corrupt its tree instead.
  Result<DataTree> delete_node(std::string_view path, int64_t zxid) const;
  // DataTree.setData: data, version (as given: the txn carries the new version), mzxid, mtime.
  Result<DataTree> set_data(std::string_view path, std::string data, int32_t version, int64_t zxid,
                            int64_t time_ms) const;
  // DataTree.setACL: acl and aversion (as given).
  Result<DataTree> set_acl(std::string_view path, AclList acl, int32_t aversion) const;

  // The paths of the ephemerals owned by `session_id`, sorted.
  std::vector<std::string> ephemerals(int64_t session_id) const;
  // Every session that owns at least one ephemeral, ascending.
  std::vector<int64_t> ephemeral_owners() const;
  // Number of znodes, the root included once.
  int64_t node_count() const { return node_count_; }
  // All descendants of the node at `path` (not counting itself); 0 when it does not exist.
  int64_t descendant_count(std::string_view path) const;

  uint64_t digest() const { return digest_; }
  uint64_t fingerprint() const { return digest_; }
  // The digest recomputed from scratch by walking every znode (tests check it equals digest()).
  uint64_t recompute_digest() const;
  // DataTree.getTreeDigest, and the same recomputed from scratch.
  uint64_t zk_digest() const { return zk_digest_; }
  uint64_t recompute_zk_digest() const;

  // DataTree.deserialize: the tree holding exactly `znodes`, every parent before its children (a
  // snapshot's pre-order; the root first, as "" or "/"). The ephemerals index is rebuilt from
  // the owners. MARSHALLINGERROR for no root first, a non-canonical path ("a", "/a/", "/a//b"), a
  // missing parent or a repeated path, each naming the path.
  static Result<DataTree> from_znodes(std::vector<StoredZnode> znodes);

  // Visits every znode in pre-order, children in name order: f(path, const Znode&).
  template <class F>
  void for_each(F&& f) const;

  // Same content: same znodes at the same paths with the same data, ACL and stored stat.
  bool operator==(const DataTree& other) const;
  std::string describe() const;  // "znodes=7 digest=0x..."

 private:
  // The znodes from the root down to the one at a path, and the names between them.
  struct Chain {
    std::vector<const ZnodeRef*> nodes;
    std::vector<std::string_view> names;
  };
  bool locate(std::string_view path, Chain& chain) const;
  // The root after replacing the last znode of `chain` by `replacement`, copying its ancestors.
  static ZnodeRef rebuild(const Chain& chain, ZnodeRef replacement);
  Result<DataTree> replace_node(std::string_view path, const Chain& chain,
                                std::shared_ptr<Znode> next) const;
  void add_ephemeral(int64_t owner, std::string_view path);
  void remove_ephemeral(int64_t owner, std::string_view path);

  ZnodeRef root_;
  // DataTree.ephemerals: session id -> paths of its (NORMAL) ephemerals.
  PersistentMap<int64_t, PathSet> ephemerals_;
  // Both sums from scratch (construction, loading).
  void compute_digests();

  uint64_t digest_ = 0;
  uint64_t zk_digest_ = 0;
  int64_t node_count_ = 0;
};

// The hash of one znode that the digest sums. `path` is canonical ("/" for the root).
uint64_t znode_digest(std::string_view path, const Znode& node);

template <class F>
void DataTree::for_each(F&& f) const {
  // Iterative, so that a deep chain of znodes cannot overflow the stack.
  std::vector<std::pair<std::string, const Znode*>> stack;
  stack.emplace_back("/", root_.get());
  while (!stack.empty()) {
    auto [path, node] = std::move(stack.back());
    stack.pop_back();
    f(std::as_const(path), *node);
    std::vector<std::pair<std::string, const Znode*>> kids;
    for (const auto& [name, child] : node->children) {
      std::string kid = path == "/" ? std::string() : path;
      kid += '/';
      kid += name;
      kids.emplace_back(std::move(kid), child.get());
    }
    for (auto it = kids.rbegin(); it != kids.rend(); ++it)
      stack.push_back(std::move(*it));
  }
}

}  // namespace zab::data
