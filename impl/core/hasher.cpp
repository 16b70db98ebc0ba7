#include "impl/core/hasher.h"

#include <xxhash.h>

namespace zab {

// Fixed seed: fingerprints must be reproducible across runs and machines.
static constexpr uint64_t kFingerprintSeed = 0x5a41424348454b31ULL;  // "ZABCHEK1"

void Hasher::spill(const void* data, size_t size) {
  if (heap_.empty()) heap_.assign(inline_, size_);
  heap_.append(static_cast<const char*>(data), size);
  size_ = kInline + 1;  // from now on every byte goes to heap_
}

uint64_t Hasher::finish() const {
  if (size_ <= kInline) return XXH3_64bits_withSeed(inline_, size_, kFingerprintSeed);
  return XXH3_64bits_withSeed(heap_.data(), heap_.size(), kFingerprintSeed);
}

}  // namespace zab
