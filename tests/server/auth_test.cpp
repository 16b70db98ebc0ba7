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
  ConnectOp op;
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
  const auto auth = c.call(alice, AuthOp{0, "digest", "alice:secret"});
  EXPECT_EQ(auth.err, Code::kOk);
  const std::string alice_id = data::digest_id("alice:secret");
  EXPECT_EQ(alice_id, "alice:aYXlLOpEooaV1cRAvUL1fp9Qt7E=");  // wire.md §1.8
  CreateOp create{"/secret", "s", 0};
  create.acl = {Acl{data::perms::kAll, Id{"digest", alice_id}}};
  ASSERT_EQ(c.call(alice, create).err, Code::kOk);
  EXPECT_EQ(std::get<GetDataResponse>(c.call(alice, GetDataOp{"/secret", false}).response).data,
            "s");

  const auto bob = c.connect(f2, from("127.0.0.1"));
  EXPECT_EQ(c.call(bob, GetDataOp{"/secret", false}).err, Code::kNoAuth);
  EXPECT_EQ(c.call(bob, GetChildrenOp{"/secret", false}).err, Code::kNoAuth);
  EXPECT_EQ(c.call(bob, SetDataOp{"/secret", "b", -1}).err, Code::kNoAuth);
  EXPECT_EQ(c.call(bob, DeleteOp{"/secret", -1}).err, Code::kOk);  // DELETE is on the parent
  ASSERT_EQ(c.call(alice, create).err, Code::kOk);
  EXPECT_EQ(c.call(bob, AuthOp{0, "digest", "bob:pw"}).err, Code::kOk);
  EXPECT_EQ(c.call(bob, GetDataOp{"/secret", false}).err, Code::kNoAuth);
  EXPECT_EQ(c.call(bob, AuthOp{0, "digest", "alice:secret"}).err, Code::kOk);
  EXPECT_EQ(c.call(bob, GetDataOp{"/secret", false}).err, Code::kOk);
  EXPECT_EQ(c.call(bob, SetDataOp{"/secret", "b", -1}).err, Code::kOk);
  // getACL shows the digest to a client with ADMIN.
  const auto acl = c.call(alice, GetAclOp{"/secret"});
  EXPECT_EQ(std::get<GetAclResponse>(acl.response).acl, create.acl);
}

TEST_F(Auth, TheAuthSchemeStandsForTheCreatorsDigest) {
  const auto alice = c.connect(f1);
  CreateOp create{"/mine", "", 0};
  create.acl = data::creator_all_acl();
  EXPECT_EQ(c.call(alice, create).err, Code::kInvalidAcl);  // no authenticated identity yet
  ASSERT_EQ(c.call(alice, AuthOp{0, "digest", "alice:secret"}).err, Code::kOk);
  ASSERT_EQ(c.call(alice, create).err, Code::kOk);
  const auto acl = std::get<GetAclResponse>(c.call(alice, GetAclOp{"/mine"}).response).acl;
  ASSERT_EQ(acl.size(), 1u);
  EXPECT_EQ(acl[0].id, (Id{"digest", data::digest_id("alice:secret")}));
}

TEST_F(Auth, IpAclsMatchTheConnectionsAddress) {
  const auto admin = c.connect(f1, from("127.0.0.1"));
  CreateOp create{"/lan", "v", 0};
  create.acl = {Acl{data::perms::kRead, Id{"ip", "10.0.0.0/8"}},
                Acl{data::perms::kAll, Id{"ip", "127.0.0.1"}}};
  ASSERT_EQ(c.call(admin, create).err, Code::kOk);
  const auto inside = c.connect(f2, from("10.1.2.3"));
  const auto outside = c.connect(f2, from("192.168.0.7"));
  EXPECT_EQ(c.call(inside, GetDataOp{"/lan", false}).err, Code::kOk);
  EXPECT_EQ(c.call(inside, SetDataOp{"/lan", "w", -1}).err, Code::kNoAuth);
  EXPECT_EQ(c.call(outside, GetDataOp{"/lan", false}).err, Code::kNoAuth);
  EXPECT_EQ(c.call(admin, SetDataOp{"/lan", "w", -1}).err, Code::kOk);
  // addauth ip adds nothing new: the address is already the connection's identity.
  EXPECT_EQ(c.call(outside, AuthOp{0, "ip", ""}).err, Code::kOk);
  EXPECT_EQ(c.call(outside, GetDataOp{"/lan", false}).err, Code::kNoAuth);
}

TEST_F(Auth, WhoAmIListsTheIdentities) {
  const auto cl = c.connect(f1, from("127.0.0.1"));
  ASSERT_EQ(c.call(cl, AuthOp{0, "digest", "alice:secret"}).err, Code::kOk);
  const auto r = c.call(cl, WhoAmIOp{});
  EXPECT_EQ(std::get<WhoAmIResponse>(r.response).client_info,
            (std::vector<ClientInfo>{{"ip", "127.0.0.1"}, {"digest", "alice"}}));
}

TEST_F(Auth, AnUnknownSchemeFailsAndClosesTheConnection) {
  const auto cl = c.connect(f1);
  const int32_t xid = c.send_with_xid(cl, -4, AuthOp{0, "kerberos", "x"});
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
  ASSERT_EQ(c.call(alice, AuthOp{0, "digest", "alice:secret"}).err, Code::kOk);
  CreateOp create{"/a", "", 0};
  create.acl = {Acl{data::perms::kAll, Id{"digest", data::digest_id("alice:secret")}}};
  ASSERT_EQ(c.call(alice, create).err, Code::kOk);

  const auto bob = c.connect(f2);
  const int32_t write = c.send(bob, CreateOp{"/b", "", 0});   // waits for the leader
  const int32_t early = c.send(bob, GetDataOp{"/a", false});  // queued behind the write
  const int32_t auth = c.send_with_xid(bob, -4, AuthOp{0, "digest", "alice:secret"});
  const int32_t late = c.send(bob, GetDataOp{"/a", false});
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
  ASSERT_EQ(c.call(owner, AuthOp{0, "digest", "alice:secret"}).err, Code::kOk);
  CreateOp create{"/locked", "", 0};
  create.acl = data::creator_all_acl();
  ASSERT_EQ(c.call(owner, create).err, Code::kOk);
  const auto root = c.connect(c.followers().front());
  EXPECT_EQ(c.call(root, GetDataOp{"/locked", false}).err, Code::kNoAuth);
  ASSERT_EQ(c.call(root, AuthOp{0, "digest", "super:admin"}).err, Code::kOk);
  EXPECT_EQ(c.call(root, GetDataOp{"/locked", false}).err, Code::kOk);
  EXPECT_EQ(c.call(root, SetDataOp{"/locked", "x", -1}).err, Code::kOk);
}

}  // namespace
}  // namespace zab::server::testing
