// What the four-letter words read: connections, watch tables, the tracker's buckets, ephemerals
// and the data counts, computed from a server's state.
#include "impl/server/observe.h"

#include <gtest/gtest.h>

#include "tests/server/cluster.h"

namespace zab::server::testing {
namespace {

TEST(Observe, ConnectionsWatchesSessionsAndCounts) {
  Cluster c(3);
  const NodeId f = c.followers().front();
  auto op = std::get<ConnectOp>(connect(6000));
  op.client_address = "127.0.0.1";
  const auto a = c.connect(f, op);
  const auto b = c.connect(f);
  ASSERT_EQ(c.call(a, create("/x", "abc", 1)).err, Code::kOk);
  ASSERT_EQ(c.call(a, create("/y", "", 1)).err, Code::kOk);
  ASSERT_EQ(c.call(b, get_data("/x", true)).err, Code::kOk);
  ASSERT_EQ(c.call(a, get_data("/x", true)).err, Code::kOk);
  ASSERT_EQ(c.call(a, get_children("/", true)).err, Code::kOk);  // a child watch: not in wchc

  const auto infos = connection_infos(c.layer(f));
  ASSERT_EQ(infos.size(), 2u);
  EXPECT_EQ(infos[0].client, a);
  EXPECT_EQ(infos[0].session_id, c.session_of(a));
  EXPECT_EQ(infos[0].timeout_ms, 6000u);
  EXPECT_TRUE(infos[0].established);
  EXPECT_EQ(infos[0].auth_ids, (std::vector<data::Id>{{"ip", "127.0.0.1"}}));
  EXPECT_EQ(outstanding_requests(c.layer(f)), 0u);
  c.send(b, create("/z", "", 0));
  EXPECT_EQ(outstanding_requests(c.layer(f)), 1u);
  c.settle();

  const uint64_t sa = c.session_of(a), sb = c.session_of(b);
  const auto by_session = watches_by_session(c.layer(f).watches);
  ASSERT_EQ(by_session.size(), 2u);
  EXPECT_EQ(by_session[0].second, std::vector<std::string>{"/x"});
  const auto by_path = watches_by_path(c.layer(f).watches);
  ASSERT_EQ(by_path.size(), 1u);
  EXPECT_EQ(by_path[0].first, "/x");
  EXPECT_EQ(by_path[0].second, (std::vector<uint64_t>{std::min(sa, sb), std::max(sa, sb)}));
  EXPECT_EQ(c.layer(f).watches.summary().total_watches, 2u);

  const auto buckets = session_expiry_buckets(*c.layer(c.leader()).tracker);
  size_t tracked = 0;
  for (const auto& bucket : buckets)
    tracked += bucket.sessions.size();
  EXPECT_EQ(tracked, 2u);

  const auto ephemerals = ephemerals_by_session(c.db(f));
  ASSERT_EQ(ephemerals.size(), 1u);
  EXPECT_EQ(ephemerals[0].first, static_cast<int64_t>(sa));
  EXPECT_EQ(ephemerals[0].second, (std::vector<std::string>{"/x", "/y"}));

  const auto counts = data_counts(c.db(f));
  EXPECT_EQ(counts.znode_count, 4 + 3 + 1);  // the built-in four, /x /y /z, and 3.8's extra one
  EXPECT_EQ(counts.ephemerals_count, 2);
  EXPECT_EQ(counts.global_sessions, 2u);
  EXPECT_GT(counts.approximate_data_size, 3);
}

}  // namespace
}  // namespace zab::server::testing
