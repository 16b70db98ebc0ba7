// Watches through the client protocol: one-shot and persistent, recursive, removal and checks,
// re-registration with setWatches after a reconnect, and the rule that a watch event goes out
// before the reply that follows it (wire.md §1.11).
#include <gtest/gtest.h>

#include "tests/server/cluster.h"

namespace zab::server::testing {
namespace {

constexpr int32_t kCreated = 1, kDeleted = 2, kDataChanged = 3, kChildrenChanged = 4;

class Watches : public ::testing::Test {
 protected:
  Cluster c{3};
  NodeId f1 = c.followers().front();
  NodeId f2 = c.followers().back();
  ClientId watcher = c.connect(f1);
  ClientId writer = c.connect(f2);

  void write(ClientOp op) {
    const auto r = c.call(writer, std::move(op));
    ASSERT_EQ(r.err, Code::kOk) << describe(r);
  }
};

TEST_F(Watches, OneShotWatchesFireOnce) {
  write(create("/w", "0", 0));
  ASSERT_EQ(c.call(watcher, get_data("/w", true)).err, Code::kOk);
  ASSERT_EQ(c.call(watcher, exists("/missing", true)).err, Code::kNoNode);
  ASSERT_EQ(c.call(watcher, get_children("/w", true)).err, Code::kOk);
  write(set_data("/w", "1", -1));
  write(set_data("/w", "2", -1));
  write(create("/missing", "", 0));
  write(create("/w/kid", "", 0));
  const auto events = c.take_events(watcher);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0], event("/w", kDataChanged));
  EXPECT_EQ(events[1], event("/missing", kCreated));
  EXPECT_EQ(events[2], event("/w", kChildrenChanged));
  EXPECT_EQ(events[0].state, 3);  // SyncConnected
  EXPECT_TRUE(c.take_events(writer).empty());
}

TEST_F(Watches, TheEventComesBeforeTheReplyThatFollowsIt) {
  write(create("/o", "", 0));
  ASSERT_EQ(c.call(watcher, get_data("/o", true)).err, Code::kOk);
  // The watcher changes the node itself, and reads it in the same breath.
  const int32_t set = c.send(watcher, set_data("/o", "x", -1));
  const int32_t get = c.send(watcher, get_data("/o", false));
  c.settle();
  const auto msgs = c.take(watcher);
  ASSERT_EQ(msgs.size(), 3u);
  EXPECT_EQ(std::get<wire::WatcherEvent>(msgs[0]), event("/o", kDataChanged));
  EXPECT_EQ(std::get<ClientReply>(msgs[1]).cxid, set);
  EXPECT_EQ(std::get<ClientReply>(msgs[2]).cxid, get);
  EXPECT_EQ(std::get<wire::GetDataResponse>(std::get<ClientReply>(msgs[2]).body).data, "x");
}

TEST_F(Watches, PersistentAndRecursiveWatchesStay) {
  write(create("/p", "", 0));
  const auto add = c.call(watcher, add_watch("/p", 0));
  ASSERT_EQ(add.err, Code::kOk);
  EXPECT_EQ(std::get<wire::ErrorResponse>(add.body).err, 0);
  ASSERT_EQ(c.call(watcher, add_watch("/", 1)).err, Code::kOk);  // recursive from the root
  write(set_data("/p", "1", -1));
  write(set_data("/p", "2", -1));
  write(create("/p/a", "", 0));
  write(create("/p/a/b", "", 0));
  write(delete_node("/p/a/b", -1));
  const auto fired = c.take_events(watcher);
  // A session gets one event per change and path, whichever of its watches matched.
  const auto expected = events({{"/p", kDataChanged},
                                {"/p", kDataChanged},
                                {"/p/a", kCreated},
                                {"/p", kChildrenChanged},
                                {"/p/a/b", kCreated},
                                {"/p/a/b", kDeleted}});
  EXPECT_EQ(fired, expected);
  EXPECT_EQ(c.call(watcher, add_watch("/p", 7)).err, Code::kMarshallingError);
}

