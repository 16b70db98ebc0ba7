// Every client operation on a 3-server ensemble, through a follower (writes are forwarded to the
// leader) unless said otherwise: the happy path, what every server ends up with, and the error
// codes ZooKeeper answers (wire.md §1.5-1.12).
#include <gtest/gtest.h>

#include "impl/data/acl.h"
#include "tests/server/cluster.h"

namespace zab::server::testing {
namespace {

using data::OpCode;

class ClientOps : public ::testing::Test {
 protected:
  Cluster c{3};
  NodeId follower = c.followers().front();
  ClientId cl = c.connect(follower);

  ClientReply call(ClientOp op) { return c.call(cl, std::move(op)); }
  // Every server holds the same tree once the ensemble is quiet.
  void expect_replicated() {
    for (int id = 1; id <= 3; ++id)
      EXPECT_EQ(c.db(n(id)).tree().digest(), c.db(c.leader()).tree().digest()) << "n" << id;
  }
};

TEST_F(ClientOps, CreateAnswersWithThePathAndReplicates) {
  const auto r = call(CreateOp{"/a", "x", 0});
  EXPECT_EQ(r.err, Code::kOk) << describe(r);
  EXPECT_EQ(std::get<CreateResponse>(r.response).path, "/a");
  EXPECT_EQ(r.zxid, c.peer(follower).last_processed);
  for (int id = 1; id <= 3; ++id)
    ASSERT_NE(c.db(n(id)).tree().find("/a"), nullptr);
  expect_replicated();
}

TEST_F(ClientOps, Create2ContainerAndTtlAnswerWithTheStat) {
  CreateOp two{"/b", "yy", 0};
  two.type = OpCode::kCreate2;
  const auto r = call(two);
  const auto& created = std::get<Create2Response>(r.response);
  EXPECT_EQ(created.path, "/b");
  EXPECT_EQ(created.stat.czxid, static_cast<int64_t>(r.zxid.value));
  EXPECT_EQ(created.stat.data_length, 2);

  CreateOp container{"/c", "", 4};
  container.type = OpCode::kCreateContainer;
  const auto rc = call(container);
  ASSERT_EQ(rc.err, Code::kOk);
  EXPECT_EQ(std::get<Create2Response>(rc.response).stat.ephemeral_owner, 0);  // clients see 0
  EXPECT_EQ(c.db(c.leader()).tree().find("/c")->stat.ephemeral_owner,
            data::kContainerEphemeralOwner);

  // TTL nodes are off by default, as in ZooKeeper.
  CreateOp ttl{"/t", "", 5};
  ttl.type = OpCode::kCreateTtl;
  ttl.ttl_ms = 1000;
  EXPECT_EQ(call(ttl).err, Code::kUnimplemented);
  expect_replicated();
}

TEST(ClientOpsConfig, TtlNodesWhenExtendedTypesAreEnabled) {
  ServerConfig config;
  config.extended_types_enabled = true;
  Cluster c(3, config);
  const auto cl = c.connect(c.followers().front());
  CreateOp ttl{"/t", "", 5};
  ttl.type = OpCode::kCreateTtl;
  ttl.ttl_ms = 1000;
  const auto r = c.call(cl, ttl);
  ASSERT_EQ(r.err, Code::kOk) << describe(r);
  EXPECT_EQ(std::get<Create2Response>(r.response).path, "/t");
  EXPECT_EQ(data::ephemeral_type(c.db(c.leader()).tree().find("/t")->stat.ephemeral_owner),
            data::EphemeralType::kTtl);
}

TEST_F(ClientOps, SequentialNamesCountTheParentsChildren) {
  EXPECT_EQ(std::get<CreateResponse>(call(CreateOp{"/q-", "", 2}).response).path, "/q-0000000000");
  EXPECT_EQ(std::get<CreateResponse>(call(CreateOp{"/q-", "", 2}).response).path, "/q-0000000001");
}

TEST_F(ClientOps, CreateErrors) {
  ASSERT_EQ(call(CreateOp{"/a", "", 0}).err, Code::kOk);
  EXPECT_EQ(call(CreateOp{"/a", "", 0}).err, Code::kNodeExists);
  EXPECT_EQ(call(CreateOp{"/x/y", "", 0}).err, Code::kNoNode);
  EXPECT_EQ(call(CreateOp{"/bad", "", 9}).err, Code::kBadArguments);
  EXPECT_EQ(call(CreateOp{"relative", "", 0}).err, Code::kBadArguments);
  ASSERT_EQ(call(CreateOp{"/e", "", 1}).err, Code::kOk);
  EXPECT_EQ(call(CreateOp{"/e/child", "", 0}).err, Code::kNoChildrenForEphemerals);
  CreateOp no_acl{"/n", "", 0};
  no_acl.acl.clear();
  EXPECT_EQ(call(no_acl).err, Code::kInvalidAcl);
  // Failed writes still went through the quorum: each consumed a zxid.
  EXPECT_EQ(c.peer(follower).last_processed.counter(), 9u);  // createSession + 8 writes
  expect_replicated();
}

TEST_F(ClientOps, DeleteAndItsErrors) {
  ASSERT_EQ(call(CreateOp{"/p", "", 0}).err, Code::kOk);
  ASSERT_EQ(call(CreateOp{"/p/c", "", 0}).err, Code::kOk);
  EXPECT_EQ(call(DeleteOp{"/p", -1}).err, Code::kNotEmpty);
  EXPECT_EQ(call(DeleteOp{"/p/c", 3}).err, Code::kBadVersion);
  EXPECT_EQ(call(DeleteOp{"/nope", -1}).err, Code::kNoNode);
  EXPECT_EQ(call(DeleteOp{"/zookeeper", -1}).err, Code::kBadArguments);
  const auto r = call(DeleteOp{"/p/c", 0});
  EXPECT_EQ(r.err, Code::kOk);
  EXPECT_TRUE(std::holds_alternative<NoResponse>(r.response));
  EXPECT_EQ(c.db(follower).tree().find("/p/c"), nullptr);
  expect_replicated();
}

TEST_F(ClientOps, ExistsGetDataSetData) {
  EXPECT_EQ(call(ExistsOp{"/d", false}).err, Code::kNoNode);
  EXPECT_EQ(call(GetDataOp{"/d", false}).err, Code::kNoNode);
  EXPECT_EQ(call(SetDataOp{"/d", "v", -1}).err, Code::kNoNode);
  ASSERT_EQ(call(CreateOp{"/d", "v0", 0}).err, Code::kOk);
  const auto set = call(SetDataOp{"/d", "v1", 0});
  ASSERT_EQ(set.err, Code::kOk);
  EXPECT_EQ(stat_of(set).version, 1);
  EXPECT_EQ(stat_of(set).mzxid, static_cast<int64_t>(set.zxid.value));
  EXPECT_EQ(call(SetDataOp{"/d", "v2", 0}).err, Code::kBadVersion);
  const auto get = call(GetDataOp{"/d", false});
  EXPECT_EQ(std::get<GetDataResponse>(get.response).data, "v1");
  EXPECT_EQ(stat_of(get).version, 1);
  const auto ex = call(ExistsOp{"/d", false});
  EXPECT_EQ(stat_of(ex), stat_of(get));
}

TEST_F(ClientOps, GetChildrenAndGetChildren2) {
  ASSERT_EQ(call(CreateOp{"/k", "", 0}).err, Code::kOk);
  for (const char* name : {"/k/b", "/k/a", "/k/c"})
    ASSERT_EQ(call(CreateOp{name, "", 0}).err, Code::kOk);
  const auto r = call(GetChildrenOp{"/k", false});
  EXPECT_EQ(std::get<GetChildrenResponse>(r.response).children,
            (std::vector<std::string>{"a", "b", "c"}));
  GetChildrenOp two{"/k", false, OpCode::kGetChildren2};
  const auto r2 = call(two);
  EXPECT_EQ(std::get<GetChildren2Response>(r2.response).children.size(), 3u);
  EXPECT_EQ(stat_of(r2).num_children, 3);
  EXPECT_EQ(call(GetChildrenOp{"/none", false}).err, Code::kNoNode);
  EXPECT_EQ(std::get<GetAllChildrenNumberResponse>(call(GetAllChildrenNumberOp{"/k"}).response)
                .total_number,
            3);
  EXPECT_EQ(call(GetAllChildrenNumberOp{"/none"}).err, Code::kNoNode);
}

TEST_F(ClientOps, GetAclSetAclAndCheck) {
  ASSERT_EQ(call(CreateOp{"/acl", "", 0}).err, Code::kOk);
  const auto get = call(GetAclOp{"/acl"});
  EXPECT_EQ(std::get<GetAclResponse>(get.response).acl, data::open_acl_unsafe());
  EXPECT_EQ(call(SetAclOp{"/acl", data::read_acl_unsafe(), 3}).err, Code::kBadVersion);
  EXPECT_EQ(call(SetAclOp{"/acl", {}, -1}).err, Code::kInvalidAcl);
  const auto set = call(SetAclOp{"/acl", data::read_acl_unsafe(), 0});
  ASSERT_EQ(set.err, Code::kOk);
  EXPECT_EQ(stat_of(set).aversion, 1);
  // ADMIN is checked before the version: nobody may change this ACL any more.
  EXPECT_EQ(call(SetAclOp{"/acl", data::open_acl_unsafe(), 1}).err, Code::kNoAuth);
  EXPECT_EQ(call(GetAclOp{"/none"}).err, Code::kNoNode);
  // The node is read-only for everyone now.
  EXPECT_EQ(call(SetDataOp{"/acl", "x", -1}).err, Code::kNoAuth);
  // check, alone: a write that changes nothing.
  const auto ok = call(CheckOp{"/acl", 0});
  EXPECT_EQ(ok.err, Code::kOk);
  EXPECT_EQ(stat_of(ok).aversion, 1);
  EXPECT_EQ(call(CheckOp{"/acl", 5}).err, Code::kBadVersion);
}

TEST_F(ClientOps, MultiIsAllOrNothing) {
  CreateOp create2{"/m2", "", 0};
  create2.type = OpCode::kCreate2;
  const auto ok = call(MultiOp{{CreateOp{"/m", "a", 0}, create2, SetDataOp{"/m", "b", 0},
                                CheckOp{"/m", 1}, DeleteOp{"/m2", 0}}});
  ASSERT_EQ(ok.err, Code::kOk);
  const auto& results = std::get<MultiResponse>(ok.response).results;
  ASSERT_EQ(results.size(), 5u);
  EXPECT_EQ(results[0].type, OpCode::kCreate);
  EXPECT_EQ(results[0].path, "/m");
  EXPECT_EQ(results[1].type, OpCode::kCreate2);
  EXPECT_EQ(results[1].stat->czxid, static_cast<int64_t>(ok.zxid.value));
  EXPECT_EQ(results[2].type, OpCode::kSetData);
  EXPECT_EQ(results[2].stat->version, 1);
  EXPECT_EQ(results[3].type, OpCode::kCheck);
  EXPECT_EQ(results[4].type, OpCode::kDelete);

  const uint64_t digest = c.db(follower).tree().digest();
  const auto failed =
      call(MultiOp{{CreateOp{"/n1", "", 0}, SetDataOp{"/m", "c", 7}, DeleteOp{"/m", -1}}});
  EXPECT_EQ(failed.err, Code::kOk);  // the header says 0; the results say why
  const auto& bad = std::get<MultiResponse>(failed.response).results;
  ASSERT_EQ(bad.size(), 3u);
  for (const auto& r : bad)
    EXPECT_EQ(r.type, OpCode::kError);
  EXPECT_EQ(bad[0].err, Code::kOk);
  EXPECT_EQ(bad[1].err, Code::kBadVersion);
  EXPECT_EQ(bad[2].err, Code::kRuntimeInconsistency);
  EXPECT_EQ(c.db(follower).tree().digest(), digest);
  EXPECT_EQ(c.db(follower).tree().find("/n1"), nullptr);
  expect_replicated();
}

TEST_F(ClientOps, MultiReadAnswersEachRead) {
  ASSERT_EQ(call(CreateOp{"/r", "rd", 0}).err, Code::kOk);
  ASSERT_EQ(call(CreateOp{"/r/x", "", 0}).err, Code::kOk);
  const auto r = call(MultiReadOp{
      {GetDataOp{"/r", false}, GetChildrenOp{"/r", false}, GetDataOp{"/missing", false}}});
  ASSERT_EQ(r.err, Code::kOk);
  const auto& results = std::get<MultiResponse>(r.response).results;
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0].type, OpCode::kGetData);
  EXPECT_EQ(results[0].data, "rd");
  EXPECT_EQ(results[1].type, OpCode::kGetChildren);
  EXPECT_EQ(results[1].children, std::vector<std::string>{"x"});
  EXPECT_EQ(results[2].type, OpCode::kError);
  EXPECT_EQ(results[2].err, Code::kNoNode);
}

