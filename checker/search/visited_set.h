// The set of fingerprints a depth-first search has visited, each with the largest depth budget
// (steps it may still take below the state) it was expanded with: open addressing with linear
// probing over a flat array of 64-bit fingerprints and a parallel array of 16-bit budgets, at a
// load between 3/8 and 3/4, so 13 to 27 bytes a state (a std::unordered_map takes ~40), because
// on the searches that need DFS the visited set is all the memory there is. Single-threaded.
//
// The budget is what makes a depth-bounded DFS complete up to its bound (dfs.h): a state first
// reached deep, near the bound, is expanded with little budget; reached again by a shorter path
// it has more, and must be expanded again. SPIN's -DREACH stores the depth with each state for
// the same reason.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace zab::search {

class VisitedSet {
 public:
  // The budget of a search without a depth bound: more than any bounded one.
  static constexpr uint16_t kUnbounded = 0xFFFF;

  explicit VisitedSet(size_t capacity_log2 = 16)
      : slots_(size_t{1} << capacity_log2, kEmpty), budgets_(size_t{1} << capacity_log2, 0) {}

  enum class Visit : uint8_t {
    kNew,         // never seen: now recorded with the budget
    kMoreBudget,  // seen with a smaller budget: now raised to this one (expand it again)
    kCovered,     // seen with at least this budget
  };
  Visit visit(uint64_t fp, uint16_t budget) {
    if (fp == kEmpty) fp = kZeroStandIn;              // 0 marks an empty slot
    if ((size_ + 1) * 4 > slots_.size() * 3) grow();  // keep the load under 3/4
    const size_t i = slot_of(slots_, fp);
    if (slots_[i] == kEmpty) {
      slots_[i] = fp;
      budgets_[i] = budget;
      ++size_;
      return Visit::kNew;
    }
    if (budgets_[i] >= budget) return Visit::kCovered;
    budgets_[i] = budget;
    return Visit::kMoreBudget;
  }
  // True when `fp` was not in the set (it is now, with an unbounded budget).
  bool insert(uint64_t fp) { return visit(fp, kUnbounded) == Visit::kNew; }
  bool contains(uint64_t fp) const {
    if (fp == kEmpty) fp = kZeroStandIn;
    return slots_[slot_of(slots_, fp)] == fp;
  }
  size_t size() const { return size_; }
  size_t bytes() const {
    return slots_.capacity() * sizeof(uint64_t) + budgets_.capacity() * sizeof(uint16_t);
  }

 private:
  static constexpr uint64_t kEmpty = 0;
  // A fingerprint of 0 is stored as this one; a real state with this fingerprint then counts
  // as that state (the same 2^-64 collision any fingerprint set accepts).
  static constexpr uint64_t kZeroStandIn = 0x9e3779b97f4a7c15ull;

  // The slot holding `fp`, or the empty slot where it belongs. Fingerprints are uniform hashes:
  // their low bits are the slot.
  static size_t slot_of(const std::vector<uint64_t>& slots, uint64_t fp) {
    const size_t mask = slots.size() - 1;
    size_t i = fp & mask;
    while (slots[i] != fp && slots[i] != kEmpty)
      i = (i + 1) & mask;
    return i;
  }
  void grow() {
    std::vector<uint64_t> slots(slots_.size() * 2, kEmpty);
    std::vector<uint16_t> budgets(slots.size(), 0);
    for (size_t i = 0; i < slots_.size(); ++i) {
      if (slots_[i] == kEmpty) continue;
      const size_t j = slot_of(slots, slots_[i]);
      slots[j] = slots_[i];
      budgets[j] = budgets_[i];
    }
    slots_ = std::move(slots);
    budgets_ = std::move(budgets);
  }

  std::vector<uint64_t> slots_;
  std::vector<uint16_t> budgets_;
  size_t size_ = 0;
};

}  // namespace zab::search
