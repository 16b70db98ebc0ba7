#include "cmd/zabcli/keeper_messages.h"

#include <fmt/format.h>

namespace zab::zabcli {

std::string keeper_code_message(Code code) {
  switch (code) {
    case Code::kOk:
      return "ok";
    case Code::kSystemError:
      return "SystemError";
    case Code::kRuntimeInconsistency:
      return "RuntimeInconsistency";
    case Code::kDataInconsistency:
      return "DataInconsistency";
    case Code::kConnectionLoss:
      return "ConnectionLoss";
    case Code::kMarshallingError:
      return "MarshallingError";
    case Code::kNewConfigNoQuorum:
      return "NewConfigNoQuorum";
    case Code::kReconfigInProgress:
      return "ReconfigInProgress";
    case Code::kUnimplemented:
      return "Unimplemented";
    case Code::kOperationTimeout:
      return "OperationTimeout";
    case Code::kBadArguments:
      return "BadArguments";
    case Code::kApiError:
      return "APIError";
    case Code::kNoNode:
      return "NoNode";
    case Code::kNoAuth:
      return "NoAuth";
    case Code::kBadVersion:
      return "BadVersion";
    case Code::kNoChildrenForEphemerals:
      return "NoChildrenForEphemerals";
    case Code::kNodeExists:
      return "NodeExists";
    case Code::kInvalidAcl:
      return "InvalidACL";
    case Code::kAuthFailed:
      return "AuthFailed";
    case Code::kNotEmpty:
      return "Directory not empty";
    case Code::kSessionExpired:
      return "Session expired";
    case Code::kInvalidCallback:
      return "Invalid callback";
    case Code::kSessionMoved:
      return "Session moved";
    case Code::kNotReadOnly:
      return "Not a read-only call";
    case Code::kEphemeralOnLocalSession:
      return "Ephemeral node on local session";
    case Code::kNoWatcher:
      return "No such watcher";
    case Code::kReconfigDisabled:
      return "Reconfig is disabled";
    case Code::kSessionClosedRequireSaslAuth:
      return "Session closed because client failed to authenticate";
    case Code::kQuotaExceeded:
      return "Quota has exceeded";
    case Code::kThrottledOp:
      return "Op throttled due to high load";
    case Code::kRequestTimeout:  // not in getCodeMessage's switch
    case Code::kUnknownSession:
    case Code::kInvalidState:
    case Code::kSslConnectionError:
    case Code::kClosing:
    case Code::kNothing:
      break;
  }
  // Java's "Unknown error " + code: the code is a KeeperException.Code, printed by its name.
  return fmt::format("Unknown error {}", code_name(code));
}

std::string keeper_exception_message(Code code, std::string_view path) {
  if (path.empty()) return "KeeperErrorCode = " + keeper_code_message(code);
  return fmt::format("KeeperErrorCode = {} for {}", keeper_code_message(code), path);
}

std::string cli_error_message(Code code, std::string_view path) {
  switch (code) {
    case Code::kNoNode:
      return fmt::format("Node does not exist: {}", path);
    case Code::kNoChildrenForEphemerals:
      return fmt::format("Ephemerals cannot have children: {}", path);
    case Code::kNodeExists:
      return fmt::format("Node already exists: {}", path);
    case Code::kNotEmpty:
      return fmt::format("Node not empty: {}", path);
    case Code::kNotReadOnly:
      return fmt::format("Not a read-only call: {}", path);
    case Code::kInvalidAcl:
      return fmt::format("Acl is not valid : {}", path);
    case Code::kNoAuth:
      return fmt::format("Insufficient permission : {}", path);
    case Code::kBadArguments:
      return fmt::format("Arguments are not valid : {}", path);
    case Code::kBadVersion:
      return fmt::format("version No is not valid : {}", path);
    case Code::kReconfigInProgress:
      return "Another reconfiguration is in progress -- concurrent reconfigs not supported (yet)";
    case Code::kQuotaExceeded:
      return fmt::format("Quota has exceeded : {}", path);
    default:
      return keeper_exception_message(code, path);
  }
}

}  // namespace zab::zabcli
