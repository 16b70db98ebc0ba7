// Always-on assertions. In the cluster a failed assertion aborts the process (LogCabin's PANIC);
// under the checker it throws, and the explorer reports it as a violation with the trace so far.
#pragma once

#include <source_location>
#include <stdexcept>
#include <string>

namespace zab {

struct AssertionFailure : std::logic_error {
  using std::logic_error::logic_error;
};

// How a failed assertion is handled. The default aborts; `set_assertions_throw(true)` makes
// failures throw AssertionFailure (the checker and the tests do this).
void set_assertions_throw(bool throw_on_failure);
[[noreturn]] void assertion_failed(const char* condition, const std::string& message,
                                   std::source_location where);

}  // namespace zab

#define ZK_ASSERT(cond)                                                            \
  do {                                                                             \
    if (!(cond)) [[unlikely]]                                                      \
      ::zab::assertion_failed(#cond, std::string(), std::source_location::current()); \
  } while (0)

#define ZK_ASSERT_MSG(cond, msg)                                                   \
  do {                                                                             \
    if (!(cond)) [[unlikely]]                                                      \
      ::zab::assertion_failed(#cond, (msg), std::source_location::current());      \
  } while (0)

#define ZK_UNREACHABLE(msg) ::zab::assertion_failed("unreachable", (msg), std::source_location::current())
