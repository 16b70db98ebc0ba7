#include "checker/lin/search.h"

#include <algorithm>
#include <map>
#include <stdexcept>
#include <unordered_set>

namespace zab::lin {

namespace {

// Operations that can be placed without effect anywhere in their interval change no verdict:
// a failed read or write (the server answered an error: nothing changed, nothing was seen) and an
// unknown read (nothing was seen).
bool constrains(const Operation& op) {
  if (op.outcome == Outcome::kUnknown) return op.kind != OpKind::kRead;
  if (op.outcome == Outcome::kFail) return op.kind == OpKind::kCas;
  return true;
}

uint64_t splitmix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// The memoised pair. The set of linearized operations is kept exactly on the search's stack; the
// cache holds its 128-bit Zobrist fingerprint (the XOR of a fixed random pair per operation), as
// the model checker's visited set holds fingerprints of states: a set is 16 bytes whatever the
// history's length, and two sets collide with probability about 2^-128 per pair.
struct CacheKey {
  uint64_t low = 0, high = 0;
  Register state;
  bool operator==(const CacheKey& o) const {
    return low == o.low && high == o.high && state.value == o.state.value &&
           state.version == o.state.version;
  }
};
struct CacheHash {
  size_t operator()(const CacheKey& k) const {
    return k.low ^ splitmix64(k.state.value ^ (uint64_t(k.state.version) << 32));
  }
};

constexpr size_t kNone = size_t(-1);

// One call or return in the time-ordered doubly linked list of Lowe's algorithm.
struct Node {
  size_t op = kNone;  // local index into Search::ops_
  bool call = false;
  size_t match = kNone;  // a call's return node; kNone when the outcome is unknown
  size_t prev = kNone, next = kNone;
};

class Search {
 public:
  Search(const History& history, const std::vector<size_t>& ops) : history_(history) {
    for (const size_t i : ops)
      if (constrains(history.operations[i])) ops_.push_back(i);
    build_list();
  }

  KeyResult run(std::chrono::steady_clock::time_point deadline, size_t budget);

 private:
  void build_list();
  void lift(size_t call) {
    unlink(call);
    if (nodes_[call].match != kNone) unlink(nodes_[call].match);
  }
  void unlift(size_t call) {
    if (nodes_[call].match != kNone) relink(nodes_[call].match);
    relink(call);
  }
  void unlink(size_t n) {
    nodes_[nodes_[n].prev].next = nodes_[n].next;
    nodes_[nodes_[n].next].prev = nodes_[n].prev;
  }
  void relink(size_t n) {
    nodes_[nodes_[n].prev].next = n;
    nodes_[nodes_[n].next].prev = n;
  }
  void record_failure(size_t return_node);

  struct Frame {
    size_t call;      // the node lifted
    Register before;  // the state before its operation
  };

