#include "impl/core/check.h"

#include <atomic>
#include <cstdio>
#include <cstdlib>

namespace zab {
namespace {
std::atomic<bool> g_throw{false};
}

void set_assertions_throw(bool throw_on_failure) { g_throw = throw_on_failure; }

void assertion_failed(const char* condition, const std::string& message,
                      std::source_location where) {
  std::string text = std::string("assertion failed: ") + condition;
  if (!message.empty()) text += " (" + message + ")";
  text += " at " + std::string(where.file_name()) + ":" + std::to_string(where.line());
  if (g_throw) throw AssertionFailure(text);
  std::fprintf(stderr, "%s\n", text.c_str());
  std::abort();
}

}  // namespace zab
