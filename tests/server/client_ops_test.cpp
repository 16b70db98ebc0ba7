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
  const auto r = call(create("/a", "x", 0));
  EXPECT_EQ(r.err, Code::kOk) << describe(r);
  EXPECT_EQ(std::get<wire::CreateResponse>(r.body).path, "/a");
  EXPECT_EQ(r.zxid, c.peer(follower).last_processed);
  for (int id = 1; id <= 3; ++id)
    ASSERT_NE(c.db(n(id)).tree().find("/a"), nullptr);
  expect_replicated();
}

TEST_F(ClientOps, Create2ContainerAndTtlAnswerWithTheStat) {
  const auto r = call(create2("/b", "yy", 0));
  const auto& created = std::get<wire::Create2Response>(r.body);
  EXPECT_EQ(created.path, "/b");
  EXPECT_EQ(created.stat.czxid, static_cast<int64_t>(r.zxid.value));
  EXPECT_EQ(created.stat.data_length, 2);

  const auto rc = call(create_container("/c"));
  ASSERT_EQ(rc.err, Code::kOk);
  EXPECT_EQ(std::get<wire::Create2Response>(rc.body).stat.ephemeral_owner, 0);  // clients see 0
  EXPECT_EQ(c.db(c.leader()).tree().find("/c")->stat.ephemeral_owner,
            data::kContainerEphemeralOwner);

  // TTL nodes are off by default, as in ZooKeeper.
  EXPECT_EQ(call(create_ttl("/t", "", 5, 1000)).err, Code::kUnimplemented);
  expect_replicated();
}

TEST(ClientOpsConfig, TtlNodesWhenExtendedTypesAreEnabled) {
  ServerConfig config;
  config.extended_types_enabled = true;
  Cluster c(3, config);
  const auto cl = c.connect(c.followers().front());
  const auto r = c.call(cl, create_ttl("/t", "", 5, 1000));
  ASSERT_EQ(r.err, Code::kOk) << describe(r);
  EXPECT_EQ(std::get<wire::Create2Response>(r.body).path, "/t");
  EXPECT_EQ(data::ephemeral_type(c.db(c.leader()).tree().find("/t")->stat.ephemeral_owner),
            data::EphemeralType::kTtl);
}

TEST_F(ClientOps, SequentialNamesCountTheParentsChildren) {
  EXPECT_EQ(std::get<wire::CreateResponse>(call(create("/q-", "", 2)).body).path, "/q-0000000000");
  EXPECT_EQ(std::get<wire::CreateResponse>(call(create("/q-", "", 2)).body).path, "/q-0000000001");
}

TEST_F(ClientOps, CreateErrors) {
  ASSERT_EQ(call(create("/a", "", 0)).err, Code::kOk);
  EXPECT_EQ(call(create("/a", "", 0)).err, Code::kNodeExists);
  EXPECT_EQ(call(create("/x/y", "", 0)).err, Code::kNoNode);
  EXPECT_EQ(call(create("/bad", "", 9)).err, Code::kBadArguments);
  EXPECT_EQ(call(create("relative", "", 0)).err, Code::kBadArguments);
  ASSERT_EQ(call(create("/e", "", 1)).err, Code::kOk);
  EXPECT_EQ(call(create("/e/child", "", 0)).err, Code::kNoChildrenForEphemerals);
  EXPECT_EQ(call(create("/n", "", 0, {})).err, Code::kInvalidAcl);
  // Failed writes still went through the quorum: each consumed a zxid.
  EXPECT_EQ(c.peer(follower).last_processed.counter(), 9u);  // createSession + 8 writes
  expect_replicated();
}

TEST_F(ClientOps, DeleteAndItsErrors) {
  ASSERT_EQ(call(create("/p", "", 0)).err, Code::kOk);
  ASSERT_EQ(call(create("/p/c", "", 0)).err, Code::kOk);
  EXPECT_EQ(call(delete_node("/p", -1)).err, Code::kNotEmpty);
  EXPECT_EQ(call(delete_node("/p/c", 3)).err, Code::kBadVersion);
  EXPECT_EQ(call(delete_node("/nope", -1)).err, Code::kNoNode);
  EXPECT_EQ(call(delete_node("/zookeeper", -1)).err, Code::kBadArguments);
  const auto r = call(delete_node("/p/c", 0));
  EXPECT_EQ(r.err, Code::kOk);
  EXPECT_TRUE(std::holds_alternative<wire::EmptyResponse>(r.body));
  EXPECT_EQ(c.db(follower).tree().find("/p/c"), nullptr);
  expect_replicated();
}

