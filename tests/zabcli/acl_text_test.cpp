// zkCli's ACL syntax (AclParser) and getAcl's output (Id.toString, ZKUtil.getPermString).
#include "cmd/zabcli/acl_text.h"

#include <gtest/gtest.h>

namespace zab::zabcli {
namespace {

using data::Acl;
using data::AclList;
using data::Id;
namespace perms = data::perms;

TEST(ParseAcl, WorldAnyone) {
  const auto parsed = parse_acl("world:anyone:cdrwa");
  EXPECT_EQ(parsed.acl, (AclList{Acl{perms::kAll, Id{"world", "anyone"}}}));
  EXPECT_TRUE(parsed.warnings.empty());
}

TEST(ParseAcl, DigestIdRunsToTheLastColon) {
  const auto parsed = parse_acl("digest:alice:aYXlLOpEooaV1cRAvUL1fp9Qt7E=:rw");
  EXPECT_EQ(parsed.acl, (AclList{Acl{perms::kRead | perms::kWrite,
                                     Id{"digest", "alice:aYXlLOpEooaV1cRAvUL1fp9Qt7E="}}}));
}

TEST(ParseAcl, IpAuthAndSeveralEntries) {
  const auto parsed = parse_acl("ip:1.2.3.4:r,auth::cdrwa,ip:10.0.0.0/8:ca");
  EXPECT_EQ(parsed.acl,
            (AclList{Acl{perms::kRead, Id{"ip", "1.2.3.4"}}, Acl{perms::kAll, Id{"auth", ""}},
                     Acl{perms::kCreate | perms::kAdmin, Id{"ip", "10.0.0.0/8"}}}));
  EXPECT_TRUE(parsed.warnings.empty());
}

TEST(ParseAcl, MalformedEntriesAreSkippedWithAWarning) {
  const auto parsed = parse_acl("world:anyone,bad,world:anyone:r");
  EXPECT_EQ(parsed.acl, (AclList{Acl{perms::kRead, Id{"world", "anyone"}}}));
  EXPECT_EQ(parsed.warnings,
            (std::vector<std::string>{"world:anyone does not have the form scheme:id:perm",
                                      "bad does not have the form scheme:id:perm"}));
}

TEST(ParseAcl, UnknownPermLettersAreSkippedWithAWarning) {
  const auto parsed = parse_acl("world:anyone:rxq");
  EXPECT_EQ(parsed.acl, (AclList{Acl{perms::kRead, Id{"world", "anyone"}}}));
  EXPECT_EQ(parsed.warnings,
            (std::vector<std::string>{"Unknown perm type: x", "Unknown perm type: q"}));
}

TEST(ParseAcl, EmptyPermsAndEmptyText) {
  EXPECT_EQ(parse_acl("world:anyone:").acl, (AclList{Acl{0, Id{"world", "anyone"}}}));
  const auto empty = parse_acl("");
  EXPECT_TRUE(empty.acl.empty());
  EXPECT_EQ(empty.warnings, (std::vector<std::string>{" does not have the form scheme:id:perm"}));
}

TEST(ParseAcl, CommasAsJavaSplitsThem) {
  // String.split drops trailing empty pieces, keeps inner ones.
  EXPECT_TRUE(parse_acl(",").warnings.empty());
  EXPECT_EQ(parse_acl("world:anyone:r,").acl.size(), 1u);
  EXPECT_EQ(parse_acl(",world:anyone:r").warnings.size(), 1u);
  EXPECT_EQ(parse_acl("world:anyone:r,,world:anyone:w").warnings.size(), 1u);
}

TEST(PermString, LettersInZooKeepersOrder) {
  EXPECT_EQ(perm_string(perms::kAll), "cdrwa");
  EXPECT_EQ(perm_string(perms::kRead), "r");
  EXPECT_EQ(perm_string(perms::kAdmin | perms::kCreate), "ca");
  EXPECT_EQ(perm_string(0), "");
}

TEST(AclEntryText, AsZkCliGetAclPrintsIt) {
  EXPECT_EQ(acl_entry_text(Acl{perms::kAll, Id{"world", "anyone"}}), "'world,'anyone\n: cdrwa");
  EXPECT_EQ(acl_entry_text(Acl{perms::kRead, Id{"ip", "127.0.0.1"}}), "'ip,'127.0.0.1\n: r");
  // ToStringOutputArchive escapes ',' '%' '}' and line breaks.
  EXPECT_EQ(acl_entry_text(Acl{perms::kWrite, Id{"x", "a,b%c}d\ne"}}),
            "'x,'a%2Cb%25c%7Dd%0Ae\n: w");
}

TEST(AclRoundTrip, ParsedTextPrintsBack) {
  for (const char* text : {"world:anyone:cdrwa", "ip:127.0.0.1:r", "digest:bob:abc=:cd"}) {
    const auto parsed = parse_acl(text);
    ASSERT_EQ(parsed.acl.size(), 1u) << text;
    EXPECT_EQ(data::to_string(parsed.acl[0]), text);
  }
}

}  // namespace
}  // namespace zab::zabcli
