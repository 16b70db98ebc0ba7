// Hash-consing of the parts many states of a frontier share (a model's server states, say): a
// sharded table from fingerprint to one shared copy. States intern their parts when they join
// the frontier, so equal parts are stored once; after each level the table forgets what no
// state holds any more, so it keeps the frontier's parts, not every part ever seen.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace zab::search {

template <class T>
class HashCons {
 public:
  // The table's copy of a value with fingerprint `fp` (`value` itself if it is the first).
  // Thread-safe.
  std::shared_ptr<const T> intern(uint64_t fp, std::shared_ptr<const T> value) {
    auto& shard = shards_[fp % shards_.size()];
    std::lock_guard lock(shard.mu);
    auto [it, inserted] = shard.values.emplace(fp, std::move(value));
    return it->second;
  }
  size_t size() const {
    size_t n = 0;
    for (const auto& s : shards_) {
      std::lock_guard lock(s.mu);
      n += s.values.size();
    }
    return n;
  }
  // Forgets the values only the table holds. Not concurrent with intern().
  void evict_unshared() {
    for (auto& s : shards_) {
      std::lock_guard lock(s.mu);
      std::erase_if(s.values, [](const auto& entry) { return entry.second.use_count() == 1; });
    }
  }

 private:
  struct Shard {
    mutable std::mutex mu;
    std::unordered_map<uint64_t, std::shared_ptr<const T>> values;
  };
  std::array<Shard, 64> shards_;
};

}  // namespace zab::search