  const History& history_;
  std::vector<size_t> ops_;  // the key's operations that constrain the verdict
  std::vector<Node> nodes_;  // [0] the head sentinel, [1] the tail sentinel
  std::vector<Frame> stack_;
  // The deepest point a return stopped the search: the prefix then on the stack. best_ and the
  // stack agree on their first `common_` frames, so each improvement copies only what changed.
  std::vector<size_t> best_;
  std::optional<size_t> best_unplaceable_;
  size_t common_ = 0;
};

void Search::build_list() {
  struct Event {
    int64_t time;
    bool call;
    size_t op;
  };
  std::vector<Event> events;
  for (size_t i = 0; i < ops_.size(); ++i) {
    const Operation& op = history_.operations[ops_[i]];
    events.push_back({op.invoke, true, i});
    if (op.complete) events.push_back({*op.complete, false, i});
  }
  // At equal times calls come first: an operation completing at t and one invoked at t are
  // concurrent, the lenient reading of equal clock readings.
  std::stable_sort(events.begin(), events.end(), [](const Event& a, const Event& b) {
    return a.time != b.time ? a.time < b.time : a.call > b.call;
  });
  nodes_.assign(2 + events.size(), Node{});
  std::vector<size_t> call_node(ops_.size(), kNone);
  size_t prev = 0;
  for (size_t k = 0; k < events.size(); ++k) {
    const size_t n = 2 + k;
    nodes_[n].op = events[k].op;
    nodes_[n].call = events[k].call;
    if (events[k].call)
      call_node[events[k].op] = n;
    else
      nodes_[call_node[events[k].op]].match = n;
    nodes_[n].prev = prev;
    nodes_[prev].next = n;
    prev = n;
  }
  nodes_[prev].next = 1;
  nodes_[1].prev = prev;
}

void Search::record_failure(size_t return_node) {
  if (best_unplaceable_ && stack_.size() <= best_.size()) return;
  best_.resize(common_);
  for (size_t k = common_; k < stack_.size(); ++k)
    best_.push_back(ops_[nodes_[stack_[k].call].op]);
  common_ = stack_.size();
  best_unplaceable_ = ops_[nodes_[return_node].op];
}

KeyResult Search::run(std::chrono::steady_clock::time_point deadline, size_t budget) {
  KeyResult result;
  result.operations = ops_.size();
  std::vector<uint64_t> zobrist(2 * ops_.size());
  for (size_t i = 0; i < zobrist.size(); ++i)
    zobrist[i] = splitmix64(0x5a4b1e2c0ffee000ULL + i);
  size_t definite_left = 0;
  for (const size_t i : ops_)
    definite_left += history_.operations[i].complete.has_value();
  std::unordered_set<CacheKey, CacheHash> cache;
  CacheKey at;  // the current set's fingerprint and state
  size_t entry = nodes_[0].next;
  for (uint64_t iteration = 0; definite_left > 0; ++iteration) {
    if (iteration % 4096 == 0 && std::chrono::steady_clock::now() > deadline) {
      result.cut = "time-limit";
      break;
    }
    // While a definite operation is unplaced its return node is in the list, ahead of the tail.
    if (entry == 1) throw std::logic_error("lin: walked past every return node");
    const Node& node = nodes_[entry];
    const Operation& op = history_.operations[ops_[node.op]];
    if (!node.call) {
      record_failure(entry);
      if (stack_.empty()) {
        result.verdict = Verdict::kNotLinearizable;
        break;
      }
      const Frame top = stack_.back();
      stack_.pop_back();
      common_ = std::min(common_, stack_.size());
      const size_t back = nodes_[top.call].op;
      at.low ^= zobrist[2 * back];
      at.high ^= zobrist[2 * back + 1];
      at.state = top.before;
      unlift(top.call);
      definite_left += history_.operations[ops_[back]].complete.has_value();
      entry = nodes_[top.call].next;
      continue;
    }
    const std::optional<Register> after = step(op, at.state);
    if (after) {
      const CacheKey next{at.low ^ zobrist[2 * node.op], at.high ^ zobrist[2 * node.op + 1],
                          *after};
      if (cache.size() >= budget) {
        result.cut = "memory-limit";
        break;
      }
      if (cache.insert(next).second) {
        stack_.push_back({entry, at.state});
        at = next;
        lift(entry);
        definite_left -= op.complete.has_value();
        entry = nodes_[0].next;
        continue;
      }
    }
    entry = node.next;
  }
  if (!result.cut.empty()) result.verdict = Verdict::kUndecided;
  if (result.verdict == Verdict::kNotLinearizable) {
    result.prefix = best_;
    result.unplaceable = best_unplaceable_;
  }
  result.cache_entries = cache.size();
  return result;
}

}  // namespace

std::optional<Register> step(const Operation& op, Register r) {
  const bool version_seen = !op.version || *op.version == r.version + (op.kind != OpKind::kRead);
  switch (op.kind) {
    case OpKind::kRead:
      if (r.value != op.value || !version_seen) return std::nullopt;
      return r;
    case OpKind::kWrite:  // setData(path, value, -1)
      if (!version_seen) return std::nullopt;
      return Register{op.value, r.version + 1};
    case OpKind::kCas:  // setData(path, value, expected): DataTree.setData after
                        // PrepRequestProcessor
      if (op.outcome == Outcome::kFail) {
        // BadVersion: the version differed at the instant the leader checked it.
        if (r.version == op.expected_version) return std::nullopt;
        return r;
      }
      // An unknown cas whose version differs is a no-op, the same as not placing it at all.
      if (r.version != op.expected_version || !version_seen) return std::nullopt;
      return Register{op.value, r.version + 1};
  }
  return std::nullopt;
}

KeyResult check_key(const History& history, const std::vector<size_t>& ops,
                    std::chrono::steady_clock::time_point deadline, size_t cache_entries_max) {
  KeyResult result = Search(history, ops).run(deadline, cache_entries_max);
  if (!ops.empty()) result.key = history.operations[ops.front()].key;
  return result;
}

CheckResult check_history(const History& history, const Limits& limits) {
  const auto start = std::chrono::steady_clock::now();
  const auto deadline = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                    std::chrono::duration<double>(limits.time_limit_s));
  std::map<std::string, std::vector<size_t>> by_key;
  for (size_t i = 0; i < history.operations.size(); ++i)
    by_key[history.operations[i].key].push_back(i);
  CheckResult result;
  result.operations = history.operations.size();
  bool undecided = false, violated = false;
  for (const auto& [key, ops] : by_key) {
    KeyResult k = check_key(history, ops, deadline, limits.cache_entries_max);
    undecided |= k.verdict == Verdict::kUndecided;
    violated |= k.verdict == Verdict::kNotLinearizable;
    result.cache_entries += k.cache_entries;
    result.cache_entries_peak = std::max(result.cache_entries_peak, k.cache_entries);
    result.keys.push_back(std::move(k));
  }
  result.verdict = violated    ? Verdict::kNotLinearizable
                   : undecided ? Verdict::kUndecided
                               : Verdict::kLinearizable;
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

std::string_view to_string(Verdict verdict) {
  switch (verdict) {
    case Verdict::kLinearizable:
      return "ok";
    case Verdict::kNotLinearizable:
      return "not linearizable";
    case Verdict::kUndecided:
      return "unknown";
  }
  return "?";
}

}  // namespace zab::lin
