// The Wing-Gong-Lowe search for a linearization of one znode's operations, with Lowe's
// memoisation of (operations linearized so far, register state), as Knossos and Porcupine do.
// Linearizability is local (Herlihy and Wing's P-compositionality): a history is linearizable iff
// the sub-history of every key is, so each key is searched on its own.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "checker/lin/history.h"

namespace zab::lin {

// A znode as setData and getData see it.
struct Register {
  ValueId value = kInitialValue;
  int64_t version = 0;
};

// The operation applied at one instant, or nullopt when its answer rules that instant out.
std::optional<Register> step(const Operation& op, Register r);

enum class Verdict { kLinearizable, kNotLinearizable, kUndecided };

struct Limits {
  double time_limit_s = 60;  // over the whole history, all keys together
  // Memoised (linearized set, state) pairs of one key (a key's are freed before the next is
  // searched); --memory-limit divided by kCacheEntryBytes.
  size_t cache_entries_max = size_t(1) << 24;
};

// What a memoised pair costs: a 128-bit fingerprint of the set, the state, the hash node, its
// bucket and the allocator's header (measured: 8.4 million entries took 600 MB).
inline constexpr size_t kCacheEntryBytes = 72;

struct KeyResult {
  std::string key;
  Verdict verdict = Verdict::kLinearizable;
  size_t operations = 0;  // of this key, after dropping those that constrain nothing
  // Not linearizable: the longest linearizable prefix the search found (indexes into
  // History::operations, in linearization order) and the operation whose completion came before
  // any extension of that prefix could place it.
  std::vector<size_t> prefix;
  std::optional<size_t> unplaceable;
  std::string cut;  // undecided: "time-limit" or "memory-limit"
  size_t cache_entries = 0;
};

struct CheckResult {
  Verdict verdict = Verdict::kLinearizable;
  std::vector<KeyResult> keys;  // in key order
  size_t operations = 0;
  double seconds = 0;
  size_t cache_entries = 0;       // all keys together
  size_t cache_entries_peak = 0;  // the most one key held: what --memory-limit bounds
};

CheckResult check_history(const History& history, const Limits& limits);

// One key's operations (indexes into history.operations), all on that key. The deadline is shared
// with the caller; the memoised pairs are the key's own, freed when it returns.
KeyResult check_key(const History& history, const std::vector<size_t>& ops,
                    std::chrono::steady_clock::time_point deadline, size_t cache_entries_max);

std::string_view to_string(Verdict verdict);

}  // namespace zab::lin
