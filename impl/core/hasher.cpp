#include "impl/core/hasher.h"

#include <xxhash.h>

namespace zab {

// Fixed seed: fingerprints must be reproducible across runs and machines.
static constexpr uint64_t kFingerprintSeed = 0x5a41424348454b31ULL;  // "ZABCHEK1"

uint64_t Hasher::finish() const { return XXH3_64bits_withSeed(buf_.data(), buf_.size(), kFingerprintSeed); }

}  // namespace zab
