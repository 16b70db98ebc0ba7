#include "impl/data/acl.h"

#include <gtest/gtest.h>

namespace zab::data {
namespace {

const Id kAlice{"digest", "alice:aYXlLOpEooaV1cRAvUL1fp9Qt7E="};
const Id kLocal{"ip", "127.0.0.1"};

TEST(DataDigestId, MatchesZooKeepersDigestAuthenticationProvider) {
  // ZooDefs.Perms and the ACL checks of PrepRequestProcessor, ZooKeeper 3.8.
  EXPECT_EQ(digest_id("alice:secret"), kAlice.id);
  EXPECT_NE(digest_id("alice:Secret"), kAlice.id);
  // The user is everything before the first ':'; the password may contain ':'.
  EXPECT_EQ(digest_id("bob:a:b").substr(0, 4), "bob:");
  EXPECT_EQ(digest_id("bob:a:b").size(), 4u + 28u);
}

TEST(DataCheckAcl, WorldDigestIpAndSuper) {
  const AclList acl = {Acl{perms::kRead, Id{"world", "anyone"}}, Acl{perms::kAll, kAlice},
                       Acl{perms::kWrite, Id{"ip", "10.0.0.0/8"}}};
  EXPECT_EQ(check_acl(acl, perms::kRead, {}), Code::kOk);
  EXPECT_EQ(check_acl(acl, perms::kDelete, {kLocal}), Code::kNoAuth);
  EXPECT_EQ(check_acl(acl, perms::kDelete, {kLocal, kAlice}), Code::kOk);
  EXPECT_EQ(check_acl(acl, perms::kDelete, {Id{"digest", "alice:wrong"}}), Code::kNoAuth);
  EXPECT_EQ(check_acl(acl, perms::kWrite, {Id{"ip", "10.200.3.4"}}), Code::kOk);
  EXPECT_EQ(check_acl(acl, perms::kWrite, {Id{"ip", "11.0.0.1"}}), Code::kNoAuth);
  EXPECT_EQ(check_acl(acl, perms::kAdmin, {Id{"super", "admin"}}), Code::kOk);
  // An ACL entry only grants its own bits.
  EXPECT_EQ(check_acl(acl, perms::kAdmin, {Id{"ip", "10.1.1.1"}}), Code::kNoAuth);
  // An empty ACL lets everyone in (ZooKeeperServer.checkACL).
  EXPECT_EQ(check_acl({}, perms::kAdmin, {}), Code::kOk);
}

TEST(DataCheckAcl, IpAddressesAndRanges) {
  EXPECT_TRUE(ip_matches("127.0.0.1", "127.0.0.1"));
  EXPECT_FALSE(ip_matches("127.0.0.2", "127.0.0.1"));
  EXPECT_TRUE(ip_matches("192.168.7.200", "192.168.0.0/16"));
  EXPECT_FALSE(ip_matches("192.169.7.200", "192.168.0.0/16"));
  EXPECT_TRUE(ip_matches("192.168.1.129", "192.168.1.128/25"));
  EXPECT_FALSE(ip_matches("192.168.1.127", "192.168.1.128/25"));
  EXPECT_TRUE(ip_matches("8.8.8.8", "0.0.0.0/0"));
  EXPECT_FALSE(ip_matches("8.8.8.8", "1.2.3.4/33"));
  EXPECT_FALSE(ip_matches("not-an-ip", "0.0.0.0/0"));
  EXPECT_FALSE(ip_matches("::1", "::1"));  // IPv6 is not supported by ZooKeeper's provider
}

TEST(DataFixupAcl, InvalidAclCases) {
  EXPECT_EQ(fixup_acl("/a", {}, {kAlice}).code(), Code::kInvalidAcl);
  for (const Id& id :
       {Id{"world", "someone"}, Id{"nosuch", "x"}, Id{"super", "x"}, Id{"digest", "alice"},
        Id{"digest", "a:b:c"}, Id{"digest", "alice:"}, Id{"ip", "1.2.3"}, Id{"ip", "1.2.3.256"},
        Id{"ip", "1.2.3.4/33"}, Id{"ip", "1.2.3.4/x"}, Id{"ip", ""}}) {
    const auto fixed = fixup_acl("/a", {Acl{perms::kAll, id}}, {kAlice});
    EXPECT_EQ(fixed.code(), Code::kInvalidAcl) << id.scheme << ":" << id.id;
  }
  // `auth` with no authenticated identity: the ip identity does not count.
  EXPECT_EQ(fixup_acl("/a", creator_all_acl(), {kLocal}).code(), Code::kInvalidAcl);
}

TEST(DataFixupAcl, ExpandsAuthAndRemovesDuplicates) {
  const Id bob{"digest", digest_id("bob:pw")};
  const auto fixed =
      fixup_acl("/a",
                {Acl{perms::kRead, Id{"world", "anyone"}}, Acl{perms::kRead, Id{"world", "anyone"}},
                 Acl{perms::kAll, Id{"auth", ""}}, Acl{3, Id{"ip", "10.0.0.0/8"}},
                 Acl{5, Id{"digest", ":x"}}},
                {kLocal, kAlice, bob});
  ASSERT_TRUE(fixed.ok()) << to_string(fixed.error());
  EXPECT_EQ(fixed.value(), (AclList{Acl{perms::kRead, Id{"world", "anyone"}},
                                    Acl{perms::kAll, kAlice}, Acl{perms::kAll, bob},
                                    Acl{3, Id{"ip", "10.0.0.0/8"}}, Acl{5, Id{"digest", ":x"}}}));
}

TEST(DataMaskDigestIds, HidesTheHashOnly) {
  const AclList masked = mask_digest_ids({Acl{perms::kAll, kAlice}, Acl{1, kLocal}});
  EXPECT_EQ(masked[0].id, (Id{"digest", "alice:x"}));
  EXPECT_EQ(masked[1].id, kLocal);
}

}  // namespace
}  // namespace zab::data
