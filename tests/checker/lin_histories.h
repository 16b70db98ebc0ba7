// Histories the lin tests share: one operation line on /a, and a history no search can finish.
#pragma once

#include <string>

namespace zab::lin_testing {

// One operation line on /a: process, op, then the rest of the JSON object.
inline std::string op(int process, const std::string& kind, const std::string& rest) {
  return "{\"process\":" + std::to_string(process) + ",\"op\":\"" + kind + "\",\"key\":\"/a\"," +
         rest + "}\n";
}

// `writes` concurrent writes of distinct values and a concurrent read of a value none wrote: not
// linearizable, but only after trying every subset of the writes (2^writes), so a search of it
// must stop at its limits.
inline std::string endless_history(int writes) {
  std::string text;
  for (int i = 0; i < writes; ++i)
    text += op(i, "write",
               "\"value\":" + std::to_string(i) + R"(,"invoke":0,"complete":100,"outcome":"ok")");
  return text + op(writes, "read", R"("value":"none","invoke":0,"complete":100,"outcome":"ok")");
}

}  // namespace zab::lin_testing
