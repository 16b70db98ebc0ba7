#include "impl/sessions/session_id.h"

#include <fmt/format.h>

#include <algorithm>

namespace zab::sessions {
namespace {

// java.util.Random: a 48-bit linear congruential generator (Knuth, TAOCP vol. 2, §3.2.1).
class JavaRandom {
 public:
  explicit JavaRandom(uint64_t seed) : state_((seed ^ kMultiplier) & kMask) {}
  // next(32): advance, then the top 32 of the 48 state bits.
  uint32_t next_int() {
    state_ = (state_ * kMultiplier + kAddend) & kMask;
    return static_cast<uint32_t>(state_ >> 16);
  }
  // nextBytes: one nextInt per 4 bytes, lowest byte first.
  template <size_t N>
  void next_bytes(std::array<uint8_t, N>& bytes) {
    for (size_t i = 0; i < N;) {
      uint32_t rnd = next_int();
      for (size_t n = std::min<size_t>(N - i, 4); n-- > 0; rnd >>= 8)
        bytes[i++] = uint8_t(rnd);
    }
  }

 private:
  static constexpr uint64_t kMultiplier = 0x5DEECE66DULL;
  static constexpr uint64_t kAddend = 0xBULL;
  static constexpr uint64_t kMask = (uint64_t{1} << 48) - 1;
  uint64_t state_;
};

}  // namespace

uint64_t initialize_next_session_id(NodeId server_id, uint64_t now_ms) {
  // Java: ((time << 24) >>> 8) | (id << 56) — the low 40 bits of the time land in bits 16..55.
  uint64_t id = ((now_ms << 24) >> 8) | (uint64_t{server_id.value} << 56);
  if (id == kContainerEphemeralOwner) ++id;  // only reachable with server id 128
  return id;
}

SessionPassword generate_password(uint64_t session_id, uint64_t secret) {
  SessionPassword password{};
  JavaRandom random(session_id ^ secret);
  random.next_bytes(password);
  return password;
}

bool check_password(uint64_t session_id, std::span<const uint8_t> password, uint64_t secret) {
  if (session_id == 0) return false;
  const SessionPassword expected = generate_password(session_id, secret);
  return std::equal(password.begin(), password.end(), expected.begin(), expected.end());
}

std::string to_hex(const SessionPassword& password) {
  std::string out;
  for (uint8_t b : password)
    out += fmt::format("{:02x}", b);
  return out;
}

std::string session_id_to_string(uint64_t session_id) {
  return fmt::format("0x{:x}", session_id);
}

}  // namespace zab::sessions
