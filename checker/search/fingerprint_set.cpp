#include "checker/search/fingerprint_set.h"

namespace zab::search {
namespace {
uint64_t normalize(uint64_t fp) {
  return fp == 0 ? 1 : fp;
}
// Slot index from the bits not used to pick the shard.
size_t slot_hash(uint64_t fp) {
  return static_cast<size_t>((fp >> 16) ^ (fp >> 40));
}
}  // namespace

FingerprintSet::FingerprintSet(int shard_bits) : shards_(size_t{1} << shard_bits) {
  for (auto& s : shards_)
    s.slots.resize(1024);
}

FingerprintSet::Entry* FingerprintSet::find_slot(std::vector<Entry>& slots, uint64_t fp) {
  const size_t mask = slots.size() - 1;
  for (size_t i = slot_hash(fp) & mask;; i = (i + 1) & mask)
    if (slots[i].fp == fp || slots[i].fp == 0) return &slots[i];
}

void FingerprintSet::grow(Shard& shard) {
  std::vector<Entry> bigger(shard.slots.size() * 2);
  for (const auto& e : shard.slots)
    if (e.fp != 0) *find_slot(bigger, e.fp) = e;
  shard.slots.swap(bigger);
}

FingerprintSet::Insert FingerprintSet::insert(uint64_t fp, uint32_t level, uint64_t key,
                                              uint64_t sleep) {
  fp = normalize(fp);
  auto& shard = shard_of(fp);
  std::lock_guard lock(shard.mu);
  Entry* e = find_slot(shard.slots, fp);
  if (e->fp == fp) {
    if (e->level != level) return Insert::kOld;
    e->sleep &= sleep;  // a transition must sleep only if it sleeps on every path here
    if (key >= e->key) return Insert::kWorse;
    e->key = key;
    return Insert::kImproved;
  }
  *e = Entry{fp, level, key, sleep};
  if (++shard.used * 2 > shard.slots.size()) grow(shard);
  return Insert::kNew;
}

uint64_t FingerprintSet::key_of(uint64_t fp) const {
  fp = normalize(fp);
  auto& shard = shard_of(fp);
  std::lock_guard lock(shard.mu);
  return find_slot(shard.slots, fp)->key;
}

uint64_t FingerprintSet::sleep_of(uint64_t fp) const {
  fp = normalize(fp);
  auto& shard = shard_of(fp);
  std::lock_guard lock(shard.mu);
  return find_slot(shard.slots, fp)->sleep;
}

uint64_t FingerprintSet::narrow_sleep(uint64_t fp, uint64_t sleep) {
  fp = normalize(fp);
  auto& shard = shard_of(fp);
  std::lock_guard lock(shard.mu);
  Entry* e = find_slot(shard.slots, fp);
  const uint64_t old = e->sleep;
  e->sleep &= sleep;
  return old;
}

uint64_t FingerprintSet::size() const {
  uint64_t n = 0;
  for (auto& s : shards_) {
    std::lock_guard lock(s.mu);
    n += s.used;
  }
  return n;
}

uint64_t FingerprintSet::bytes() const {
  uint64_t n = 0;
  for (auto& s : shards_) {
    std::lock_guard lock(s.mu);
    n += s.slots.size() * sizeof(Entry);
  }
  return n;
}

}  // namespace zab::search