TEST_F(ClientOps, ExistsGetDataSetData) {
  EXPECT_EQ(call(exists("/d", false)).err, Code::kNoNode);
  EXPECT_EQ(call(get_data("/d", false)).err, Code::kNoNode);
  EXPECT_EQ(call(set_data("/d", "v", -1)).err, Code::kNoNode);
  ASSERT_EQ(call(create("/d", "v0", 0)).err, Code::kOk);
  const auto set = call(set_data("/d", "v1", 0));
  ASSERT_EQ(set.err, Code::kOk);
  EXPECT_EQ(stat_of(set).version, 1);
  EXPECT_EQ(stat_of(set).mzxid, static_cast<int64_t>(set.zxid.value));
  EXPECT_EQ(call(set_data("/d", "v2", 0)).err, Code::kBadVersion);
  const auto get = call(get_data("/d", false));
  EXPECT_EQ(std::get<wire::GetDataResponse>(get.body).data, "v1");
  EXPECT_EQ(stat_of(get).version, 1);
  const auto ex = call(exists("/d", false));
  EXPECT_EQ(stat_of(ex), stat_of(get));
}

TEST_F(ClientOps, GetChildrenAndGetChildren2) {
  ASSERT_EQ(call(create("/k", "", 0)).err, Code::kOk);
  for (const char* name : {"/k/b", "/k/a", "/k/c"})
    ASSERT_EQ(call(create(name, "", 0)).err, Code::kOk);
  const auto r = call(get_children("/k", false));
  EXPECT_EQ(std::get<wire::GetChildrenResponse>(r.body).children,
            (std::vector<std::string>{"a", "b", "c"}));
  const auto r2 = call(get_children2("/k", false));
  EXPECT_EQ(std::get<wire::GetChildren2Response>(r2.body).children.size(), 3u);
  EXPECT_EQ(stat_of(r2).num_children, 3);
  EXPECT_EQ(call(get_children("/none", false)).err, Code::kNoNode);
  EXPECT_EQ(std::get<wire::GetAllChildrenNumberResponse>(call(get_all_children_number("/k")).body)
                .total_number,
            3);
  EXPECT_EQ(call(get_all_children_number("/none")).err, Code::kNoNode);
}

TEST_F(ClientOps, GetAclSetAclAndCheck) {
  ASSERT_EQ(call(create("/acl", "", 0)).err, Code::kOk);
  const auto get = call(get_acl("/acl"));
  EXPECT_EQ(std::get<wire::GetAclResponse>(get.body).acl, data::open_acl_unsafe());
  EXPECT_EQ(call(set_acl("/acl", data::read_acl_unsafe(), 3)).err, Code::kBadVersion);
  EXPECT_EQ(call(set_acl("/acl", {}, -1)).err, Code::kInvalidAcl);
  const auto set = call(set_acl("/acl", data::read_acl_unsafe(), 0));
  ASSERT_EQ(set.err, Code::kOk);
  EXPECT_EQ(stat_of(set).aversion, 1);
  // ADMIN is checked before the version: nobody may change this ACL any more.
  EXPECT_EQ(call(set_acl("/acl", data::open_acl_unsafe(), 1)).err, Code::kNoAuth);
  EXPECT_EQ(call(get_acl("/none")).err, Code::kNoNode);
  // The node is read-only for everyone now.
  EXPECT_EQ(call(set_data("/acl", "x", -1)).err, Code::kNoAuth);
  // check, alone: a write that changes nothing.
  const auto ok = call(check("/acl", 0));
  EXPECT_EQ(ok.err, Code::kOk);
  EXPECT_EQ(stat_of(ok).aversion, 1);
  EXPECT_EQ(call(check("/acl", 5)).err, Code::kBadVersion);
}

TEST_F(ClientOps, MultiIsAllOrNothing) {
  const auto ok = call(multi({create("/m", "a", 0), create2("/m2", "", 0), set_data("/m", "b", 0),
                              check("/m", 1), delete_node("/m2", 0)}));
  ASSERT_EQ(ok.err, Code::kOk);
  const auto& results = std::get<wire::MultiResponse>(ok.body).results;
  ASSERT_EQ(results.size(), 5u);
  EXPECT_EQ(std::get<wire::CreateResult>(results[0]).path, "/m");
  EXPECT_EQ(std::get<wire::Create2Result>(results[1]).stat.czxid,
            static_cast<int64_t>(ok.zxid.value));
  EXPECT_EQ(std::get<wire::SetDataResult>(results[2]).stat.version, 1);
  EXPECT_TRUE(std::holds_alternative<wire::CheckResult>(results[3]));
  EXPECT_TRUE(std::holds_alternative<wire::DeleteResult>(results[4]));

  const uint64_t digest = c.db(follower).tree().digest();
  const auto failed =
      call(multi({create("/n1", "", 0), set_data("/m", "c", 7), delete_node("/m", -1)}));
  EXPECT_EQ(failed.err, Code::kOk);  // the header says 0; the results say why
  const auto& bad = std::get<wire::MultiResponse>(failed.body).results;
  ASSERT_EQ(bad.size(), 3u);
  auto err_of = [&](size_t i) { return Code{std::get<wire::ErrorResult>(bad.at(i)).err}; };
  EXPECT_EQ(err_of(0), Code::kOk);
  EXPECT_EQ(err_of(1), Code::kBadVersion);
  EXPECT_EQ(err_of(2), Code::kRuntimeInconsistency);
  EXPECT_EQ(c.db(follower).tree().digest(), digest);
  EXPECT_EQ(c.db(follower).tree().find("/n1"), nullptr);
  expect_replicated();
}

