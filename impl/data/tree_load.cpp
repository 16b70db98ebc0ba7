// DataTree.deserialize: rebuilding a tree from the znodes a snapshot lists. ZooKeeper puts each
// node into its path map and links it to the parent read before it; here the immutable znodes are
// built bottom-up instead, children before parents, once every path is known.
#include <map>

#include "impl/data/tree.h"

namespace zab::data {
namespace {

// "/a/b" style: starts with '/', no empty component, no trailing '/'.
bool canonical_path(std::string_view path) {
  if (path.size() < 2 || path[0] != '/' || path.back() == '/') return false;
  return path.find("//") == std::string_view::npos;
}

Error malformed(std::string message) {
  return Error{Code::kMarshallingError, std::move(message)};
}

}  // namespace

Result<DataTree> DataTree::from_znodes(std::vector<StoredZnode> znodes) {
  if (znodes.empty() || (znodes[0].path != "" && znodes[0].path != "/"))
    return malformed("the snapshot's first znode is not the root");
  // Index of each path, and each node's children as (name, index), in input order.
  std::map<std::string, size_t, std::less<>> index;
  std::vector<std::vector<std::pair<std::string, size_t>>> children(znodes.size());
  index.emplace("/", 0);
  for (size_t k = 1; k < znodes.size(); ++k) {
    const std::string& path = znodes[k].path;
    if (!canonical_path(path)) return malformed("invalid znode path \"" + path + "\"");
    const size_t slash = path.rfind('/');
    // A view into `path` itself: path.substr() would make a temporary string the view outlives
    // (AddressSanitizer's stack-use-after-scope).
    const std::string_view parent =
        slash == 0 ? std::string_view("/") : std::string_view(path).substr(0, slash);
    const auto it = index.find(parent);
    if (it == index.end())
      return malformed("unable to find parent " + std::string(parent) + " of path " + path);
    if (!index.emplace(path, k).second) return malformed("znode " + path + " appears twice");
    children[it->second].emplace_back(path.substr(slash + 1), k);
  }
  // Children always come after their parent, so walking backwards builds every child before the
  // node that holds it.
  std::vector<ZnodeRef> built(znodes.size());
  DataTree tree;
  tree.ephemerals_ = {};
  for (size_t k = znodes.size(); k-- > 0;) {
    ChildMap kids;
    for (auto& [name, child] : children[k])
      kids = kids.insert(std::move(name), std::move(built[child]));
    StoredZnode& z = znodes[k];
    built[k] = make_znode(z.path, std::move(z.data), std::move(z.acl), z.stat, std::move(kids));
    if (k > 0) tree.add_ephemeral(z.stat.ephemeral_owner, z.path);
  }
  tree.root_ = std::move(built[0]);
  tree.node_count_ = static_cast<int64_t>(znodes.size());
  tree.compute_digests();
  return tree;
}

}  // namespace zab::data
