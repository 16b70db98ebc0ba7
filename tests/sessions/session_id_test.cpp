// Session ids and passwords, bit-compatible with ZooKeeper 3.8 (SessionTrackerImpl,
// ZooKeeperServer.generatePasswd).
#include "impl/sessions/session_id.h"

#include <gtest/gtest.h>

namespace zab::sessions {
namespace {

// The vector observed on a real 3.8 ensemble.
TEST(SessionPassword, MatchesZooKeeperForAKnownSession) {
  EXPECT_EQ(to_hex(generate_password(0x1000004cff3000dULL)), "474e66f15044d5fbb9cf6cbcb80ba08f");
}

TEST(SessionPassword, DependsOnTheSessionId) {
  EXPECT_NE(generate_password(0x1000004cff3000dULL), generate_password(0x1000004cff3000eULL));
}

TEST(SessionPassword, CheckAcceptsOnlyTheExactBytes) {
  const uint64_t id = 0x1000004cff3000dULL;
  SessionPassword password = generate_password(id);
  EXPECT_TRUE(check_password(id, password));
  EXPECT_FALSE(check_password(id + 1, password));
  EXPECT_FALSE(check_password(id, std::span<const uint8_t>(password).first(15)));
  password[15] ^= 1;
  EXPECT_FALSE(check_password(id, password));
  EXPECT_FALSE(check_password(0, generate_password(0)));  // id 0 never has a password
}

// The ids seen on server 1: 0x1000004cff30000, 0x1000004cff30001, ...
TEST(SessionId, ServerByteClockBitsThenCounter) {
  auto gen = SessionIdGenerator::initial(NodeId{1}, 0x4cff3);
  EXPECT_EQ(gen.take(), 0x1000004cff30000ULL);
  EXPECT_EQ(gen.take(), 0x1000004cff30001ULL);
  EXPECT_EQ(creator_of_session(gen.take()), 1);
  EXPECT_EQ(session_id_to_string(0x1000004cff3000dULL), "0x1000004cff3000d");
}

TEST(SessionId, OnlyTheLow40BitsOfTheClockAreUsed) {
  const uint64_t now_ms = (uint64_t{1} << 40) + 5;
  EXPECT_EQ(initialize_next_session_id(NodeId{15}, now_ms), (uint64_t{15} << 56) | (5ULL << 16));
}

}  // namespace
}  // namespace zab::sessions
