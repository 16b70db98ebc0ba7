// Identities and ACLs through the client protocol: digest auth (DigestAuthenticationProvider),
// the `auth` scheme, ip ACLs from the connection's address, whoAmI, super users, and refusals
// for another identity on reads (answered by the connection's server) and writes (checked by
// the leader with the identities the REQUEST carries).
#include <gtest/gtest.h>

#include "impl/data/acl.h"
#include "tests/server/cluster.h"

namespace zab::server::testing {
namespace {

using data::Acl;
using data::Id;

ConnectOp from(std::string address) {
  auto op = std::get<ConnectOp>(connect());
  op.client_address = std::move(address);
  return op;
}

class Auth : public ::testing::Test {
 protected:
  Cluster c{3};
  NodeId f1 = c.followers().front();
  NodeId f2 = c.followers().back();
};

TEST_F(Auth, DigestAclRefusesAnotherIdentity) {
  const auto alice = c.connect(f1, from("127.0.0.1"));
  const auto auth = c.call(alice, add_auth("digest", "alice:secret"));
  EXPECT_EQ(auth.err, Code::kOk);
  const std::string alice_id = data::digest_id("alice:secret");
  EXPECT_EQ(alice_id, "alice:aYXlLOpEooaV1cRAvUL1fp9Qt7E=");  // wire.md §1.8
  const data::AclList create_acl = {Acl{data::perms::kAll, Id{"digest", alice_id}}};
  const auto create_op = ops::create("/secret", "s", 0, create_acl);
  ASSERT_EQ(c.call(alice, create_op).err, Code::kOk);
  EXPECT_EQ(std::get<wire::GetDataResponse>(c.call(alice, get_data("/secret", false)).body).data,
            "s");

  const auto bob = c.connect(f2, from("127.0.0.1"));
  EXPECT_EQ(c.call(bob, get_data("/secret", false)).err, Code::kNoAuth);
  EXPECT_EQ(c.call(bob, get_children("/secret", false)).err, Code::kNoAuth);
  EXPECT_EQ(c.call(bob, set_data("/secret", "b", -1)).err, Code::kNoAuth);
  EXPECT_EQ(c.call(bob, delete_node("/secret", -1)).err, Code::kOk);  // DELETE is on the parent
  ASSERT_EQ(c.call(alice, create_op).err, Code::kOk);
  EXPECT_EQ(c.call(bob, add_auth("digest", "bob:pw")).err, Code::kOk);
  EXPECT_EQ(c.call(bob, get_data("/secret", false)).err, Code::kNoAuth);
  EXPECT_EQ(c.call(bob, add_auth("digest", "alice:secret")).err, Code::kOk);
  EXPECT_EQ(c.call(bob, get_data("/secret", false)).err, Code::kOk);
  EXPECT_EQ(c.call(bob, set_data("/secret", "b", -1)).err, Code::kOk);
  // getACL shows the digest to a client with ADMIN.
  const auto acl = c.call(alice, get_acl("/secret"));
  EXPECT_EQ(std::get<wire::GetAclResponse>(acl.body).acl, create_acl);
}

TEST_F(Auth, TheAuthSchemeStandsForTheCreatorsDigest) {
  const auto alice = c.connect(f1);
  const data::AclList create_acl = data::creator_all_acl();
  const auto create_op = ops::create("/mine", "", 0, create_acl);
  EXPECT_EQ(c.call(alice, create_op).err, Code::kInvalidAcl);  // no authenticated identity yet
  ASSERT_EQ(c.call(alice, add_auth("digest", "alice:secret")).err, Code::kOk);
  ASSERT_EQ(c.call(alice, create_op).err, Code::kOk);
  const auto acl = std::get<wire::GetAclResponse>(c.call(alice, get_acl("/mine")).body).acl;
  ASSERT_EQ(acl.size(), 1u);
  EXPECT_EQ(acl[0].id, (Id{"digest", data::digest_id("alice:secret")}));
}

TEST_F(Auth, IpAclsMatchTheConnectionsAddress) {
  const auto admin = c.connect(f1, from("127.0.0.1"));
  const data::AclList create_acl = {Acl{data::perms::kRead, Id{"ip", "10.0.0.0/8"}},
                                    Acl{data::perms::kAll, Id{"ip", "127.0.0.1"}}};
  const auto create_op = ops::create("/lan", "v", 0, create_acl);
  ASSERT_EQ(c.call(admin, create_op).err, Code::kOk);
  const auto inside = c.connect(f2, from("10.1.2.3"));
  const auto outside = c.connect(f2, from("192.168.0.7"));
  EXPECT_EQ(c.call(inside, get_data("/lan", false)).err, Code::kOk);
  EXPECT_EQ(c.call(inside, set_data("/lan", "w", -1)).err, Code::kNoAuth);
  EXPECT_EQ(c.call(outside, get_data("/lan", false)).err, Code::kNoAuth);
  EXPECT_EQ(c.call(admin, set_data("/lan", "w", -1)).err, Code::kOk);
  // addauth ip adds nothing new: the address is already the connection's identity.
  EXPECT_EQ(c.call(outside, add_auth("ip", "")).err, Code::kOk);
  EXPECT_EQ(c.call(outside, get_data("/lan", false)).err, Code::kNoAuth);
}

TEST_F(Auth, WhoAmIListsTheIdentities) {
  const auto cl = c.connect(f1, from("127.0.0.1"));
  ASSERT_EQ(c.call(cl, add_auth("digest", "alice:secret")).err, Code::kOk);
  const auto r = c.call(cl, who_am_i());
  EXPECT_EQ(std::get<wire::WhoAmIResponse>(r.body).client_info,
            (std::vector<wire::ClientInfo>{{"ip", "127.0.0.1"}, {"digest", "alice"}}));
}

TEST_F(Auth, AnUnknownSchemeFailsAndClosesTheConnection) {
  const auto cl = c.connect(f1);
  const int32_t xid = c.send_with_xid(cl, -4, add_auth("kerberos", "x"));
  const auto msgs = c.take(cl);
  ASSERT_EQ(msgs.size(), 1u);
  const auto& r = std::get<ClientReply>(msgs[0]);
  EXPECT_EQ(r.cxid, xid);
  EXPECT_EQ(r.err, Code::kAuthFailed);
  EXPECT_EQ(r.zxid, Zxid{});
  EXPECT_TRUE(c.closed(cl));
}

// An addauth is handled on arrival, ahead of the replies still queued, and does not apply to the
// requests read before it.
TEST_F(Auth, AuthIsAnsweredAtOnceAndAppliesToLaterRequestsOnly) {
  const auto alice = c.connect(f1);
  ASSERT_EQ(c.call(alice, add_auth("digest", "alice:secret")).err, Code::kOk);
  const data::AclList create_acl = {
      Acl{data::perms::kAll, Id{"digest", data::digest_id("alice:secret")}}};
  ASSERT_EQ(c.call(alice, create("/a", "", 0, create_acl)).err, Code::kOk);

  const auto bob = c.connect(f2);
  const int32_t write = c.send(bob, create("/b", "", 0));    // waits for the leader
  const int32_t early = c.send(bob, get_data("/a", false));  // queued behind the write
  const int32_t auth = c.send_with_xid(bob, -4, add_auth("digest", "alice:secret"));
  const int32_t late = c.send(bob, get_data("/a", false));
  c.settle();
  std::vector<std::pair<int32_t, Code>> replies;
  for (const auto& m : c.take(bob)) {
    const auto& r = std::get<ClientReply>(m);
    replies.emplace_back(r.cxid, r.err);
  }
  EXPECT_EQ(replies,
            (std::vector<std::pair<int32_t, Code>>{
                {auth, Code::kOk}, {write, Code::kOk}, {early, Code::kNoAuth}, {late, Code::kOk}}));
}

TEST(AuthConfig, TheSuperDigestMakesASuperUser) {
  ServerConfig config;
  config.super_digest = data::digest_id("super:admin");
  Cluster c(3, config);
  const auto owner = c.connect(c.leader());
  ASSERT_EQ(c.call(owner, add_auth("digest", "alice:secret")).err, Code::kOk);
  const data::AclList create_acl = data::creator_all_acl();
  const auto create_op = ops::create("/locked", "", 0, create_acl);
  ASSERT_EQ(c.call(owner, create_op).err, Code::kOk);
  const auto root = c.connect(c.followers().front());
  EXPECT_EQ(c.call(root, get_data("/locked", false)).err, Code::kNoAuth);
  ASSERT_EQ(c.call(root, add_auth("digest", "super:admin")).err, Code::kOk);
  EXPECT_EQ(c.call(root, get_data("/locked", false)).err, Code::kOk);
  EXPECT_EQ(c.call(root, set_data("/locked", "x", -1)).err, Code::kOk);
}

}  // namespace
}  // namespace zab::server::testing
