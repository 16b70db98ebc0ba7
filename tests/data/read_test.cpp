#include "impl/data/read.h"

#include <gtest/gtest.h>

#include "impl/data/acl.h"
#include "tests/data/harness.h"

namespace zab::data {
namespace {

using testing::create;
using testing::Harness;
using testing::kOtherSession;
using testing::kSession;

class DataReadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    h.open_session(kSession);
    h.ctx.auth_ids.push_back(alice);
    ok(create("/r", "data"));
    ok(create("/r/b"));
    ok(create("/r/a"));
    ok(create("/r/e1", "", 1));
    ok(create("/r/a/e2", "", 1));
    Create secret = create("/secret", "s");
    secret.acl = {Acl{perms::kAll, alice}};
    ok(secret);
    Create admin_only = create("/adminonly");
    admin_only.acl = {Acl{perms::kAdmin, admin_host}, Acl{perms::kRead | perms::kWrite, alice}};
    ok(admin_only);
  }
  void ok(const WriteRequest& r) {
    ASSERT_EQ(h.write(r).err, Code::kOk) << h.last_prepared.message;
  }

  const Id alice{"digest", digest_id("alice:secret")};
  const Id admin_host{"ip", "10.9.9.9"};
  const std::vector<Id> anonymous{Id{"ip", "127.0.0.1"}};
  Harness h;
};

TEST_F(DataReadTest, GetData) {
  const auto read = get_data(h.db, "/r", anonymous);
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(*read.value().data, "data");
  EXPECT_EQ(read.value().stat, h.stat("/r"));
  EXPECT_EQ(get_data(h.db, "/nope", anonymous).code(), Code::kNoNode);
  EXPECT_EQ(get_data(h.db, "/secret", anonymous).code(), Code::kNoAuth);
  EXPECT_EQ(*get_data(h.db, "/secret", {alice}).value().data, "s");
  EXPECT_EQ(get_data(h.db, "/secret", {Id{"super", "root"}}).code(), Code::kOk);
  EXPECT_EQ(get_data(h.db, "/r/", anonymous).code(), Code::kNoNode);
}

TEST_F(DataReadTest, ExistsDoesNotCheckAcls) {
  EXPECT_EQ(exists(h.db, "/secret").value(), h.stat("/secret"));
  EXPECT_EQ(exists(h.db, "/nope").code(), Code::kNoNode);
  EXPECT_EQ(exists(h.db, std::string("/r\0x", 4)).code(), Code::kBadArguments);
}

TEST_F(DataReadTest, GetChildrenSortedWithTheParentsStat) {
  EXPECT_EQ(get_children(h.db, "/r", anonymous).value(),
            (std::vector<std::string>{"a", "b", "e1"}));
  const auto with_stat = get_children2(h.db, "/r", anonymous).value();
  EXPECT_EQ(with_stat.children.size(), 3u);
  EXPECT_EQ(with_stat.stat, h.stat("/r"));
  EXPECT_EQ(with_stat.stat.num_children, 3);
  EXPECT_EQ(get_children(h.db, "/", anonymous).value(),
            (std::vector<std::string>{"adminonly", "r", "secret", "zookeeper"}));
  EXPECT_EQ(get_children(h.db, "/nope", anonymous).code(), Code::kNoNode);
  EXPECT_EQ(get_children2(h.db, "/secret", anonymous).code(), Code::kNoAuth);
}

TEST_F(DataReadTest, GetAclMasksDigestsWithoutAdmin) {
  const auto full = get_acl(h.db, "/secret", {alice}).value();
  EXPECT_EQ(full.acl, (AclList{Acl{perms::kAll, alice}}));
  EXPECT_EQ(full.stat, h.stat("/secret"));
  // READ without ADMIN: the digest hash is hidden.
  const auto masked = get_acl(h.db, "/adminonly", {alice}).value();
  ASSERT_EQ(masked.acl.size(), 2u);
  EXPECT_EQ(masked.acl[1].id, (Id{"digest", "alice:x"}));
  // ADMIN without READ is enough to read the ACL, in full.
  const auto admin = get_acl(h.db, "/adminonly", {admin_host}).value();
  EXPECT_EQ(admin.acl[1].id, alice);
  EXPECT_EQ(get_acl(h.db, "/adminonly", anonymous).code(), Code::kNoAuth);
  EXPECT_EQ(get_acl(h.db, "/secret", anonymous).code(), Code::kNoAuth);
  EXPECT_EQ(get_acl(h.db, "/nope", anonymous).code(), Code::kNoNode);
}

TEST_F(DataReadTest, GetEphemeralsByPrefix) {
  EXPECT_EQ(get_ephemerals(h.db, kSession, ""), (std::vector<std::string>{"/r/a/e2", "/r/e1"}));
  EXPECT_EQ(get_ephemerals(h.db, kSession, " / "), (std::vector<std::string>{"/r/a/e2", "/r/e1"}));
  EXPECT_EQ(get_ephemerals(h.db, kSession, "/r/a"), (std::vector<std::string>{"/r/a/e2"}));
  EXPECT_EQ(get_ephemerals(h.db, kSession, "/r/e"), (std::vector<std::string>{"/r/e1"}));
  EXPECT_TRUE(get_ephemerals(h.db, kOtherSession, "").empty());
}

TEST_F(DataReadTest, GetAllChildrenNumberCountsEveryDescendant) {
  EXPECT_EQ(get_all_children_number(h.db, "/r", anonymous).value(), 4);
  EXPECT_EQ(get_all_children_number(h.db, "/r/a", anonymous).value(), 1);
  EXPECT_EQ(get_all_children_number(h.db, "/", anonymous).value(), 3 + 5 + 2);
  EXPECT_EQ(get_all_children_number(h.db, "/nope", anonymous).code(), Code::kNoNode);
  EXPECT_EQ(get_all_children_number(h.db, "/secret", anonymous).code(), Code::kNoAuth);
  const ZkDatabase empty;
  EXPECT_EQ(get_all_children_number(empty, "/", anonymous).value(), 3);
}

TEST_F(DataReadTest, SyncEchoesThePath) {
  EXPECT_EQ(sync(h.db, "/r"), "/r");
}

TEST_F(DataReadTest, ReadsSeeOneVersion) {
  const ZkDatabase before = h.db;
  ok(SetData{"/r", "changed", -1});
  EXPECT_EQ(*get_data(before, "/r", anonymous).value().data, "data");
  EXPECT_EQ(*get_data(h.db, "/r", anonymous).value().data, "changed");
}

}  // namespace
}  // namespace zab::data