TEST_F(ClientOps, GetEphemeralsFiltersByPrefix) {
  for (const char* p : {"/e1", "/e2", "/f1"})
    ASSERT_EQ(call(CreateOp{p, "", 1}).err, Code::kOk);
  ASSERT_EQ(call(CreateOp{"/persistent", "", 0}).err, Code::kOk);
  EXPECT_EQ(std::get<GetEphemeralsResponse>(call(GetEphemeralsOp{"/"}).response).ephemerals,
            (std::vector<std::string>{"/e1", "/e2", "/f1"}));
  EXPECT_EQ(std::get<GetEphemeralsResponse>(call(GetEphemeralsOp{"/e"}).response).ephemerals,
            (std::vector<std::string>{"/e1", "/e2"}));
  // Another session owns none of them.
  const auto other = c.connect(c.leader());
  EXPECT_TRUE(std::get<GetEphemeralsResponse>(c.call(other, GetEphemeralsOp{""}).response)
                  .ephemerals.empty());
}

TEST_F(ClientOps, SyncPingReconfigAndWhoAmI) {
  const auto sync = call(SyncOp{"/"});
  EXPECT_EQ(std::get<SyncResponse>(sync.response).path, "/");
  const auto ping = call(PingOp{});
  EXPECT_EQ(ping.cxid, kPingXid);
  EXPECT_EQ(ping.zxid, c.peer(follower).last_processed);
  const Zxid before = c.peer(follower).last_processed;
  EXPECT_EQ(call(ReconfigOp{"", "", "", -1}).err, Code::kReconfigDisabled);
  EXPECT_EQ(c.peer(follower).last_processed.counter(), before.counter() + 1);  // a zxid used
  // The checker's clients have no address, so no ip identity.
  EXPECT_TRUE(std::get<WhoAmIResponse>(call(WhoAmIOp{}).response).client_info.empty());
}

TEST_F(ClientOps, CloseSessionAnswersThenClosesAndTakesTheEphemerals) {
  ASSERT_EQ(call(CreateOp{"/mine", "", 1}).err, Code::kOk);
  const auto r = call(CloseOp{});
  EXPECT_EQ(r.err, Code::kOk);
  EXPECT_TRUE(c.closed(cl));
  for (int id = 1; id <= 3; ++id) {
    EXPECT_EQ(c.db(n(id)).tree().find("/mine"), nullptr);
    EXPECT_EQ(c.db(n(id)).sessions().size(), 0u);
  }
}

TEST_F(ClientOps, TheLeaderServesItsOwnClientsToo) {
  const auto lc = c.connect(c.leader());
  EXPECT_EQ(c.call(lc, CreateOp{"/l", "x", 0}).err, Code::kOk);
  EXPECT_EQ(std::get<GetDataResponse>(c.call(lc, GetDataOp{"/l", false}).response).data, "x");
  EXPECT_EQ(std::get<GetDataResponse>(call(GetDataOp{"/l", false}).response).data, "x");
  expect_replicated();
}

}  // namespace
}  // namespace zab::server::testing