TEST_F(Watches, RemoveAndCheckWatches) {
  write(create("/r", "", 0));
  ASSERT_EQ(c.call(watcher, get_data("/r", true)).err, Code::kOk);
  EXPECT_EQ(c.call(watcher, check_watches("/r", 2)).err, Code::kOk);
  EXPECT_EQ(c.call(watcher, check_watches("/r", 1)).err, Code::kNoWatcher);  // children: none
  EXPECT_EQ(c.call(writer, remove_watches("/r", 3)).err, Code::kNoWatcher);  // not its watch
  EXPECT_EQ(c.call(watcher, remove_watches("/r", 3)).err, Code::kOk);
  EXPECT_EQ(c.call(watcher, remove_watches("/r", 3)).err, Code::kNoWatcher);
  EXPECT_EQ(c.call(watcher, remove_watches("/r", 9)).err, Code::kMarshallingError);
  write(set_data("/r", "1", -1));
  EXPECT_TRUE(c.take_events(watcher).empty());
}

TEST_F(Watches, WatchesDieWithTheirConnection) {
  write(create("/d", "", 0));
  ASSERT_EQ(c.call(watcher, get_data("/d", true)).err, Code::kOk);
  EXPECT_EQ(c.layer(f1).watches.watch_count(), 1u);
  c.disconnect(watcher);
  EXPECT_EQ(c.layer(f1).watches.watch_count(), 0u);
}

// The Java and C clients re-register their watches after reconnecting (setWatches with the last
// zxid they saw); a change they missed while away fires at once, before the reply.
TEST_F(Watches, SetWatchesAfterReconnectingToAnotherServer) {
  write(create("/changed", "", 0));
  write(create("/same", "", 0));
  write(create("/dir", "", 0));
  for (const char* p : {"/changed", "/same"})
    ASSERT_EQ(c.call(watcher, get_data(p, true)).err, Code::kOk);
  ASSERT_EQ(c.call(watcher, exists("/born", true)).err, Code::kNoNode);
  ASSERT_EQ(c.call(watcher, get_children("/dir", true)).err, Code::kOk);
  const auto again =
      reattach(c.session_of(watcher), c.passwd_of(watcher), 4000, c.last_zxid_seen(watcher));
  const Zxid seen = c.last_zxid_seen(watcher);
  c.disconnect(watcher);
  // Missed while disconnected.
  write(set_data("/changed", "x", -1));
  write(create("/born", "", 0));
  write(create("/dir/kid", "", 0));

  const auto back = c.connect(f2, again);
  ASSERT_EQ(c.connect_reply(back)->session_id, static_cast<int64_t>(c.session_of(watcher)));
  const int32_t cxid = c.send(back, set_watches(seen, {"/changed", "/same"}, {"/born"}, {"/dir"}));
  c.settle();
  const auto msgs = c.take(back);
  ASSERT_EQ(msgs.size(), 4u);
  std::vector<wire::WatcherEvent> fired;
  for (size_t i = 0; i < 3; ++i)
    fired.push_back(std::get<wire::WatcherEvent>(msgs[i]));
  EXPECT_EQ(fired,
            events({{"/changed", kDataChanged}, {"/born", kCreated}, {"/dir", kChildrenChanged}}));
  EXPECT_EQ(std::get<ClientReply>(msgs[3]).cxid, cxid);
  // The unchanged one is registered again, on the new server.
  write(set_data("/same", "y", -1));
  EXPECT_EQ(c.take_events(back), events({{"/same", kDataChanged}}));
}

TEST_F(Watches, SetWatches2RestoresPersistentWatches) {
  write(create("/pp", "", 0));
  ASSERT_EQ(c.call(watcher, set_watches2(c.last_zxid_seen(watcher), {}, {}, {}, {}, {"/pp"})).err,
            Code::kOk);
  write(create("/pp/x", "", 0));
  write(set_data("/pp/x", "1", -1));
  EXPECT_EQ(c.take_events(watcher), events({{"/pp/x", kCreated}, {"/pp/x", kDataChanged}}));
}

TEST_F(Watches, DeletesAndSessionCloseFireWatches) {
  write(create("/eph", "", 1));
  ASSERT_EQ(c.call(watcher, exists("/eph", true)).err, Code::kOk);
  ASSERT_EQ(c.call(writer, close_session()).err, Code::kOk);
  EXPECT_EQ(c.take_events(watcher), events({{"/eph", kDeleted}}));
}

}  // namespace
}  // namespace zab::server::testing
