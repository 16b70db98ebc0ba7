#include "impl/data/container.h"

namespace zab::data {

std::vector<std::string> reap_candidates(const DataTree& tree, int64_t now_ms,
                                         int64_t max_never_used_interval_ms) {
  std::vector<std::string> out;
  tree.for_each([&](const std::string& path, const Znode& node) {
    if (!node.children.empty()) return;
    const int64_t owner = node.stat.ephemeral_owner;
    const int64_t elapsed_ms = now_ms - node.stat.mtime;
    switch (ephemeral_type(owner)) {
      case EphemeralType::kContainer:
        // cversion > 0: it has had a child. A fresh container survives until then, so that it
        // is not reaped between its create and its first child's.
        if (node.stat.cversion > 0 ||
            (max_never_used_interval_ms != 0 && elapsed_ms > max_never_used_interval_ms)) {
          out.push_back(path);
        }
        break;
      case EphemeralType::kTtl:
        if (ttl_of(owner) != 0 && elapsed_ms > ttl_of(owner)) out.push_back(path);
        break;
      case EphemeralType::kVoid:
      case EphemeralType::kNormal:
        break;
    }
  });
  return out;
}

}  // namespace zab::data