TEST_F(ClientOps, MultiReadAnswersEachRead) {
  ASSERT_EQ(call(create("/r", "rd", 0)).err, Code::kOk);
  ASSERT_EQ(call(create("/r/x", "", 0)).err, Code::kOk);
  const auto r = call(
      multi_read({get_data("/r", true), get_children("/r", false), get_data("/missing", false)}));
  ASSERT_EQ(r.err, Code::kOk);
  const auto& results = std::get<wire::MultiResponse>(r.body).results;
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(std::get<wire::GetDataResult>(results[0]).data, "rd");
  EXPECT_EQ(std::get<wire::GetChildrenResult>(results[1]).children, std::vector<std::string>{"x"});
  EXPECT_EQ(Code{std::get<wire::ErrorResult>(results[2]).err}, Code::kNoNode);
  // MultiOperationRecord keeps only each read's path: the watch flag sets no watch.
  EXPECT_EQ(c.layer(follower).watches.watch_count(), 0u);
}

TEST_F(ClientOps, GetEphemeralsFiltersByPrefix) {
  for (const char* p : {"/e1", "/e2", "/f1"})
    ASSERT_EQ(call(create(p, "", 1)).err, Code::kOk);
  ASSERT_EQ(call(create("/persistent", "", 0)).err, Code::kOk);
  EXPECT_EQ(std::get<wire::GetEphemeralsResponse>(call(get_ephemerals("/")).body).ephemerals,
            (std::vector<std::string>{"/e1", "/e2", "/f1"}));
  EXPECT_EQ(std::get<wire::GetEphemeralsResponse>(call(get_ephemerals("/e")).body).ephemerals,
            (std::vector<std::string>{"/e1", "/e2"}));
  // Another session owns none of them.
  const auto other = c.connect(c.leader());
  EXPECT_TRUE(std::get<wire::GetEphemeralsResponse>(c.call(other, get_ephemerals("")).body)
                  .ephemerals.empty());
}

TEST_F(ClientOps, SyncPingReconfigAndWhoAmI) {
  const auto synced = call(sync("/"));
  EXPECT_EQ(std::get<wire::SyncResponse>(synced.body).path, "/");
  const auto pong = call(ping());
  EXPECT_EQ(pong.cxid, wire::kPingXid);
  EXPECT_EQ(pong.zxid, c.peer(follower).last_processed);
  const Zxid before = c.peer(follower).last_processed;
  EXPECT_EQ(call(reconfig("", "", "")).err, Code::kReconfigDisabled);
  EXPECT_EQ(c.peer(follower).last_processed.counter(), before.counter() + 1);  // a zxid used
  // The checker's clients have no address, so no ip identity.
  EXPECT_TRUE(std::get<wire::WhoAmIResponse>(call(who_am_i()).body).client_info.empty());
}

TEST_F(ClientOps, CloseSessionAnswersThenClosesAndTakesTheEphemerals) {
  ASSERT_EQ(call(create("/mine", "", 1)).err, Code::kOk);
  const auto r = call(close_session());
  EXPECT_EQ(r.err, Code::kOk);
  EXPECT_TRUE(c.closed(cl));
  for (int id = 1; id <= 3; ++id) {
    EXPECT_EQ(c.db(n(id)).tree().find("/mine"), nullptr);
    EXPECT_EQ(c.db(n(id)).sessions().size(), 0u);
  }
}

TEST_F(ClientOps, TheLeaderServesItsOwnClientsToo) {
  const auto lc = c.connect(c.leader());
  EXPECT_EQ(c.call(lc, create("/l", "x", 0)).err, Code::kOk);
  EXPECT_EQ(std::get<wire::GetDataResponse>(c.call(lc, get_data("/l", false)).body).data, "x");
  EXPECT_EQ(std::get<wire::GetDataResponse>(call(get_data("/l", false)).body).data, "x");
  expect_replicated();
}

}  // namespace
}  // namespace zab::server::testing
