// setWatches after a reconnect (DataTree.setWatches, research/wire.md §1.11): what the client
// missed while disconnected fires at once; everything else is registered again.
#include <gtest/gtest.h>

#include <map>

#include "impl/sessions/watch_manager.h"
#include "tests/sessions/watch_test_util.h"

namespace zab::sessions {
namespace {

using testing::fire;
using testing::strings;
using testing::Strings;
using Paths = std::vector<std::string>;

// A tiny data tree: path -> (mzxid, pzxid) as plain counters.
struct Tree {
  std::map<std::string, ZnodeStat, std::less<>> nodes;
  ZnodeLookup lookup() const {
    return [this](std::string_view path) -> std::optional<ZnodeStat> {
      auto it = nodes.find(path);
      if (it == nodes.end()) return std::nullopt;
      return it->second;
    };
  }
};

constexpr Zxid kRelative{10};

Tree sample_tree() {
  Tree t;
  t.nodes["/old"] = {Zxid{5}, Zxid{5}};       // unchanged since the client's zxid
  t.nodes["/changed"] = {Zxid{11}, Zxid{5}};  // data changed after it
  t.nodes["/kids"] = {Zxid{5}, Zxid{12}};     // children changed after it
  return t;
}

Strings set(WatchManager& w, const Tree& tree, const Paths& data, const Paths& exist,
            const Paths& child, const Paths& persistent = {}, const Paths& recursive = {}) {
  std::vector<WatchNotification> out;
  const Code code =
      w.set_watches(1, kRelative, data, exist, child, persistent, recursive, tree.lookup(), out);
  if (code != Code::kOk) return {std::string(code_name(code))};
  return strings(out);
}

TEST(SetWatches, DataWatches) {
  const Tree tree = sample_tree();
  WatchManager w;
  EXPECT_EQ(set(w, tree, {"/gone", "/changed", "/old"}, {}, {}),
            (Strings{"0x1 NodeDeleted /gone", "0x1 NodeDataChanged /changed"}));
  // Only the unchanged node's watch is registered again, and it fires on the next change.
  EXPECT_EQ(w.watch_count(), 1u);
  EXPECT_EQ(fire(w, "/old", EventType::kNodeDataChanged), Strings{"0x1 NodeDataChanged /old"});
}

TEST(SetWatches, ExistWatches) {
  const Tree tree = sample_tree();
  WatchManager w;
  EXPECT_EQ(set(w, tree, {}, {"/old", "/missing"}, {}), Strings{"0x1 NodeCreated /old"});
  EXPECT_EQ(fire(w, "/missing", EventType::kNodeCreated), Strings{"0x1 NodeCreated /missing"});
}

TEST(SetWatches, ChildWatches) {
  const Tree tree = sample_tree();
  WatchManager w;
  EXPECT_EQ(set(w, tree, {}, {}, {"/gone", "/kids", "/changed"}),
            (Strings{"0x1 NodeDeleted /gone", "0x1 NodeChildrenChanged /kids"}));
  // /changed's children did not change (pzxid 5 <= 10): registered again.
  EXPECT_EQ(w.check_watches(1, "/changed", WatcherType::kChildren), Code::kOk);
  EXPECT_EQ(fire(w, "/changed/x", EventType::kNodeCreated),
            Strings{"0x1 NodeChildrenChanged /changed"});
}

TEST(SetWatches, PersistentWatchesAreAlwaysRegisteredAgain) {
  const Tree tree = sample_tree();
  WatchManager w;
  EXPECT_EQ(set(w, tree, {}, {}, {}, {"/gone", "/changed"}, {"/kids"}), Strings{});
  EXPECT_EQ(w.check_watches(1, "/gone", WatcherType::kAny), Code::kOk);
  EXPECT_EQ(fire(w, "/changed", EventType::kNodeDataChanged),
            Strings{"0x1 NodeDataChanged /changed"});
  EXPECT_EQ(fire(w, "/kids/a/b", EventType::kNodeCreated), Strings{"0x1 NodeCreated /kids/a/b"});
  EXPECT_EQ(fire(w, "/kids/a/b", EventType::kNodeCreated), Strings{"0x1 NodeCreated /kids/a/b"});
}

TEST(SetWatches, BadInputChangesNothing) {
  const Tree tree = sample_tree();
  WatchManager w;
  EXPECT_EQ(set(w, tree, {"/gone"}, {}, {"bad"}), Strings{"BADARGUMENTS"});
  EXPECT_TRUE(w.entries().empty());
  std::vector<WatchNotification> out;
  EXPECT_EQ(w.set_watches(1, kRelative, Paths{"/old"}, {}, {}, {}, {}, ZnodeLookup{}, out),
            Code::kBadArguments);
  EXPECT_EQ(w.set_watches(0, kRelative, Paths{"/old"}, {}, {}, {}, {}, tree.lookup(), out),
            Code::kBadArguments);
  EXPECT_TRUE(out.empty());
  EXPECT_TRUE(w.entries().empty());
}

}  // namespace
}  // namespace zab::sessions
