// The non-template parts of random walks: seeds, fault mixes, the distinct-state estimate.
#include "checker/search/random_walk.h"

#include <fmt/format.h>

#include <bit>
#include <cmath>

namespace zab::search {

namespace walk_detail {

uint64_t splitmix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

FaultMix draw_mix(std::mt19937_64& rng, const RandomWalkOptions& o) {
  if (!o.swarm) return FaultMix{0x1f, o.fault_rate};
  static constexpr std::array<double, 6> kRateFactors = {0.25, 0.5, 1, 2, 4, 8};
  FaultMix mix;
  mix.allowed = static_cast<uint8_t>(rng() & 0x1f);
  mix.fault_rate = std::min(1.0, o.fault_rate * kRateFactors[below(rng, kRateFactors.size())]);
  return mix;
}

void DistinctSketch::add(uint64_t fingerprint) {
  const uint64_t h = splitmix64(fingerprint);  // do not rely on the model hash's low bits
  const size_t index = h >> (64 - kBits);
  const uint64_t rest = h << kBits;
  const uint8_t rank = static_cast<uint8_t>(std::min(std::countl_zero(rest), 64 - kBits) + 1);
  registers_[index] = std::max(registers_[index], rank);
}

uint64_t DistinctSketch::estimate() const {
  constexpr double m = kRegisters;
  double sum = 0;
  int zeros = 0;
  for (const uint8_t r : registers_) {
    sum += std::ldexp(1.0, -r);
    zeros += r == 0;
  }
  const double raw = 0.7213 / (1 + 1.079 / m) * m * m / sum;
  // Linear counting is the better estimate while many registers are still empty.
  if (raw <= 2.5 * m && zeros > 0) return std::llround(m * std::log(m / zeros));
  return std::llround(raw);
}

}  // namespace walk_detail

std::string FaultMix::describe() const {
  std::string classes;
  for (int k = 0; k < kFaultClassCount; ++k)
    if (allows(static_cast<FaultClass>(k)))
      classes += (classes.empty() ? "" : " ") + std::string(to_string(static_cast<FaultClass>(k)));
  if (classes.empty()) return "no faults";
  return fmt::format("{}, fault rate {}", classes, fault_rate);
}

std::string_view to_string(WalkEnd end) {
  switch (end) {
    case WalkEnd::kDepth:
      return "depth bound";
    case WalkEnd::kViolation:
      return "violation";
    case WalkEnd::kQuiescent:
      return "nothing enabled";
    case WalkEnd::kOutOfBounds:
      return "out of bounds";
    case WalkEnd::kCancelled:
      return "cancelled";
  }
  return "?";
}

uint64_t walk_seed(uint64_t seed, int walk) {
  return walk_detail::splitmix64(walk_detail::splitmix64(seed) + static_cast<uint64_t>(walk));
}

}  // namespace zab::search
