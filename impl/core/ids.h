// Identifiers of the quorum core: server ids, epochs and zxids as strong types.
#pragma once

#include <compare>
#include <cstdint>
#include <string>

namespace zab {

// A server id (`myid`, the N of `server.N` in zoo.cfg). Valid ids are 1..kMaxServers so that
// per-server tables can be plain arrays indexed by id.
struct NodeId {
  uint8_t value = 0;
  constexpr auto operator<=>(const NodeId&) const = default;
};
inline constexpr int kMaxServers = 15;
constexpr bool valid(NodeId id) { return id.value >= 1 && id.value <= kMaxServers; }
std::string to_string(NodeId id);  // "n3"

// A Zab epoch (the high half of a zxid; `acceptedEpoch`, `currentEpoch`, FLE's peerEpoch).
struct Epoch {
  uint32_t value = 0;
  constexpr auto operator<=>(const Epoch&) const = default;
  constexpr Epoch next() const { return Epoch{value + 1}; }
};

// A ZooKeeper transaction id: epoch in the high 32 bits, a per-epoch counter in the low 32.
// Ordered as the 64-bit number, exactly as ZooKeeper compares zxids.
struct Zxid {
  uint64_t value = 0;
  static constexpr Zxid make(Epoch epoch, uint32_t counter) {
    return Zxid{(uint64_t{epoch.value} << 32) | counter};
  }
  constexpr Epoch epoch() const { return Epoch{static_cast<uint32_t>(value >> 32)}; }
  constexpr uint32_t counter() const { return static_cast<uint32_t>(value); }
  constexpr auto operator<=>(const Zxid&) const = default;
};
std::string to_string(Zxid zxid);  // "<1,3>"
std::string to_string(Epoch epoch);

// The zxid after `zxid` when the counter is `counter_bits` wide. A full counter carries into the
// epoch bits, exactly as ZooKeeper's `zxid + 1` does on a 64-bit long (ZOOKEEPER-1277); the leader
// must never let that happen (see `counter_exhausted`), but a seeded bug can.
constexpr Zxid next_zxid(Zxid zxid, int counter_bits) {
  const uint64_t counter_max = counter_bits >= 32 ? 0xffffffffULL : (1ULL << counter_bits) - 1;
  if (zxid.counter() >= counter_max) return Zxid::make(zxid.epoch().next(), 0);
  return Zxid{zxid.value + 1};
}
// True when `zxid` uses the last value of a `counter_bits`-wide counter: ZooKeeper's
// `(zxid & 0xffffffffL) == 0xffffffffL` check in Leader.propose.
constexpr bool counter_exhausted(Zxid zxid, int counter_bits) {
  const uint64_t counter_max = counter_bits >= 32 ? 0xffffffffULL : (1ULL << counter_bits) - 1;
  return zxid.counter() >= counter_max;
}

// A set of server ids, as a bitmask indexed by id.
class SidSet {
 public:
  constexpr void insert(NodeId id) { bits_ |= uint16_t(1u << id.value); }
  constexpr void erase(NodeId id) { bits_ &= uint16_t(~(1u << id.value)); }
  constexpr bool contains(NodeId id) const { return (bits_ >> id.value) & 1u; }
  constexpr bool empty() const { return bits_ == 0; }
  constexpr void clear() { bits_ = 0; }
  int size() const { return __builtin_popcount(bits_); }
  constexpr uint16_t bits() const { return bits_; }
  constexpr auto operator<=>(const SidSet&) const = default;

  template <class F>
  void for_each(F&& f) const {
    for (uint8_t v = 1; v <= kMaxServers; ++v)
      if ((bits_ >> v) & 1u) f(NodeId{v});
  }

 private:
  uint16_t bits_ = 0;
};
static_assert(kMaxServers < 16, "SidSet holds ids 1..15");
std::string to_string(const SidSet& set);  // "{n1,n3}"

}  // namespace zab
