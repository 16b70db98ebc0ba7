// delete, setData, setACL, check, sessions and containers: prepared by prepare(), applied by
// ZkDatabase, with the stats and error codes ZooKeeper gives.
#include <gtest/gtest.h>

#include "impl/data/acl.h"
#include "impl/data/container.h"
#include "impl/data/path.h"
#include "tests/data/harness.h"

namespace zab::data {
namespace {

using testing::create;
using testing::Harness;
using testing::kOtherSession;
using testing::kSession;

class DataPrepTest : public ::testing::Test {
 protected:
  void SetUp() override {
    h.open_session(kSession);
    ASSERT_EQ(h.write(create("/p", "x")).err, Code::kOk);
    ASSERT_EQ(h.write(create("/p/c", "y")).err, Code::kOk);
  }
  Code code_of(const WriteRequest& request) { return h.write(request).err; }
  Harness h;
};

TEST_F(DataPrepTest, DeleteUpdatesOnlyTheParentsPzxid) {
  const auto before = h.db.tree().find("/p")->stat;
  const Stat client_before = h.stat("/p");
  const auto result = h.write(Delete{"/p/c", 0});
  ASSERT_EQ(result.err, Code::kOk) << result.message;
  const auto after = h.db.tree().find("/p")->stat;
  EXPECT_EQ(after.pzxid, h.zxid());
  EXPECT_EQ(after.cversion, before.cversion);
  EXPECT_EQ(after.mzxid, before.mzxid);
  EXPECT_EQ(h.stat("/p").cversion, client_before.cversion + 1);
  EXPECT_EQ(h.stat("/p").num_children, 0);
  EXPECT_FALSE(h.db.tree().exists("/p/c"));
  EXPECT_EQ(result.events, (std::vector<WatchEvent>{{"/p/c", EventType::kNodeDeleted},
                                                    {"/p", EventType::kNodeChildrenChanged}}));
}

TEST_F(DataPrepTest, DeleteErrorCodesInOrder) {
  EXPECT_EQ(code_of(Delete{"/zookeeper", -1}), Code::kBadArguments);
  EXPECT_EQ(code_of(Delete{"/zookeeper/config", -1}), Code::kBadArguments);
  EXPECT_EQ(code_of(Delete{"/", -1}), Code::kBadArguments);
  EXPECT_EQ(code_of(Delete{"noslash", -1}), Code::kBadArguments);
  EXPECT_EQ(code_of(Delete{"/missing/c", -1}), Code::kNoNode);
  EXPECT_EQ(code_of(Delete{"/p/missing", -1}), Code::kNoNode);
  EXPECT_EQ(code_of(Delete{"/p/c", 5}), Code::kBadVersion);
  EXPECT_EQ(code_of(Delete{"/p", -1}), Code::kNotEmpty);
  // The version check comes before the children check.
  EXPECT_EQ(code_of(Delete{"/p", 3}), Code::kBadVersion);
  // DELETE permission on the parent comes before the node's existence.
  ASSERT_EQ(code_of(SetAcl{"/p", {Acl{perms::kAll & ~perms::kDelete, Id{"world", "anyone"}}}, -1}),
            Code::kOk);
  EXPECT_EQ(code_of(Delete{"/p/missing", -1}), Code::kNoAuth);
  EXPECT_EQ(code_of(Delete{"/p/c", -1}), Code::kNoAuth);
  EXPECT_TRUE(h.db.tree().exists("/p/c"));
  // Session checks.
  h.ctx.session_closing = true;
  EXPECT_EQ(code_of(Delete{"/p/c", -1}), Code::kSessionExpired);
  h.ctx.session_valid = false;
  EXPECT_EQ(code_of(Delete{"/p/c", -1}), Code::kUnknownSession);
}

TEST_F(DataPrepTest, SetDataBumpsVersionMzxidAndMtime) {
  h.ctx.time_ms += 500;
  const Stat before = h.stat("/p");
  const auto result = h.write(SetData{"/p", "new data", 0});
  ASSERT_EQ(result.err, Code::kOk) << result.message;
  const Stat after = result.stat.value();
  EXPECT_EQ(after, h.stat("/p"));
  EXPECT_EQ(after.version, 1);
  EXPECT_EQ(after.mzxid, h.zxid());
  EXPECT_EQ(after.mtime, h.ctx.time_ms);
  EXPECT_EQ(after.czxid, before.czxid);
  EXPECT_EQ(after.ctime, before.ctime);
  EXPECT_EQ(after.pzxid, before.pzxid);
  EXPECT_EQ(after.cversion, before.cversion);
  EXPECT_EQ(after.data_length, 8);
  EXPECT_EQ(std::get<SetDataTxn>(h.last_prepared.txn.record).version, 1);
  EXPECT_EQ(result.events, (std::vector<WatchEvent>{{"/p", EventType::kNodeDataChanged}}));
  EXPECT_EQ(h.write(SetData{"/p", "again", -1}).stat->version, 2);
}

TEST_F(DataPrepTest, SetDataErrorCodes) {
  EXPECT_EQ(code_of(SetData{"/p", "", 7}), Code::kBadVersion);
  EXPECT_EQ(code_of(SetData{"/nope", "", -1}), Code::kNoNode);
  EXPECT_EQ(code_of(SetData{"/p/", "", -1}), Code::kBadArguments);
  EXPECT_EQ(code_of(SetData{"p", "", -1}), Code::kBadArguments);
  // /zookeeper/config is world-readable only (ZooDefs.Ids, ZooKeeperServer's config node).
  EXPECT_EQ(code_of(SetData{"/zookeeper/config", "x", -1}), Code::kNoAuth);
  EXPECT_EQ(h.stat("/p").version, 0);
}

TEST_F(DataPrepTest, SetAclBumpsAversionAndChecksAdmin) {
  const Id alice{"digest", digest_id("alice:secret")};
  h.ctx.auth_ids.push_back(alice);
  const auto result = h.write(SetAcl{"/p", creator_all_acl(), 0});
  ASSERT_EQ(result.err, Code::kOk) << result.message;
  EXPECT_EQ(result.stat->aversion, 1);
  EXPECT_EQ(*h.db.tree().find("/p")->acl, (AclList{Acl{perms::kAll, alice}}));
  EXPECT_TRUE(result.events.empty());  // setACL fires no watch
  EXPECT_EQ(code_of(SetAcl{"/p", open_acl_unsafe(), 0}), Code::kBadVersion);
  EXPECT_EQ(code_of(SetAcl{"/p", {}, -1}), Code::kInvalidAcl);
  EXPECT_EQ(code_of(SetAcl{"/nope", open_acl_unsafe(), -1}), Code::kNoNode);
  // The ACL is checked before the node exists.
  EXPECT_EQ(code_of(SetAcl{"/nope", {}, -1}), Code::kInvalidAcl);
  // Someone else has no ADMIN.
  PrepContext other = h.ctx;
  other.auth_ids = {Id{"ip", "127.0.0.1"}};
  EXPECT_EQ(h.write(SetAcl{"/p", open_acl_unsafe(), -1}, other).err, Code::kNoAuth);
  EXPECT_EQ(h.stat("/p").aversion, 1);
}

TEST_F(DataPrepTest, CheckVersion) {
  EXPECT_EQ(code_of(Check{"/p", 0}), Code::kOk);
  EXPECT_EQ(std::get<CheckVersionTxn>(h.last_prepared.txn.record).version, 1);
  EXPECT_EQ(code_of(Check{"/p", -1}), Code::kOk);
  EXPECT_EQ(code_of(Check{"/p", 1}), Code::kBadVersion);
  EXPECT_EQ(code_of(Check{"/nope", 0}), Code::kNoNode);
  EXPECT_EQ(code_of(Check{"/p/", 0}), Code::kBadArguments);
  ASSERT_EQ(code_of(SetAcl{"/p", {Acl{perms::kWrite, Id{"world", "anyone"}}}, -1}), Code::kOk);
  EXPECT_EQ(code_of(Check{"/p", 0}), Code::kNoAuth);  // check needs READ
  EXPECT_EQ(h.stat("/p").version, 0);
}

TEST_F(DataPrepTest, SessionsAreCreatedAndClosedByTxns) {
  EXPECT_EQ(h.db.session_timeout(kSession), 30000);
  h.open_session(kOtherSession, 4000);
  EXPECT_EQ(h.db.session_timeout(kOtherSession), 4000);
  EXPECT_EQ(h.db.sessions().size(), 2u);
  PrepContext other = h.ctx;
  other.session_id = kOtherSession;
  ASSERT_EQ(h.write(create("/p/mine", "", 1)).err, Code::kOk);
  ASSERT_EQ(h.write(create("/theirs", "", 1), other).err, Code::kOk);
  ASSERT_EQ(h.write(create("/seq-", "", 3)).err, Code::kOk);

  const auto result = h.write(CloseSession{});
  ASSERT_EQ(result.err, Code::kOk);
  const auto& close = std::get<CloseSessionTxn>(h.last_prepared.txn.record);
  EXPECT_EQ(close.paths_to_delete, (std::vector<std::string>{"/p/mine", "/seq-0000000002"}));
  EXPECT_FALSE(h.db.tree().exists("/p/mine"));
  EXPECT_FALSE(h.db.tree().exists("/seq-0000000002"));
  EXPECT_TRUE(h.db.tree().exists("/theirs"));
  EXPECT_TRUE(h.db.tree().ephemerals(kSession).empty());
  EXPECT_FALSE(h.db.session_timeout(kSession).has_value());
  EXPECT_EQ(h.db.session_timeout(kOtherSession), 4000);
  EXPECT_EQ(h.db.tree().find("/p")->stat.pzxid, h.zxid());
  EXPECT_EQ(result.events, (std::vector<WatchEvent>{{"/p/mine", EventType::kNodeDeleted},
                                                    {"/p", EventType::kNodeChildrenChanged},
                                                    {"/seq-0000000002", EventType::kNodeDeleted},
                                                    {"/", EventType::kNodeChildrenChanged}}));
}

TEST_F(DataPrepTest, CloseSessionAlsoRemovesEphemeralsTheTxnMissed) {
  ASSERT_EQ(h.write(create("/e1", "", 1)).err, Code::kOk);
  // A closeSession prepared before /e2's create was applied (a stale projected view) lists only
  // /e1; applying it still removes both, as DataTree.killSession does.
  const PreparedTxn close = prepare(h.db, CloseSession{}, h.ctx);
  ASSERT_EQ(h.write(create("/e2", "", 1)).err, Code::kOk);
  const auto applied = h.db.apply_with_result(*make_txn(Zxid::make(Epoch{1}, 99), close.payload));
  EXPECT_FALSE(applied.image->tree().exists("/e1"));
  EXPECT_FALSE(applied.image->tree().exists("/e2"));
  EXPECT_TRUE(applied.image->tree().ephemerals(kSession).empty());
}

TEST_F(DataPrepTest, ContainersAreDeletedByTheLeaderOnly) {
  ASSERT_EQ(h.write(create("/box", "", 4)).err, Code::kOk);
  // A fresh container is not a candidate until it has had a child (or outlived the never-used
  // interval).
  EXPECT_TRUE(reap_candidates(h.db.tree(), h.ctx.time_ms + 1'000'000).empty());
  EXPECT_EQ(reap_candidates(h.db.tree(), h.ctx.time_ms + 1001, 1000),
            std::vector<std::string>{"/box"});
  ASSERT_EQ(h.write(create("/box/item")).err, Code::kOk);
  EXPECT_TRUE(reap_candidates(h.db.tree(), h.ctx.time_ms).empty());
  EXPECT_EQ(code_of(DeleteContainer{"/box"}), Code::kNotEmpty);
  ASSERT_EQ(code_of(Delete{"/box/item", -1}), Code::kOk);
  EXPECT_EQ(reap_candidates(h.db.tree(), h.ctx.time_ms), std::vector<std::string>{"/box"});
  ASSERT_EQ(code_of(DeleteContainer{"/box"}), Code::kOk);
  EXPECT_EQ(h.last_prepared.txn.header.type, OpCode::kDeleteContainer);
  EXPECT_FALSE(h.db.tree().exists("/box"));
  ASSERT_EQ(h.write(create("/eph", "", 1)).err, Code::kOk);
  EXPECT_EQ(code_of(DeleteContainer{"/eph"}), Code::kBadVersion);
  EXPECT_EQ(code_of(DeleteContainer{"/gone"}), Code::kNoNode);
  EXPECT_EQ(code_of(DeleteContainer{"/zookeeper"}), Code::kBadArguments);
}

TEST_F(DataPrepTest, TtlNodesBecomeCandidatesWhenTheirTtlHasPassedSinceTheLastWrite) {
  h.ctx.extended_types_enabled = true;
  Create ttl = create("/ttl", "", 5);
  ttl.ttl_ms = 1000;
  ASSERT_EQ(h.write(ttl).err, Code::kOk);
  EXPECT_TRUE(reap_candidates(h.db.tree(), h.ctx.time_ms + 1000).empty());
  EXPECT_EQ(reap_candidates(h.db.tree(), h.ctx.time_ms + 1001), std::vector<std::string>{"/ttl"});
  h.ctx.time_ms += 900;
  ASSERT_EQ(code_of(SetData{"/ttl", "touch", -1}), Code::kOk);  // a write restarts the clock
  EXPECT_TRUE(reap_candidates(h.db.tree(), h.ctx.time_ms + 1000).empty());
  ASSERT_EQ(code_of(create("/ttl/child")), Code::kOk);  // and a child keeps it
  EXPECT_TRUE(reap_candidates(h.db.tree(), h.ctx.time_ms + 5000).empty());
  ASSERT_EQ(code_of(Delete{"/ttl/child", -1}), Code::kOk);
  ASSERT_EQ(code_of(DeleteContainer{"/ttl"}), Code::kOk);
  EXPECT_FALSE(h.db.tree().exists("/ttl"));
}

TEST_F(DataPrepTest, ATxnThatNoLongerAppliesRecordsTheErrorAndChangesNothing) {
  // Replaying the create of /p/c (e.g. after a fuzzy snapshot) fails with NODEEXISTS.
  const TxnRef create_txn = h.log[2];
  const auto before = h.db;
  const auto replay =
      h.db.apply_with_result(*make_txn(Zxid::make(Epoch{1}, 50), create_txn->payload()));
  EXPECT_EQ(replay.result.err, Code::kNodeExists);
  EXPECT_EQ(replay.image->fingerprint(), before.fingerprint());
  EXPECT_TRUE(*replay.image == before);
  EXPECT_TRUE(replay.result.events.empty());
  // So do deletes, setData and setACL of missing nodes.
  for (const TxnRecord& record :
       {TxnRecord{DeleteTxn{"/nope"}}, TxnRecord{SetDataTxn{"/nope", "", 1}},
        TxnRecord{SetAclTxn{"/nope", {}, 1}}, TxnRecord{DeleteTxn{"/p"}}}) {
    const TxnHeader header{kSession, 1, 1,
                           std::holds_alternative<DeleteTxn>(record)    ? OpCode::kDelete
                           : std::holds_alternative<SetDataTxn>(record) ? OpCode::kSetData
                                                                        : OpCode::kSetAcl};
    const auto [next, result] = h.db.apply_decoded(Zxid{77}, DecodedTxn{header, record});
    EXPECT_NE(result.err, Code::kOk);
    EXPECT_TRUE(next == h.db);
  }
}

TEST_F(DataPrepTest, MalformedPayloadsAreRejectedNotApplied) {
  const auto before = h.db.fingerprint();
  for (const std::string& payload :
       {std::string(), std::string("\x01\x02"), h.log.back()->payload().substr(0, 30)}) {
    const auto applied = h.db.apply_with_result(*make_txn(Zxid{99}, payload));
    EXPECT_EQ(applied.result.err, Code::kMarshallingError);
    EXPECT_FALSE(applied.result.message.empty());
    EXPECT_EQ(applied.image->fingerprint(), before);
  }
}

}  // namespace
}  // namespace zab::data
