// ZooKeeper's error codes in the words zkCli prints: KeeperException.getMessage
// ("KeeperErrorCode = NoNode for /x") and CliWrapperException's friendlier sentences ("Node does
// not exist: /x"). Pure, unit-tested.
#pragma once

#include <string>
#include <string_view>

#include "impl/core/errors.h"

namespace zab::zabcli {

// KeeperException.getCodeMessage: "NoNode", "Directory not empty", "Session expired", ...
std::string keeper_code_message(Code code);
// KeeperException.getMessage: "KeeperErrorCode = <code message> for <path>" (no " for ..." when
// the path is empty).
std::string keeper_exception_message(Code code, std::string_view path);
// CliWrapperException.getMessage: "Node does not exist: /x", "Node already exists: /x", "Node not
// empty: /x", "version No is not valid : /x", "Insufficient permission : /x", "Acl is not valid :
// /x", ...; the KeeperException message for the other codes.
std::string cli_error_message(Code code, std::string_view path);

}  // namespace zab::zabcli
