#include "impl/data/path.h"

#include <gtest/gtest.h>

namespace zab::data {
namespace {

using namespace std::string_literals;

TEST(DataValidatePath, AcceptsZooKeeperPaths) {
  for (std::string path :
       {"/", "/a", "/a/b", "/a.b", "/...", "/a/..b", "/a/b.", "/.a", "/zookeeper/quota",
        "/\xc3\xa9t\xc3\xa9", "/\xe6\x97\xa5\xe6\x9c\xac", "/a b", "/\xef\xbf\xaf"}) {
    EXPECT_TRUE(validate_path(path).ok()) << path;
  }
}

TEST(DataValidatePath, RejectsWhatPathUtilsRejects) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "length"},
      {"a", "start with /"},
      {"a/b", "start with /"},
      {"/a/", "end with /"},
      {"//", "end with /"},
      {"/a//b", "empty node name"},
      {"/.", "relative"},
      {"/..", "relative"},
      {"/a/./b", "relative"},
      {"/a/../b", "relative"},
      {"/a/..", "relative"},
      {"/a\0b"s, "null character"},
      {"/a\x01", "invalid character"},
      {"/a\x1f", "invalid character"},
      {"/a\x7f", "invalid character"},
      {"/\xc2\x80", "invalid character"},          // U+0080
      {"/\xc2\x9f", "invalid character"},          // U+009F
      {"/\xee\x80\x80", "invalid character"},      // U+E000, private use
      {"/\xef\xa3\xbf", "invalid character"},      // U+F8FF
      {"/\xef\xbf\xb0", "invalid character"},      // U+FFF0
      {"/\xef\xbf\xbf", "invalid character"},      // U+FFFF
      {"/\xf0\x9f\x98\x80", "invalid character"},  // outside the BMP: a surrogate pair in Java
      {"/\xed\xa0\x80", "invalid character"},      // an encoded surrogate
      {"/\xc0\xaf", "invalid character"},          // overlong '/'
      {"/\xff", "invalid character"},
      {"/\xe6\x97", "invalid character"},  // truncated
  };
  for (const auto& [path, reason] : cases) {
    const auto status = validate_path(path);
    ASSERT_FALSE(status.ok()) << path;
    EXPECT_EQ(status.code(), Code::kBadArguments) << path;
    EXPECT_NE(status.error().message.find(reason), std::string::npos)
        << path << ": " << status.error().message;
  }
}

TEST(DataPathArithmetic, ParentAndBasenameAsPrepRequestProcessorComputesThem) {
  EXPECT_EQ(parent_of("/a"), "");
  EXPECT_EQ(parent_of("/a/b"), "/a");
  EXPECT_EQ(parent_of("/a//b"), "/a/");
  EXPECT_EQ(parent_of("/a/"), "/a");
  EXPECT_EQ(parent_of("/"), "");
  EXPECT_FALSE(parent_of("ab").has_value());
  EXPECT_EQ(basename_of("/a/b"), "b");
  EXPECT_EQ(basename_of("/a/"), "");
  EXPECT_EQ(child_path("/", "a"), "/a");
  EXPECT_EQ(child_path("", "a"), "/a");
  EXPECT_EQ(child_path("/a", "b"), "/a/b");
}

TEST(DataPathArithmetic, SequentialSuffixIsTenDigitsOfTheCversion) {
  EXPECT_EQ(sequential_suffix(0), "0000000000");
  EXPECT_EQ(sequential_suffix(7), "0000000007");
  EXPECT_EQ(sequential_suffix(2147483647), "2147483647");
  EXPECT_EQ(sequential_suffix(-5), "-000000005");  // Java's %010d
}

TEST(DataPathArithmetic, SpecialPaths) {
  for (auto p : {"/", "/zookeeper", "/zookeeper/quota", "/zookeeper/config"}) {
    EXPECT_TRUE(is_special_path(p)) << p;
  }
  for (auto p : {"", "/zookeeper/x", "/zoo", "/zookeeper/"})
    EXPECT_FALSE(is_special_path(p)) << p;
}

}  // namespace
}  // namespace zab::data
