// Watches through the client protocol: one-shot and persistent, recursive, removal and checks,
// re-registration with setWatches after a reconnect, and the rule that a watch event goes out
// before the reply that follows it (wire.md §1.11).
#include <gtest/gtest.h>

#include "tests/server/cluster.h"

namespace zab::server::testing {
namespace {

using data::OpCode;

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
  write(CreateOp{"/w", "0", 0});
  ASSERT_EQ(c.call(watcher, GetDataOp{"/w", true}).err, Code::kOk);
  ASSERT_EQ(c.call(watcher, ExistsOp{"/missing", true}).err, Code::kNoNode);
  ASSERT_EQ(c.call(watcher, GetChildrenOp{"/w", true}).err, Code::kOk);
  write(SetDataOp{"/w", "1", -1});
  write(SetDataOp{"/w", "2", -1});
  write(CreateOp{"/missing", "", 0});
  write(CreateOp{"/w/kid", "", 0});
  const auto events = c.take_events(watcher);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0], (WatchEventMsg{"/w", kDataChanged}));
  EXPECT_EQ(events[1], (WatchEventMsg{"/missing", kCreated}));
  EXPECT_EQ(events[2], (WatchEventMsg{"/w", kChildrenChanged}));
  EXPECT_EQ(events[0].state, 3);  // SyncConnected
  EXPECT_TRUE(c.take_events(writer).empty());
}

TEST_F(Watches, TheEventComesBeforeTheReplyThatFollowsIt) {
  write(CreateOp{"/o", "", 0});
  ASSERT_EQ(c.call(watcher, GetDataOp{"/o", true}).err, Code::kOk);
  // The watcher changes the node itself, and reads it in the same breath.
  const int32_t set = c.send(watcher, SetDataOp{"/o", "x", -1});
  const int32_t get = c.send(watcher, GetDataOp{"/o", false});
  c.settle();
  const auto msgs = c.take(watcher);
  ASSERT_EQ(msgs.size(), 3u);
  EXPECT_EQ(std::get<WatchEventMsg>(msgs[0]), (WatchEventMsg{"/o", kDataChanged}));
  EXPECT_EQ(std::get<ClientReply>(msgs[1]).cxid, set);
  EXPECT_EQ(std::get<ClientReply>(msgs[2]).cxid, get);
  EXPECT_EQ(std::get<GetDataResponse>(std::get<ClientReply>(msgs[2]).response).data, "x");
}

TEST_F(Watches, PersistentAndRecursiveWatchesStay) {
  write(CreateOp{"/p", "", 0});
  const auto add = c.call(watcher, AddWatchOp{"/p", 0});
  ASSERT_EQ(add.err, Code::kOk);
  EXPECT_EQ(std::get<ErrorResponse>(add.response).err, Code::kOk);
  ASSERT_EQ(c.call(watcher, AddWatchOp{"/", 1}).err, Code::kOk);  // recursive from the root
  write(SetDataOp{"/p", "1", -1});
  write(SetDataOp{"/p", "2", -1});
  write(CreateOp{"/p/a", "", 0});
  write(CreateOp{"/p/a/b", "", 0});
  write(DeleteOp{"/p/a/b", -1});
  const auto events = c.take_events(watcher);
  // A session gets one event per change and path, whichever of its watches matched.
  const std::vector<WatchEventMsg> expected{{"/p", kDataChanged}, {"/p", kDataChanged},
                                            {"/p/a", kCreated},   {"/p", kChildrenChanged},
                                            {"/p/a/b", kCreated}, {"/p/a/b", kDeleted}};
  EXPECT_EQ(events, expected);
  EXPECT_EQ(c.call(watcher, AddWatchOp{"/p", 7}).err, Code::kMarshallingError);
}

TEST_F(Watches, RemoveAndCheckWatches) {
  write(CreateOp{"/r", "", 0});
  ASSERT_EQ(c.call(watcher, GetDataOp{"/r", true}).err, Code::kOk);
  RemoveWatchesOp check{"/r", 2, OpCode::kCheckWatches};
  EXPECT_EQ(c.call(watcher, check).err, Code::kOk);
  check.watcher_type = 1;  // children: none
  EXPECT_EQ(c.call(watcher, check).err, Code::kNoWatcher);
  EXPECT_EQ(c.call(writer, RemoveWatchesOp{"/r", 3}).err, Code::kNoWatcher);  // not its watch
  EXPECT_EQ(c.call(watcher, RemoveWatchesOp{"/r", 3}).err, Code::kOk);
  EXPECT_EQ(c.call(watcher, RemoveWatchesOp{"/r", 3}).err, Code::kNoWatcher);
  EXPECT_EQ(c.call(watcher, RemoveWatchesOp{"/r", 9}).err, Code::kMarshallingError);
  write(SetDataOp{"/r", "1", -1});
  EXPECT_TRUE(c.take_events(watcher).empty());
}

