// The words zkCli prints for ZooKeeper's errors (CliWrapperException, KeeperException.getMessage).
#include "cmd/zabcli/keeper_messages.h"

#include <gtest/gtest.h>

namespace zab::zabcli {
namespace {

TEST(CliErrorMessage, TheFriendlySentences) {
  EXPECT_EQ(cli_error_message(Code::kNoNode, "/x"), "Node does not exist: /x");
  EXPECT_EQ(cli_error_message(Code::kNodeExists, "/x"), "Node already exists: /x");
  EXPECT_EQ(cli_error_message(Code::kNotEmpty, "/x"), "Node not empty: /x");
  EXPECT_EQ(cli_error_message(Code::kBadVersion, "/x"), "version No is not valid : /x");
  EXPECT_EQ(cli_error_message(Code::kNoAuth, "/x"), "Insufficient permission : /x");
  EXPECT_EQ(cli_error_message(Code::kInvalidAcl, "/x"), "Acl is not valid : /x");
  EXPECT_EQ(cli_error_message(Code::kNoChildrenForEphemerals, "/x"),
            "Ephemerals cannot have children: /x");
  EXPECT_EQ(cli_error_message(Code::kBadArguments, "/x"), "Arguments are not valid : /x");
}

TEST(CliErrorMessage, OtherCodesAsKeeperExceptionPrintsThem) {
  EXPECT_EQ(cli_error_message(Code::kUnimplemented, "/t"),
            "KeeperErrorCode = Unimplemented for /t");
  EXPECT_EQ(cli_error_message(Code::kConnectionLoss, "/a"),
            "KeeperErrorCode = ConnectionLoss for /a");
  EXPECT_EQ(cli_error_message(Code::kSessionExpired, "/a"),
            "KeeperErrorCode = Session expired for /a");
}

TEST(KeeperExceptionMessage, WithAndWithoutAPath) {
  EXPECT_EQ(keeper_exception_message(Code::kInvalidAcl, ""), "KeeperErrorCode = InvalidACL");
  EXPECT_EQ(keeper_exception_message(Code::kNotEmpty, "/a"),
            "KeeperErrorCode = Directory not empty for /a");
  // Codes getCodeMessage has no case for: "Unknown error " and the Code's name.
  EXPECT_EQ(keeper_code_message(Code::kRequestTimeout), "Unknown error REQUESTTIMEOUT");
}

}  // namespace
}  // namespace zab::zabcli
