// create, create2, createContainer and createTTL: the stat, the parent, sequential names, and
// every error code in ZooKeeper's order.
#include <gtest/gtest.h>

#include "impl/data/acl.h"
#include "tests/data/harness.h"

namespace zab::data {
namespace {

using testing::create;
using testing::Harness;
using testing::kOtherSession;
using testing::kSession;
using testing::kTimeMs;

class DataCreateTest : public ::testing::Test {
 protected:
  void SetUp() override { h.open_session(kSession); }
  Code code_of(const WriteRequest& request) { return h.write(request).err; }
  Harness h;
};

TEST_F(DataCreateTest, PersistentNodeStatAndParent) {
  const auto result = h.write(create("/a", "hello"));
  ASSERT_EQ(result.err, Code::kOk) << result.message;
  EXPECT_EQ(result.path, "/a");
  EXPECT_EQ(h.last_prepared.txn.header.type, OpCode::kCreate);
  const Stat s = result.stat.value();
  EXPECT_EQ(s, h.stat("/a"));
  EXPECT_EQ(s.czxid, h.zxid());
  EXPECT_EQ(s.mzxid, h.zxid());
  EXPECT_EQ(s.pzxid, h.zxid());
  EXPECT_EQ(s.ctime, kTimeMs);
  EXPECT_EQ(s.mtime, kTimeMs);
  EXPECT_EQ(s.version, 0);
  EXPECT_EQ(s.aversion, 0);
  EXPECT_EQ(s.cversion, 0);
  EXPECT_EQ(s.ephemeral_owner, 0);
  EXPECT_EQ(s.data_length, 5);
  EXPECT_EQ(s.num_children, 0);
  const auto root = h.db.tree().find("/");
  EXPECT_EQ(root->stat.cversion, 1);
  EXPECT_EQ(root->stat.pzxid, h.zxid());
  EXPECT_EQ(std::get<CreateTxn>(h.last_prepared.txn.record).parent_cversion, 1);
  EXPECT_EQ(result.events, (std::vector<WatchEvent>{{"/a", EventType::kNodeCreated},
                                                    {"/", EventType::kNodeChildrenChanged}}));
}

TEST_F(DataCreateTest, EphemeralNodeIsOwnedByTheSession) {
  const auto result = h.write(create("/e", "", 1));
  ASSERT_EQ(result.err, Code::kOk);
  EXPECT_EQ(h.stat("/e").ephemeral_owner, kSession);
  EXPECT_EQ(h.db.tree().ephemerals(kSession), std::vector<std::string>{"/e"});
  EXPECT_TRUE(std::get<CreateTxn>(h.last_prepared.txn.record).ephemeral);
}

TEST_F(DataCreateTest, SequentialNamesComeFromTheParentsStoredCversion) {
  ASSERT_EQ(code_of(create("/q")), Code::kOk);
  EXPECT_EQ(h.write(create("/q/n-", "", 2)).path, "/q/n-0000000000");
  EXPECT_EQ(h.write(create("/q/n-", "", 2)).path, "/q/n-0000000001");
  ASSERT_EQ(code_of(create("/q/plain")), Code::kOk);
  ASSERT_EQ(code_of(Delete{"/q/plain", -1}), Code::kOk);
  // Deletes do not bump the stored cversion; the create of "plain" did.
  EXPECT_EQ(h.write(create("/q/n-", "", 3)).path, "/q/n-0000000003");
  // A trailing '/' is fine for a sequential create: the name is just the number.
  EXPECT_EQ(h.write(create("/q/", "", 2)).path, "/q/0000000004");
}

TEST_F(DataCreateTest, ContainerAndTtlNodes) {
  const auto container = h.write(create("/c", "", 4));
  ASSERT_EQ(container.err, Code::kOk);
  EXPECT_EQ(h.last_prepared.txn.header.type, OpCode::kCreateContainer);
  EXPECT_EQ(h.db.tree().find("/c")->stat.ephemeral_owner, kContainerEphemeralOwner);
  EXPECT_EQ(container.stat->ephemeral_owner, 0);
  // TTL nodes need extended types.
  Create ttl = create("/t", "", 5);
  ttl.ttl_ms = 5000;
  EXPECT_EQ(code_of(ttl), Code::kUnimplemented);
  h.ctx.extended_types_enabled = true;
  const auto made = h.write(ttl);
  ASSERT_EQ(made.err, Code::kOk) << made.message;
  EXPECT_EQ(h.last_prepared.txn.header.type, OpCode::kCreateTtl);
  EXPECT_EQ(ttl_of(h.db.tree().find("/t")->stat.ephemeral_owner), 5000);
  EXPECT_EQ(ephemeral_type(h.db.tree().find("/t")->stat.ephemeral_owner), EphemeralType::kTtl);
  ttl.flags = 6;
  EXPECT_EQ(h.write(ttl).path, "/t0000000002");
  // A TTL out of range, or a TTL on a mode that has none.
  ttl.ttl_ms = 0;
  EXPECT_EQ(code_of(ttl), Code::kBadArguments);
  ttl.ttl_ms = kTtlMax + 1;
  EXPECT_EQ(code_of(ttl), Code::kBadArguments);
  Create plain_with_ttl = create("/p");
  plain_with_ttl.ttl_ms = 10;
  EXPECT_EQ(code_of(plain_with_ttl), Code::kBadArguments);
}

TEST_F(DataCreateTest, ErrorCodes) {
  ASSERT_EQ(code_of(create("/a")), Code::kOk);
  ASSERT_EQ(code_of(create("/e", "", 1)), Code::kOk);
  EXPECT_EQ(code_of(create("/b", "", 7)), Code::kBadArguments);
  EXPECT_EQ(code_of(create("/b", "", -1)), Code::kBadArguments);
  EXPECT_EQ(code_of(create("noslash")), Code::kBadArguments);
  EXPECT_EQ(code_of(create("")), Code::kBadArguments);
  EXPECT_EQ(code_of(create(std::string("/a\0b", 4))), Code::kBadArguments);
  EXPECT_EQ(code_of(create("/a/")), Code::kBadArguments);
  EXPECT_EQ(code_of(create("/a/.")), Code::kBadArguments);
  EXPECT_EQ(code_of(create("/missing/x")), Code::kNoNode);
  EXPECT_EQ(code_of(create("/a//b")), Code::kNoNode);  // parent "/a/" does not exist
  EXPECT_EQ(code_of(create("/a")), Code::kNodeExists);
  EXPECT_EQ(code_of(create("/")), Code::kNodeExists);
  EXPECT_EQ(code_of(create("/e/child")), Code::kNoChildrenForEphemerals);
  Create bad_acl = create("/b");
  bad_acl.acl = {};
  EXPECT_EQ(code_of(bad_acl), Code::kInvalidAcl);
  bad_acl.acl = creator_all_acl();  // no digest identity on this connection
  EXPECT_EQ(code_of(bad_acl), Code::kInvalidAcl);
  // No CREATE on the parent.
  ASSERT_EQ(code_of(SetAcl{"/a", read_acl_unsafe(), -1}), Code::kOk);
  EXPECT_EQ(code_of(create("/a/x")), Code::kNoAuth);
}

TEST_F(DataCreateTest, ChecksRunInZooKeepersOrder) {
  // Flags before everything.
  Create c = create("noslash", "", 9);
  c.acl = {};
  EXPECT_EQ(code_of(c), Code::kBadArguments);
  // The ACL before the parent's existence.
  c = create("/missing/x");
  c.acl = {};
  EXPECT_EQ(code_of(c), Code::kInvalidAcl);
  // CREATE permission before the full path check and before the name check.
  ASSERT_EQ(code_of(create("/a")), Code::kOk);
  ASSERT_EQ(code_of(create("/a/x")), Code::kOk);
  ASSERT_EQ(code_of(SetAcl{"/a", read_acl_unsafe(), -1}), Code::kOk);
  EXPECT_EQ(code_of(create("/a/x")), Code::kNoAuth);
  EXPECT_EQ(code_of(create("/a/.")), Code::kNoAuth);
  // The session before the path and the flags' other checks.
  h.ctx.session_valid = false;
  EXPECT_EQ(code_of(create("noslash")), Code::kUnknownSession);
  EXPECT_EQ(code_of(create("noslash", "", 1)), Code::kSessionExpired);
  EXPECT_EQ(code_of(create("/b", "", 7)), Code::kBadArguments);
}

TEST_F(DataCreateTest, SessionChecks) {
  h.ctx.session_closing = true;
  // ZOOKEEPER-1208: a closing session may not create an ephemeral (or anything else).
  EXPECT_EQ(code_of(create("/e", "", 1)), Code::kSessionExpired);
  EXPECT_EQ(code_of(create("/p")), Code::kSessionExpired);
  h.ctx.session_closing = false;
  h.ctx.session_valid = false;
  EXPECT_EQ(code_of(create("/p")), Code::kUnknownSession);
  EXPECT_EQ(code_of(create("/e", "", 1)), Code::kSessionExpired);
  EXPECT_FALSE(h.db.tree().exists("/p"));
}

TEST_F(DataCreateTest, DataUpToJuteMaxBuffer) {
  const std::string largest(kDataLengthMax, 'x');
  EXPECT_EQ(code_of(create("/big", largest)), Code::kOk);
  EXPECT_EQ(h.stat("/big").data_length, 1048575);
  EXPECT_EQ(code_of(create("/bigger", largest + "x")), Code::kMarshallingError);
  EXPECT_EQ(code_of(SetData{"/big", largest + "x", -1}), Code::kMarshallingError);
  EXPECT_EQ(h.stat("/big").version, 0);
}

TEST_F(DataCreateTest, AFailedCreateIsAnErrorTxnThatChangesNothing) {
  const auto before = h.db.fingerprint();
  const auto log_size = h.log.size();
  const auto result = h.write(create("/missing/x"));
  EXPECT_EQ(result.err, Code::kNoNode);
  EXPECT_EQ(h.last_prepared.txn.header.type, OpCode::kError);
  EXPECT_EQ(std::get<ErrorTxn>(h.last_prepared.txn.record).err, Code::kNoNode);
  EXPECT_EQ(h.last_prepared.err(), Code::kNoNode);
  EXPECT_FALSE(h.last_prepared.message.empty());
  EXPECT_EQ(h.log.size(), log_size + 1);  // it still consumed a zxid
  EXPECT_EQ(h.db.fingerprint(), before);
  EXPECT_TRUE(result.events.empty());
}

TEST_F(DataCreateTest, AuthAclIsExpandedToTheCreatorsDigest) {
  const Id alice{"digest", digest_id("alice:secret")};
  h.ctx.auth_ids.push_back(alice);
  Create c = create("/mine");
  c.acl = creator_all_acl();
  ASSERT_EQ(code_of(c), Code::kOk);
  EXPECT_EQ(*h.db.tree().find("/mine")->acl, (AclList{Acl{perms::kAll, alice}}));
  // Another client cannot create under it.
  PrepContext other = h.ctx;
  other.session_id = kOtherSession;
  other.auth_ids = {Id{"ip", "127.0.0.1"}};
  EXPECT_EQ(h.write(create("/mine/x"), other).err, Code::kNoAuth);
  EXPECT_EQ(code_of(create("/mine/x")), Code::kOk);
}

}  // namespace
}  // namespace zab::data
