#include "impl/data/tree.h"

#include <gtest/gtest.h>

#include "impl/core/check.h"

namespace zab::data {
namespace {

class DataTreeTest : public ::testing::Test {
 protected:
  void SetUp() override { set_assertions_throw(true); }
  static DataTree with(const DataTree& t, std::string_view path, int64_t zxid, int64_t owner = 0) {
    return t.create_node(path, "d", open_acl_unsafe(), owner, -1, zxid, 1000 + zxid).value();
  }
};

TEST_F(DataTreeTest, BuiltInNodesAsZooKeeperHasThem) {
  const DataTree tree;
  EXPECT_EQ(tree.node_count(), 4);
  EXPECT_EQ(tree.stat("/"), tree.stat(""));
  EXPECT_EQ(tree.stat("/")->num_children, 1);
  const Stat zk = tree.stat("/zookeeper").value();
  EXPECT_EQ(zk.num_children, 2);
  EXPECT_EQ(zk.cversion, -2);  // 2 * 0 - 2, the "v3 semantics" translation
  EXPECT_EQ(zk.czxid, 0);
  const auto config = tree.find("/zookeeper/config");
  ASSERT_NE(config, nullptr);
  EXPECT_EQ(*config->acl, read_acl_unsafe());
  EXPECT_EQ(config->stat.aversion, -1);
  EXPECT_EQ(*tree.find("/zookeeper/quota")->acl, open_acl_unsafe());
  EXPECT_EQ(*tree.find("/")->acl, open_acl_unsafe());
  EXPECT_EQ(tree.digest(), tree.recompute_digest());
}

TEST_F(DataTreeTest, CreateSetsTheChildStatAndTheParentsCversionAndPzxid) {
  const DataTree tree =
      DataTree().create_node("/a", "hello", open_acl_unsafe(), 0, 1, 0x100000005, 777).value();
  const Stat a = tree.stat("/a").value();
  EXPECT_EQ(a.czxid, 0x100000005);
  EXPECT_EQ(a.mzxid, 0x100000005);
  EXPECT_EQ(a.pzxid, 0x100000005);
  EXPECT_EQ(a.ctime, 777);
  EXPECT_EQ(a.mtime, 777);
  EXPECT_EQ(a.version, 0);
  EXPECT_EQ(a.cversion, 0);
  EXPECT_EQ(a.aversion, 0);
  EXPECT_EQ(a.data_length, 5);
  EXPECT_EQ(a.num_children, 0);
  EXPECT_EQ(a.ephemeral_owner, 0);
  const auto root = tree.find("/");
  EXPECT_EQ(root->stat.cversion, 1);
  EXPECT_EQ(root->stat.pzxid, 0x100000005);
  EXPECT_EQ(tree.stat("/")->cversion, 2 * 1 - 2);
  EXPECT_EQ(tree.node_count(), 5);
}

TEST_F(DataTreeTest, CreateErrors) {
  const DataTree tree = with(DataTree(), "/a", 1);
  EXPECT_EQ(tree.create_node("/a", "", {}, 0, -1, 2, 0).code(), Code::kNodeExists);
  EXPECT_EQ(tree.create_node("/", "", {}, 0, -1, 2, 0).code(), Code::kNodeExists);
  EXPECT_EQ(tree.create_node("/x/y", "", {}, 0, -1, 2, 0).code(), Code::kNoNode);
  EXPECT_EQ(tree.create_node("/a/", "", {}, 0, -1, 2, 0).code(), Code::kBadArguments);
  EXPECT_EQ(tree.create_node("a", "", {}, 0, -1, 2, 0).code(), Code::kBadArguments);
}

TEST_F(DataTreeTest, AReplayedCreateNeverMovesTheParentBack) {
  const DataTree tree = DataTree().create_node("/a", "", {}, 0, 5, 50, 0).value();
  const DataTree next = tree.create_node("/b", "", {}, 0, 3, 30, 0).value();
  EXPECT_EQ(next.find("/")->stat.cversion, 5);
  EXPECT_EQ(next.find("/")->stat.pzxid, 50);
  EXPECT_TRUE(next.exists("/b"));
}

TEST_F(DataTreeTest, DeleteRaisesPzxidButNotTheStoredCversion) {
  const DataTree two = with(with(DataTree(), "/p", 1), "/p/c", 2);
  const DataTree one = two.delete_node("/p/c", 3).value();
  const auto p = one.find("/p");
  EXPECT_EQ(p->stat.cversion, 1);
  EXPECT_EQ(p->stat.pzxid, 3);
  // Clients see the delete as a child change: 2 * 1 - 0 after, 2 * 1 - 1 before.
  EXPECT_EQ(two.stat("/p")->cversion, 1);
  EXPECT_EQ(one.stat("/p")->cversion, 2);
  EXPECT_FALSE(one.exists("/p/c"));
  EXPECT_EQ(one.node_count(), 5);
  // A delete with an older zxid (a replay) leaves the pzxid alone.
  const DataTree replay = with(one, "/p/d", 9).delete_node("/p/d", 4).value();
  EXPECT_EQ(replay.find("/p")->stat.pzxid, 9);
}

TEST_F(DataTreeTest, DeleteErrors) {
  const DataTree tree = with(with(DataTree(), "/p", 1), "/p/c", 2);
  EXPECT_EQ(tree.delete_node("/p", 3).code(), Code::kNotEmpty);
  EXPECT_EQ(tree.delete_node("/q", 3).code(), Code::kNoNode);
  EXPECT_EQ(tree.delete_node("/q/c", 3).code(), Code::kNoNode);
  EXPECT_EQ(tree.delete_node("/", 3).code(), Code::kBadArguments);
  EXPECT_EQ(tree.delete_node("nope", 3).code(), Code::kBadArguments);
}

TEST_F(DataTreeTest, SetDataAndSetAcl) {
  const DataTree tree = with(DataTree(), "/a", 1);
  const DataTree next = tree.set_data("/a", "xyz", 1, 7, 99).value();
  const Stat s = next.stat("/a").value();
  EXPECT_EQ(s.version, 1);
  EXPECT_EQ(s.mzxid, 7);
  EXPECT_EQ(s.mtime, 99);
  EXPECT_EQ(s.czxid, 1);
  EXPECT_EQ(s.data_length, 3);
  EXPECT_EQ(*next.find("/a")->data, "xyz");
  EXPECT_EQ(*tree.find("/a")->data, "d");  // the old version is untouched
  const DataTree acl = next.set_acl("/a", read_acl_unsafe(), 4).value();
  EXPECT_EQ(acl.stat("/a")->aversion, 4);
  EXPECT_EQ(*acl.find("/a")->acl, read_acl_unsafe());
  EXPECT_EQ(tree.set_data("/zz", "", 1, 1, 1).code(), Code::kNoNode);
  EXPECT_EQ(tree.set_acl("/zz", {}, 1).code(), Code::kNoNode);
}

TEST_F(DataTreeTest, DigestIsIncrementalAndContentAddressed) {
  const DataTree base = with(with(DataTree(), "/a", 1), "/a/b", 2);
  EXPECT_EQ(base.digest(), base.recompute_digest());
  const DataTree changed = base.set_data("/a/b", "other", 1, 3, 3).value();
  EXPECT_NE(changed.digest(), base.digest());
  EXPECT_EQ(changed.digest(), changed.recompute_digest());
  EXPECT_NE(changed.zk_digest(), base.zk_digest());
  EXPECT_EQ(changed.zk_digest(), changed.recompute_zk_digest());
  EXPECT_FALSE(changed == base);
  // Putting the old content back gives the old digest and an equal tree.
  const auto& old = base.find("/a/b")->stat;
  const DataTree restored =
      changed.set_data("/a/b", "d", old.version, old.mzxid, old.mtime).value();
  EXPECT_EQ(restored.digest(), base.digest());
  EXPECT_EQ(restored.zk_digest(), base.zk_digest());
  EXPECT_TRUE(restored == base);
  // Each kind of change moves the digest.
  EXPECT_NE(base.set_acl("/a", read_acl_unsafe(), 0).value().digest(), base.digest());
  const DataTree gone = base.delete_node("/a/b", 5).value();
  EXPECT_NE(gone.digest(), base.digest());
  EXPECT_EQ(gone.digest(), gone.recompute_digest());
  EXPECT_EQ(gone.zk_digest(), gone.recompute_zk_digest());
}

TEST_F(DataTreeTest, EveryZnodeFieldMovesItsDigest) {
  StatPersisted base;
  base.czxid = 1, base.mzxid = 2, base.ctime = 3, base.mtime = 4, base.version = 5;
  base.cversion = 6, base.aversion = 7, base.ephemeral_owner = 8, base.pzxid = 9;
  const auto digest = [](std::string_view path, std::string data, AclList acl, StatPersisted s) {
    return znode_digest(path, *make_znode(path, std::move(data), std::move(acl), s));
  };
  const uint64_t reference = digest("/a", "d", open_acl_unsafe(), base);
  std::vector<StatPersisted> perturbed(9, base);
  perturbed[0].czxid++, perturbed[1].mzxid++, perturbed[2].ctime++, perturbed[3].mtime++;
  perturbed[4].version++, perturbed[5].cversion++, perturbed[6].aversion++;
  perturbed[7].ephemeral_owner++, perturbed[8].pzxid++;
  for (size_t i = 0; i < perturbed.size(); ++i) {
    EXPECT_NE(digest("/a", "d", open_acl_unsafe(), perturbed[i]), reference) << "field " << i;
  }
  EXPECT_NE(digest("/b", "d", open_acl_unsafe(), base), reference);
  EXPECT_NE(digest("/a", "e", open_acl_unsafe(), base), reference);
  EXPECT_NE(digest("/a", "d", read_acl_unsafe(), base), reference);
  EXPECT_EQ(digest("/a", "d", open_acl_unsafe(), base), reference);
}

TEST_F(DataTreeTest, AWriteSharesUntouchedSubtrees) {
  DataTree tree = with(with(with(DataTree(), "/a", 1), "/a/x", 2), "/b", 3);
  const DataTree next = tree.set_data("/b", "new", 1, 4, 4).value();
  EXPECT_EQ(tree.find("/a").get(), next.find("/a").get());
  EXPECT_EQ(tree.find("/zookeeper").get(), next.find("/zookeeper").get());
  EXPECT_NE(tree.find("/b").get(), next.find("/b").get());
  // A stat-only change copies the znode but not its data.
  const DataTree acl = tree.set_acl("/b", read_acl_unsafe(), 1).value();
  EXPECT_EQ(acl.find("/b")->data.get(), tree.find("/b")->data.get());
  EXPECT_NE(acl.find("/b").get(), tree.find("/b").get());
}

TEST_F(DataTreeTest, EphemeralsAreIndexedByOwner) {
  const int64_t s = 0x77;
  DataTree tree = with(with(with(DataTree(), "/e1", 1, s), "/e2", 2, s), "/p", 3);
  tree = tree.create_node("/c", "", {}, kContainerEphemeralOwner, -1, 4, 0).value();
  EXPECT_EQ(tree.ephemerals(s), (std::vector<std::string>{"/e1", "/e2"}));
  EXPECT_EQ(tree.ephemeral_owners(), std::vector<int64_t>{s});
  EXPECT_EQ(tree.stat("/e1")->ephemeral_owner, s);
  EXPECT_EQ(tree.stat("/c")->ephemeral_owner, 0);  // containers report 0 to clients
  EXPECT_EQ(tree.find("/c")->stat.ephemeral_owner, kContainerEphemeralOwner);
  tree = tree.delete_node("/e1", 5).value().delete_node("/e2", 6).value();
  EXPECT_TRUE(tree.ephemerals(s).empty());
  EXPECT_TRUE(tree.ephemeral_owners().empty());
}

TEST_F(DataTreeTest, DescendantCountAndLookupOfOddPaths) {
  const DataTree tree = with(with(with(DataTree(), "/a", 1), "/a/b", 2), "/a/b/c", 3);
  EXPECT_EQ(tree.descendant_count("/a"), 2);
  EXPECT_EQ(tree.descendant_count("/"), 6);
  EXPECT_EQ(tree.descendant_count("/nope"), 0);
  EXPECT_FALSE(tree.exists("/a/"));
  EXPECT_FALSE(tree.exists("/a//b"));
  EXPECT_FALSE(tree.exists("a"));
  EXPECT_TRUE(tree.exists("/a/b/c"));
}

TEST_F(DataTreeTest, WalkIsPreOrderInNameOrder) {
  const DataTree tree = with(with(with(DataTree(), "/b", 1), "/a", 2), "/a/z", 3);
  std::vector<std::string> paths;
  tree.for_each([&](const std::string& path, const Znode&) { paths.push_back(path); });
  EXPECT_EQ(paths, (std::vector<std::string>{"/", "/a", "/a/z", "/b", "/zookeeper",
                                             "/zookeeper/config", "/zookeeper/quota"}));
}

}  // namespace
}  // namespace zab::data
