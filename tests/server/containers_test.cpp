// The leader's ContainerManager: containers that have had children and have none left, and TTL
// nodes whose TTL has passed, are deleted through the quorum (a deleteContainer txn) on every
// check interval, at most maxPerMinute a minute; clients see the deletion as any other.
#include <gtest/gtest.h>

#include "tests/server/cluster.h"

namespace zab::server::testing {
namespace {

constexpr int32_t kContainerDeleted = 2;

bool exists_everywhere(const Cluster& c, const std::string& path) {
  for (int id = 1; id <= 3; ++id)
    if (c.db(n(id)).tree().find(path) == nullptr) return false;
  return true;
}

bool gone_everywhere(const Cluster& c, const std::string& path) {
  for (int id = 1; id <= 3; ++id)
    if (c.db(n(id)).tree().find(path) != nullptr) return false;
  return true;
}

TEST(Containers, AnEmptiedContainerGoesAtTheNextCheck) {
  ServerConfig config;
  config.container_check_interval_ms = 10000;
  Cluster c(3, config);
  const auto cl = c.connect(c.followers().front());
  ASSERT_EQ(c.call(cl, create_container("/used")).err, Code::kOk);
  ASSERT_EQ(c.call(cl, create_container("/fresh")).err, Code::kOk);
  ASSERT_EQ(c.call(cl, create("/used/x")).err, Code::kOk);
  ASSERT_EQ(c.call(cl, exists("/used", true)).err, Code::kOk);
  c.advance_time(10000);
  EXPECT_TRUE(exists_everywhere(c, "/used"));  // it still has a child
  ASSERT_EQ(c.call(cl, delete_node("/used/x")).err, Code::kOk);
  EXPECT_TRUE(exists_everywhere(c, "/used"));  // not before the check
  const Zxid before = c.peer(c.leader()).last_processed;
  c.advance_time(10000);
  EXPECT_TRUE(gone_everywhere(c, "/used"));
  EXPECT_TRUE(exists_everywhere(c, "/fresh"));  // never had a child
  // One txn: the deleteContainer, of no session.
  EXPECT_EQ(c.peer(c.leader()).last_processed.counter(), before.counter() + 1);
  EXPECT_EQ(c.take_events(cl), events({{"/used", kContainerDeleted}}));
}

TEST(Containers, NeverUsedContainersGoAfterTheirIntervalWhenConfigured) {
  ServerConfig config;
  config.container_check_interval_ms = 10000;
  config.container_max_never_used_interval_ms = 15000;
  Cluster c(3, config);
  const auto cl = c.connect(c.leader());
  ASSERT_EQ(c.call(cl, create_container("/fresh")).err, Code::kOk);
  c.advance_time(10000);
  EXPECT_TRUE(exists_everywhere(c, "/fresh"));
  c.advance_time(10000);
  EXPECT_TRUE(gone_everywhere(c, "/fresh"));
}

TEST(Containers, TtlNodesGoOnceTheirTtlHasPassedSinceTheirLastChange) {
  ServerConfig config;
  config.extended_types_enabled = true;
  config.container_check_interval_ms = 4000;
  Cluster c(3, config);
  const auto cl = c.connect(c.followers().back());
  ASSERT_EQ(c.call(cl, create_ttl("/t", "", 5, 6000)).err, Code::kOk);
  ASSERT_EQ(c.call(cl, create_ttl("/parent", "", 5, 1000)).err, Code::kOk);
  ASSERT_EQ(c.call(cl, create("/parent/kid")).err, Code::kOk);
  c.advance_time(4000);
  EXPECT_TRUE(exists_everywhere(c, "/t"));
  c.advance_time(4000);
  EXPECT_TRUE(gone_everywhere(c, "/t"));
  EXPECT_TRUE(exists_everywhere(c, "/parent"));  // a TTL node with children stays
}

TEST(Containers, ACheckDeletesAtMostItsShareOfMaxPerMinute) {
  ServerConfig config;
  config.container_check_interval_ms = 30000;
  config.container_max_per_minute = 2;  // one per 30 s check
  Cluster c(3, config);
  const auto cl = c.connect(c.leader());
  for (const char* p : {"/a", "/b", "/c"}) {
    ASSERT_EQ(c.call(cl, create_container(p)).err, Code::kOk);
    ASSERT_EQ(c.call(cl, create(std::string(p) + "/x")).err, Code::kOk);
    ASSERT_EQ(c.call(cl, delete_node(std::string(p) + "/x")).err, Code::kOk);
  }
  c.advance_time(30000);
  EXPECT_TRUE(gone_everywhere(c, "/a"));
  EXPECT_TRUE(exists_everywhere(c, "/b"));
  EXPECT_TRUE(exists_everywhere(c, "/c"));
  c.advance_time(60000);
  EXPECT_TRUE(gone_everywhere(c, "/b"));
  EXPECT_TRUE(gone_everywhere(c, "/c"));
}

TEST(Containers, AnIntervalOfZeroTurnsTheReaperOff) {
  ServerConfig config;
  config.container_check_interval_ms = 0;
  Cluster c(3, config);
  const auto cl = c.connect(c.leader());
  ASSERT_EQ(c.call(cl, create_container("/c")).err, Code::kOk);
  ASSERT_EQ(c.call(cl, create("/c/x")).err, Code::kOk);
  ASSERT_EQ(c.call(cl, delete_node("/c/x")).err, Code::kOk);
  c.advance_time(120000);
  EXPECT_TRUE(exists_everywhere(c, "/c"));
}

// A client's deleteContainer (20) is a DeleteRequest, which PrepRequestProcessor reads whole as a
// path: the request fails its path check (BADARGUMENTS) and deletes nothing.
TEST(Containers, AClientsDeleteContainerIsRefused) {
  Cluster c(3);
  const auto cl = c.connect(c.followers().front());
  ASSERT_EQ(c.call(cl, create_container("/c")).err, Code::kOk);
  const auto r =
      c.call(cl, RequestOp{data::OpCode::kDeleteContainer, wire::DeleteRequest{"/c", -1}});
  EXPECT_EQ(r.err, Code::kBadArguments);
  EXPECT_TRUE(exists_everywhere(c, "/c"));
}

}  // namespace
}  // namespace zab::server::testing
