// WatchManager trigger rules, one test per row of research/wire.md §1.11's table, plus one-shot
// vs persistent, recursive matching, removeWatches / checkWatches and the wchs counts.
#include "impl/sessions/watch_manager.h"

#include <gtest/gtest.h>

#include "tests/sessions/watch_test_util.h"

namespace zab::sessions {
namespace {

using testing::fire;
using testing::Strings;

TEST(WatchManager, ExistsOnAMissingNodeFiresNodeCreated) {
  WatchManager w;
  ASSERT_EQ(w.add_data_watch(1, "/a"), Code::kOk);  // exists(watch) on a missing /a
  ASSERT_EQ(w.add_child_watch(2, "/"), Code::kOk);
  EXPECT_EQ(fire(w, "/a", EventType::kNodeCreated),
            (Strings{"0x1 NodeCreated /a", "0x2 NodeChildrenChanged /"}));
}

TEST(WatchManager, CreateFiresNodeChildrenChangedAtTheParentPath) {
  WatchManager w;
  w.add_child_watch(1, "/a");
  w.add_child_watch(2, "/a/b");  // a child watch on the created node itself does not fire
  EXPECT_EQ(fire(w, "/a/b", EventType::kNodeCreated), Strings{"0x1 NodeChildrenChanged /a"});
}

TEST(WatchManager, SetDataFiresOnlyDataWatchers) {
  WatchManager w;
  w.add_data_watch(1, "/a");
  w.add_child_watch(2, "/a");
  w.add_child_watch(3, "/");
  EXPECT_EQ(fire(w, "/a", EventType::kNodeDataChanged), Strings{"0x1 NodeDataChanged /a"});
}

TEST(WatchManager, DeleteTellsEachSessionOnceAndTheParentsChildWatchers) {
  WatchManager w;
  w.add_data_watch(1, "/a/b");
  w.add_child_watch(1, "/a/b");  // both tables: still one NodeDeleted
  w.add_child_watch(2, "/a/b");  // child watch only: NodeDeleted too
  w.add_child_watch(3, "/a");
  w.add_data_watch(4, "/a");  // a data watch on the parent does not fire
  EXPECT_EQ(
      fire(w, "/a/b", EventType::kNodeDeleted),
      (Strings{"0x1 NodeDeleted /a/b", "0x2 NodeDeleted /a/b", "0x3 NodeChildrenChanged /a"}));
  // Every one-shot watch that fired is gone, including session 1's suppressed child watch.
  ASSERT_EQ(w.entries().size(), 1u);
  EXPECT_EQ(w.entries()[0].path, "/a");
  EXPECT_EQ(w.entries()[0].session_id, 4u);
}

TEST(WatchManager, StandardWatchesAreOneShot) {
  WatchManager w;
  w.add_data_watch(1, "/a");
  EXPECT_EQ(fire(w, "/a", EventType::kNodeDataChanged), Strings{"0x1 NodeDataChanged /a"});
  EXPECT_EQ(fire(w, "/a", EventType::kNodeDataChanged), Strings{});
  EXPECT_EQ(w.watch_count(), 0u);
}

TEST(WatchManager, PersistentWatchesStayAndSeeTheNodeAndItsChildrenList) {
  WatchManager w;
  ASSERT_EQ(w.add_watch(1, "/a", AddWatchMode::kPersistent), Code::kOk);
  for (int i = 0; i < 2; ++i)
    EXPECT_EQ(fire(w, "/a", EventType::kNodeDataChanged), Strings{"0x1 NodeDataChanged /a"});
  EXPECT_EQ(fire(w, "/a/b", EventType::kNodeCreated), Strings{"0x1 NodeChildrenChanged /a"});
  EXPECT_EQ(fire(w, "/a/b", EventType::kNodeDataChanged), Strings{});  // not recursive
  EXPECT_EQ(fire(w, "/a", EventType::kNodeDeleted), Strings{"0x1 NodeDeleted /a"});
  EXPECT_EQ(fire(w, "/a", EventType::kNodeCreated), Strings{"0x1 NodeCreated /a"});
  EXPECT_EQ(w.check_watches(1, "/a", WatcherType::kAny), Code::kOk);
}

TEST(WatchManager, RecursiveWatchesMatchDescendantsExceptChildrenChanged) {
  WatchManager w;
  ASSERT_EQ(w.add_watch(1, "/a", AddWatchMode::kPersistentRecursive), Code::kOk);
  EXPECT_EQ(fire(w, "/a/b", EventType::kNodeCreated), Strings{"0x1 NodeCreated /a/b"});
  EXPECT_EQ(fire(w, "/a/b/c", EventType::kNodeCreated), Strings{"0x1 NodeCreated /a/b/c"});
  EXPECT_EQ(fire(w, "/a/b/c", EventType::kNodeDataChanged), Strings{"0x1 NodeDataChanged /a/b/c"});
  EXPECT_EQ(fire(w, "/a/b/c", EventType::kNodeDeleted), Strings{"0x1 NodeDeleted /a/b/c"});
  EXPECT_EQ(fire(w, "/a", EventType::kNodeDataChanged), Strings{"0x1 NodeDataChanged /a"});
  EXPECT_EQ(fire(w, "/a", EventType::kNodeChildrenChanged), Strings{});
  EXPECT_EQ(fire(w, "/ab", EventType::kNodeCreated), Strings{});  // a sibling, not a child
  EXPECT_EQ(fire(w, "/", EventType::kNodeDataChanged), Strings{});
  EXPECT_EQ(w.watch_count(), 2u);  // still there, in both tables as 3.8 keeps it
}

TEST(WatchManager, OneNotificationPerSessionPerChange) {
  WatchManager w;
  w.add_watch(1, "/", AddWatchMode::kPersistentRecursive);
  w.add_watch(1, "/a", AddWatchMode::kPersistentRecursive);
  w.add_data_watch(1, "/a/b");
  w.add_watch(1, "/a/b", AddWatchMode::kPersistent);
  EXPECT_EQ(fire(w, "/a/b", EventType::kNodeDataChanged), Strings{"0x1 NodeDataChanged /a/b"});
}

TEST(WatchManager, OneShotAndPersistentOnOnePathKeepTheirOwnSemantics) {
  WatchManager w;
  w.add_watch(1, "/a", AddWatchMode::kPersistent);
  w.add_data_watch(1, "/a");  // does not downgrade the persistent watch (ZOOKEEPER-4466)
  EXPECT_EQ(fire(w, "/a", EventType::kNodeDataChanged), Strings{"0x1 NodeDataChanged /a"});
  EXPECT_EQ(w.entries()[0].data_modes, uint8_t(WatcherMode::kPersistent));
  EXPECT_EQ(fire(w, "/a", EventType::kNodeDataChanged), Strings{"0x1 NodeDataChanged /a"});
}

TEST(WatchManager, NotificationsComeInSessionOrderWhateverTheRegistrationOrder) {
  WatchManager w;
  for (uint64_t id : {30, 10, 20})
    w.add_data_watch(id, "/a");
  w.add_watch(5, "/", AddWatchMode::kPersistentRecursive);
  EXPECT_EQ(fire(w, "/a", EventType::kNodeDataChanged),
            (Strings{"0x5 NodeDataChanged /a", "0xa NodeDataChanged /a", "0x14 NodeDataChanged /a",
                     "0x1e NodeDataChanged /a"}));
}

TEST(WatchManager, SessionsDoNotSeeEachOthersWatches) {
  WatchManager w;
  w.add_data_watch(1, "/a");
  EXPECT_EQ(w.check_watches(2, "/a", WatcherType::kAny), Code::kNoWatcher);
  EXPECT_EQ(w.remove_watches(2, "/a", WatcherType::kAny), Code::kNoWatcher);
  EXPECT_EQ(w.check_watches(1, "/a", WatcherType::kData), Code::kOk);
}

TEST(WatchManager, RemoveWatchesByType) {
  WatchManager w;
  w.add_data_watch(1, "/a");
  w.add_child_watch(1, "/a");
  EXPECT_EQ(w.remove_watches(1, "/a", WatcherType::kChildren), Code::kOk);
  EXPECT_EQ(w.check_watches(1, "/a", WatcherType::kChildren), Code::kNoWatcher);
  EXPECT_EQ(w.remove_watches(1, "/a", WatcherType::kChildren), Code::kNoWatcher);
  EXPECT_EQ(w.check_watches(1, "/a", WatcherType::kData), Code::kOk);
  EXPECT_EQ(w.check_watches(1, "/a", WatcherType::kAny), Code::kOk);
  EXPECT_EQ(w.remove_watches(1, "/a", WatcherType::kAny), Code::kOk);
  EXPECT_EQ(w.check_watches(1, "/a", WatcherType::kAny), Code::kNoWatcher);
  EXPECT_EQ(w.remove_watches(1, "/a", WatcherType::kAny), Code::kNoWatcher);
  EXPECT_TRUE(w.entries().empty());
  // removeWatches drops a persistent watch too, whatever its mode.
  w.add_watch(1, "/b", AddWatchMode::kPersistentRecursive);
  EXPECT_EQ(w.remove_watches(1, "/b", WatcherType::kData), Code::kOk);
  EXPECT_EQ(fire(w, "/b/c", EventType::kNodeCreated), Strings{});
}

TEST(WatchManager, RemoveSessionDropsEveryWatchOfTheSession) {
  WatchManager w;
  w.add_data_watch(1, "/a");
  w.add_child_watch(1, "/b");
  w.add_watch(1, "/", AddWatchMode::kPersistentRecursive);
  w.add_data_watch(2, "/a");
  w.remove_session(1);
  EXPECT_EQ(fire(w, "/a", EventType::kNodeDataChanged), Strings{"0x2 NodeDataChanged /a"});
  EXPECT_TRUE(w.entries().empty());
}

TEST(WatchManager, WchsCountsTheDataWatches) {
  WatchManager w;
  w.add_data_watch(1, "/a");
  w.add_data_watch(2, "/a");
  w.add_data_watch(2, "/b");
  w.add_child_watch(3, "/c");  // child watches are not in wchs
  w.add_watch(4, "/d", AddWatchMode::kPersistent);
  const WatchesSummary s = w.summary();
  EXPECT_EQ(s, (WatchesSummary{.connections = 3, .paths = 3, .total_watches = 4}));
  EXPECT_EQ(to_string(s), "3 connections watching 3 paths\nTotal watches:4");
  EXPECT_EQ(w.watch_count(), 6u);  // mntr zk_watch_count: both tables
}

TEST(WatchManager, BadInputGetsBadArguments) {
  WatchManager w;
  for (const char* path : {"", "a", "/a/", "//a", "/a//b", "/a/./b", "/a/..", "/a\x01"}) {
    EXPECT_EQ(w.add_data_watch(1, path), Code::kBadArguments) << path;
    EXPECT_EQ(fire(w, path, EventType::kNodeCreated), Strings{"BADARGUMENTS"}) << path;
  }
  EXPECT_EQ(w.add_data_watch(0, "/a"), Code::kBadArguments);
  EXPECT_EQ(w.add_child_watch(1, "x"), Code::kBadArguments);
  EXPECT_EQ(w.add_watch(1, "/a/", AddWatchMode::kPersistent), Code::kBadArguments);
  EXPECT_EQ(w.remove_watches(1, "", WatcherType::kAny), Code::kBadArguments);
  EXPECT_EQ(w.check_watches(1, "", WatcherType::kAny), Code::kBadArguments);
  EXPECT_EQ(fire(w, "/a", EventType::kNone), Strings{"BADARGUMENTS"});
  EXPECT_EQ(fire(w, "/a", EventType::kDataWatchRemoved), Strings{"BADARGUMENTS"});
  EXPECT_TRUE(w.entries().empty());
  EXPECT_TRUE(valid_watch_path("/"));
  EXPECT_TRUE(valid_watch_path("/zookeeper/config"));
  EXPECT_TRUE(valid_watch_path("/a.b/..c"));
}

TEST(WatchEvent, ZooKeeperNumbersAndDecoding) {
  EXPECT_EQ(int(EventType::kNodeChildrenChanged), 4);
  EXPECT_EQ(int(KeeperState::kSyncConnected), 3);
  EXPECT_EQ(int(KeeperState::kExpired), -112);
  EXPECT_EQ(event_type_from_int(2), EventType::kNodeDeleted);
  EXPECT_EQ(event_type_from_int(0), std::nullopt);
  EXPECT_EQ(keeper_state_from_int(2), std::nullopt);
  EXPECT_EQ(keeper_state_from_int(-112), KeeperState::kExpired);
  EXPECT_EQ(watcher_type_from_int(3), WatcherType::kAny);
  EXPECT_EQ(watcher_type_from_int(4), std::nullopt);
  EXPECT_EQ(add_watch_mode_from_int(1), AddWatchMode::kPersistentRecursive);
  EXPECT_EQ(add_watch_mode_from_int(2), std::nullopt);
  EXPECT_EQ(to_string(EventType::kNodeDataChanged), "NodeDataChanged");
  EXPECT_EQ(int(Code::kNoWatcher), -121);
  EXPECT_EQ(code_name(Code::kSessionMoved), "SESSIONMOVED");
}

}  // namespace
}  // namespace zab::sessions
