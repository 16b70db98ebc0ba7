// ZooKeeper's error codes (KeeperException.Code, wire.md §1.10) and the Result type every data
// operation returns: bad input is answered with the code a real server would send, never a crash.
#pragma once

#include <fmt/format.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "impl/core/check.h"

namespace zab {

// Values are the wire values; the client-side-only codes are listed too so that a reply decoder
// can name anything a server or client library may produce.
enum class Code : int32_t {
  kOk = 0,
  kSystemError = -1,
  kRuntimeInconsistency = -2,
  kDataInconsistency = -3,
  kConnectionLoss = -4,  // client-side
  kMarshallingError = -5,
  kUnimplemented = -6,
  kOperationTimeout = -7,
  kBadArguments = -8,
  kInvalidState = -9,  // client-side (C client)
  kUnknownSession = -12,
  kNewConfigNoQuorum = -13,
  kReconfigInProgress = -14,
  kSslConnectionError = -15,  // client-side (C client)
  kApiError = -100,
  kNoNode = -101,
  kNoAuth = -102,
  kBadVersion = -103,
  kNoChildrenForEphemerals = -108,
  kNodeExists = -110,
  kNotEmpty = -111,
  kSessionExpired = -112,
  kInvalidCallback = -113,
  kInvalidAcl = -114,
  kAuthFailed = -115,
  kClosing = -116,  // client-side (C client)
  kNothing = -117,  // client-side (C client)
  kSessionMoved = -118,
  kNotReadOnly = -119,
  kEphemeralOnLocalSession = -120,
  kNoWatcher = -121,
  kRequestTimeout = -122,
  kReconfigDisabled = -123,
  kSessionClosedRequireSaslAuth = -124,
  kQuotaExceeded = -125,
  kThrottledOp = -127,
};

// The Java name ("NONODE"), or the C name without its Z for client-side codes; "UNKNOWN" for a
// value that is not a ZooKeeper code (an ErrorTxn may carry any int).
std::string_view code_name(Code code);
// True when `value` is one of the codes above.
bool is_known_code(int32_t value);

// A failed operation: the code the client sees and a sentence for logs and tests.
struct Error {
  Code code = Code::kSystemError;
  std::string message;
  bool operator==(const Error&) const = default;
};
std::string to_string(const Error& error);  // "NONODE: /a/b"

template <class... Args>
Error make_error(Code code, fmt::format_string<Args...> format, Args&&... args) {
  return Error{code, fmt::format(format, std::forward<Args>(args)...)};
}

// A value or an Error (std::expected is C++23).
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) { ZK_ASSERT(this->error().code != Code::kOk); }

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  const T& value() const& {
    ZK_ASSERT_MSG(ok(), to_string(std::get<1>(v_)));
    return std::get<0>(v_);
  }
  T& value() & {
    ZK_ASSERT_MSG(ok(), to_string(std::get<1>(v_)));
    return std::get<0>(v_);
  }
  T&& value() && {
    ZK_ASSERT_MSG(ok(), to_string(std::get<1>(v_)));
    return std::get<0>(std::move(v_));
  }
  const T& operator*() const& { return value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const {
    ZK_ASSERT(!ok());
    return std::get<1>(v_);
  }
  Code code() const { return ok() ? Code::kOk : error().code; }

 private:
  std::variant<T, Error> v_;
};

// Success without a value, or an Error.
template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)) { ZK_ASSERT(error_->code != Code::kOk); }
  bool ok() const { return !error_; }
  explicit operator bool() const { return ok(); }
  const Error& error() const {
    ZK_ASSERT(!ok());
    return *error_;
  }
  Code code() const { return ok() ? Code::kOk : error_->code; }

 private:
  std::optional<Error> error_;
};
using Status = Result<void>;

}  // namespace zab