TEST_F(Watches, WatchesDieWithTheirConnection) {
  write(CreateOp{"/d", "", 0});
  ASSERT_EQ(c.call(watcher, GetDataOp{"/d", true}).err, Code::kOk);
  EXPECT_EQ(c.layer(f1).watches.watch_count(), 1u);
  c.disconnect(watcher);
  EXPECT_EQ(c.layer(f1).watches.watch_count(), 0u);
}

// The Java and C clients re-register their watches after reconnecting (setWatches with the last
// zxid they saw); a change they missed while away fires at once, before the reply.
TEST_F(Watches, SetWatchesAfterReconnectingToAnotherServer) {
  write(CreateOp{"/changed", "", 0});
  write(CreateOp{"/same", "", 0});
  write(CreateOp{"/dir", "", 0});
  for (const char* p : {"/changed", "/same"})
    ASSERT_EQ(c.call(watcher, GetDataOp{p, true}).err, Code::kOk);
  ASSERT_EQ(c.call(watcher, ExistsOp{"/born", true}).err, Code::kNoNode);
  ASSERT_EQ(c.call(watcher, GetChildrenOp{"/dir", true}).err, Code::kOk);
  ConnectOp again;
  again.session_id = c.session_of(watcher);
  again.passwd = c.passwd_of(watcher);
  again.last_zxid_seen = c.last_zxid_seen(watcher);
  const Zxid seen = c.last_zxid_seen(watcher);
  c.disconnect(watcher);
  // Missed while disconnected.
  write(SetDataOp{"/changed", "x", -1});
  write(CreateOp{"/born", "", 0});
  write(CreateOp{"/dir/kid", "", 0});

  const auto back = c.connect(f2, again);
  ASSERT_EQ(c.connect_reply(back)->session_id, c.session_of(watcher));
  SetWatchesOp set;
  set.relative_zxid = seen;
  set.data_watches = {"/changed", "/same"};
  set.exist_watches = {"/born"};
  set.child_watches = {"/dir"};
  const int32_t cxid = c.send(back, set);
  c.settle();
  const auto msgs = c.take(back);
  ASSERT_EQ(msgs.size(), 4u);
  std::vector<WatchEventMsg> fired;
  for (size_t i = 0; i < 3; ++i)
    fired.push_back(std::get<WatchEventMsg>(msgs[i]));
  EXPECT_EQ(fired,
            (std::vector<WatchEventMsg>{
                {"/changed", kDataChanged}, {"/born", kCreated}, {"/dir", kChildrenChanged}}));
  EXPECT_EQ(std::get<ClientReply>(msgs[3]).cxid, cxid);
  // The unchanged one is registered again, on the new server.
  write(SetDataOp{"/same", "y", -1});
  EXPECT_EQ(c.take_events(back), (std::vector<WatchEventMsg>{{"/same", kDataChanged}}));
}

TEST_F(Watches, SetWatches2RestoresPersistentWatches) {
  write(CreateOp{"/pp", "", 0});
  SetWatchesOp set;
  set.type = OpCode::kSetWatches2;
  set.relative_zxid = c.last_zxid_seen(watcher);
  set.persistent_recursive_watches = {"/pp"};
  ASSERT_EQ(c.call(watcher, set).err, Code::kOk);
  write(CreateOp{"/pp/x", "", 0});
  write(SetDataOp{"/pp/x", "1", -1});
  EXPECT_EQ(c.take_events(watcher),
            (std::vector<WatchEventMsg>{{"/pp/x", kCreated}, {"/pp/x", kDataChanged}}));
}

TEST_F(Watches, DeletesAndSessionCloseFireWatches) {
  write(CreateOp{"/eph", "", 1});
  ASSERT_EQ(c.call(watcher, ExistsOp{"/eph", true}).err, Code::kOk);
  ASSERT_EQ(c.call(writer, CloseOp{}).err, Code::kOk);
  EXPECT_EQ(c.take_events(watcher), (std::vector<WatchEventMsg>{{"/eph", kDeleted}}));
}

}  // namespace
}  // namespace zab::server::testing
