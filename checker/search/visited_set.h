// The set of fingerprints a depth-first search has visited: open addressing with linear
// probing over a flat array of 64-bit fingerprints at a load between 3/8 and 3/4, so 11 to 21
// bytes a state (a std::unordered_set takes ~40), because on the searches that need DFS the
// visited set is all the memory there is. Single-threaded.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace zab::search {

class VisitedSet {
 public:
  explicit VisitedSet(size_t capacity_log2 = 16) : slots_(size_t{1} << capacity_log2, 0) {}

  // True when `fp` was not in the set (it is now).
  bool insert(uint64_t fp) {
    if (fp == kEmpty) fp = kZeroStandIn;              // 0 marks an empty slot
    if ((size_ + 1) * 4 > slots_.size() * 3) grow();  // keep the load under 3/4
    if (!place(slots_, fp)) return false;
    ++size_;
    return true;
  }
  bool contains(uint64_t fp) const {
    if (fp == kEmpty) fp = kZeroStandIn;
    const size_t mask = slots_.size() - 1;
    for (size_t i = fp & mask;; i = (i + 1) & mask) {
      if (slots_[i] == fp) return true;
      if (slots_[i] == kEmpty) return false;
    }
  }
  size_t size() const { return size_; }
  size_t bytes() const { return slots_.capacity() * sizeof(uint64_t); }

 private:
  static constexpr uint64_t kEmpty = 0;
  // A fingerprint of 0 is stored as this one; a real state with this fingerprint then counts
  // as that state (the same 2^-64 collision any fingerprint set accepts).
  static constexpr uint64_t kZeroStandIn = 0x9e3779b97f4a7c15ull;

  // Fingerprints are uniform hashes: their low bits are the slot.
  static bool place(std::vector<uint64_t>& slots, uint64_t fp) {
    const size_t mask = slots.size() - 1;
    for (size_t i = fp & mask;; i = (i + 1) & mask) {
      if (slots[i] == fp) return false;
      if (slots[i] == kEmpty) {
        slots[i] = fp;
        return true;
      }
    }
  }
  void grow() {
    std::vector<uint64_t> bigger(slots_.size() * 2, kEmpty);
    for (const uint64_t fp : slots_)
      if (fp != kEmpty) place(bigger, fp);
    slots_ = std::move(bigger);
  }

  std::vector<uint64_t> slots_;
  size_t size_ = 0;
};

}  // namespace zab::search
