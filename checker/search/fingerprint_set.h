// The visited set: 64-bit state fingerprints, sharded for parallel insertion. Each entry also
// remembers the BFS level that first reached it and, within that level, the smallest
// (parent, action) key, so that a level-synchronous search keeps exactly the same parent for
// every state whatever the number of threads.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

namespace zab::search {

class FingerprintSet {
 public:
  explicit FingerprintSet(int shard_bits = 8);

  enum class Insert { kNew, kImproved, kWorse, kOld };
  // Records that `fp` was reached at `level` by `key`. kNew: never seen. Already reached at this
  // level: kImproved if `key` is now the smallest, kWorse if a smaller key got there first.
  // kOld: reached at an earlier level.
  // `sleep` is the sleep set the transition brings: arrivals at the same level intersect theirs.
  Insert insert(uint64_t fp, uint32_t level, uint64_t key, uint64_t sleep = 0);
  // The smallest key that reached `fp` at its level.
  uint64_t key_of(uint64_t fp) const;
  // The sleep set `fp` is (or was) expanded with.
  uint64_t sleep_of(uint64_t fp) const;
  // Intersects `fp`'s sleep set with `sleep`; returns the old one (not thread-safe with insert
  // on the same state: call between levels).
  uint64_t narrow_sleep(uint64_t fp, uint64_t sleep);
  uint64_t size() const;
  uint64_t bytes() const;

 private:
  struct Entry {
    uint64_t fp = 0;  // 0 marks an empty slot (fingerprint 0 is stored as 1)
    uint32_t level = 0;
    uint64_t key = 0;
    uint64_t sleep = 0;
  };
  struct Shard {
    mutable std::mutex mu;
    std::vector<Entry> slots;
    uint64_t used = 0;
  };
  Shard& shard_of(uint64_t fp) const { return shards_[fp & (shards_.size() - 1)]; }
  static void grow(Shard& shard);
  static Entry* find_slot(std::vector<Entry>& slots, uint64_t fp);

  mutable std::vector<Shard> shards_;
};

}  // namespace zab::search
