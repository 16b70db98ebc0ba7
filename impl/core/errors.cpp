#include "impl/core/errors.h"

namespace zab {

std::string_view code_name(Code code) {
  switch (code) {
    case Code::kOk:
      return "OK";
    case Code::kSystemError:
      return "SYSTEMERROR";
    case Code::kRuntimeInconsistency:
      return "RUNTIMEINCONSISTENCY";
    case Code::kDataInconsistency:
      return "DATAINCONSISTENCY";
    case Code::kConnectionLoss:
      return "CONNECTIONLOSS";
    case Code::kMarshallingError:
      return "MARSHALLINGERROR";
    case Code::kUnimplemented:
      return "UNIMPLEMENTED";
    case Code::kOperationTimeout:
      return "OPERATIONTIMEOUT";
    case Code::kBadArguments:
      return "BADARGUMENTS";
    case Code::kInvalidState:
      return "INVALIDSTATE";
    case Code::kUnknownSession:
      return "UNKNOWNSESSION";
    case Code::kNewConfigNoQuorum:
      return "NEWCONFIGNOQUORUM";
    case Code::kReconfigInProgress:
      return "RECONFIGINPROGRESS";
    case Code::kSslConnectionError:
      return "SSLCONNECTIONERROR";
    case Code::kApiError:
      return "APIERROR";
    case Code::kNoNode:
      return "NONODE";
    case Code::kNoAuth:
      return "NOAUTH";
    case Code::kBadVersion:
      return "BADVERSION";
    case Code::kNoChildrenForEphemerals:
      return "NOCHILDRENFOREPHEMERALS";
    case Code::kNodeExists:
      return "NODEEXISTS";
    case Code::kNotEmpty:
      return "NOTEMPTY";
    case Code::kSessionExpired:
      return "SESSIONEXPIRED";
    case Code::kInvalidCallback:
      return "INVALIDCALLBACK";
    case Code::kInvalidAcl:
      return "INVALIDACL";
    case Code::kAuthFailed:
      return "AUTHFAILED";
    case Code::kClosing:
      return "CLOSING";
    case Code::kNothing:
      return "NOTHING";
    case Code::kSessionMoved:
      return "SESSIONMOVED";
    case Code::kNotReadOnly:
      return "NOTREADONLY";
    case Code::kEphemeralOnLocalSession:
      return "EPHEMERALONLOCALSESSION";
    case Code::kNoWatcher:
      return "NOWATCHER";
    case Code::kRequestTimeout:
      return "REQUESTTIMEOUT";
    case Code::kReconfigDisabled:
      return "RECONFIGDISABLED";
    case Code::kSessionClosedRequireSaslAuth:
      return "SESSIONCLOSEDREQUIRESASLAUTH";
    case Code::kQuotaExceeded:
      return "QUOTAEXCEEDED";
    case Code::kThrottledOp:
      return "THROTTLEDOP";
  }
  return "UNKNOWN";
}

bool is_known_code(int32_t value) {
  return code_name(static_cast<Code>(value)) != "UNKNOWN";
}

std::string to_string(const Error& error) {
  return fmt::format("{}: {}", code_name(error.code), error.message);
}

}  // namespace zab
