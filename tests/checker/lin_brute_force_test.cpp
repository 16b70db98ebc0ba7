// The Wing-Gong-Lowe search against brute force: a few thousand small random histories (at most 7
// operations, 2-3 processes, 1-2 keys, some outcomes unknown or failed), each judged both ways.
// The brute force tries every order of every subset of the unknown operations that respects
// real-time order, over all keys at once (so it also checks that splitting by key is sound), and
// has its own reading of the register: it shares no code with the search.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <sstream>

#include "checker/lin/history.h"
#include "checker/lin/search.h"

namespace zab::lin {
namespace {

struct Znode {
  ValueId value = kInitialValue;
  int64_t version = 0;
};

// Whether `op`, placed now, agrees with what its client saw; applies it to `tree` if so. An
// unknown operation placed is one that took effect (an unknown cas at another version: no-op).
bool apply(const Operation& op, std::map<std::string, Znode>& tree) {
  Znode& z = tree[op.key];
  const bool ok = op.outcome == Outcome::kOk;
  if (op.kind == OpKind::kRead) {
    if (!ok) return true;
    return z.value == op.value && (!op.version || *op.version == z.version);
  }
  if (op.outcome == Outcome::kFail) {
    return op.kind == OpKind::kWrite || z.version != op.expected_version;
  }
  if (op.kind == OpKind::kCas && z.version != op.expected_version) return !ok;
  if (ok && op.version && *op.version != z.version + 1) return false;
  z = Znode{op.value, z.version + 1};
  return true;
}

bool precedes(const Operation& a, const Operation& b) {
  return a.complete && *a.complete < b.invoke;
}

// Depth-first over orders: the next operation is any unplaced one whose real-time predecessors
// are all placed. Unknown operations may also be left out: the search ends as soon as every
// operation with a completion is placed.
bool linearizable(const History& h, std::vector<bool>& placed, std::map<std::string, Znode> tree) {
  const auto& ops = h.operations;
  bool done = true;
  for (size_t i = 0; i < ops.size(); ++i)
    done &= placed[i] || ops[i].outcome == Outcome::kUnknown;
  if (done) return true;
  for (size_t i = 0; i < ops.size(); ++i) {
    if (placed[i]) continue;
    bool ready = true;
    for (size_t j = 0; j < ops.size(); ++j)
      ready &= placed[j] || !precedes(ops[j], ops[i]);
    if (!ready) continue;
    std::map<std::string, Znode> next = tree;
    if (!apply(ops[i], next)) continue;
    placed[i] = true;
    const bool found = linearizable(h, placed, std::move(next));
    placed[i] = false;
    if (found) return true;
  }
  return false;
}

// A random history that is usually linearizable: each operation runs on a true register at a
// random instant of its interval, its answer recorded; then, often, one answer is spoiled.
std::string random_history(std::mt19937_64& rng) {
  auto pick = [&](int n) { return int(rng() % uint64_t(n)); };
  const int processes = 2 + pick(2), keys = 1 + pick(2), count = 1 + pick(7);
  struct Planned {
    int process, kind, key, value, expected;
    int64_t invoke, complete, point;
    int outcome;  // 0 ok, 1 fail, 2 unknown
    bool takes_effect;
  };
  std::vector<int64_t> clock(processes, 0);
  std::vector<Planned> plan;
  for (int i = 0; i < count; ++i) {
    Planned p{};
    p.process = pick(processes);
    p.kind = pick(3);
    p.key = pick(keys);
    p.value = 1 + pick(3);
    p.expected = pick(3);
    p.invoke = clock[p.process] + pick(4);
    p.complete = p.invoke + pick(8);
    clock[p.process] = p.complete + 1;
    p.point = p.invoke + pick(int(p.complete - p.invoke) + 1);
    p.outcome = pick(6) == 0 ? 2 : 0;
    if (p.outcome == 2) {
      p.takes_effect = pick(2) == 0;
      p.point = p.invoke + pick(20);  // maybe long after its client gave up
    }
    plan.push_back(p);
  }
  std::vector<size_t> by_point(plan.size());
  for (size_t i = 0; i < plan.size(); ++i)
    by_point[i] = i;
  std::stable_sort(by_point.begin(), by_point.end(),
                   [&](size_t a, size_t b) { return plan[a].point < plan[b].point; });
  std::vector<std::pair<int, int>> truth(keys, {0, 0});  // value, version
  std::vector<std::pair<int, int>> seen(plan.size());
  for (const size_t i : by_point) {
    Planned& p = plan[i];
    auto& z = truth[p.key];
    if (p.outcome == 2 && !p.takes_effect) continue;
    if (p.kind == 0) seen[i] = z;
    if (p.kind == 1) z = {p.value, z.second + 1};
    if (p.kind == 2 && z.second == p.expected)
      z = {p.value, z.second + 1};
    else if (p.kind == 2 && p.outcome == 0)
      p.outcome = 1;  // BadVersion
    if (p.kind != 0) seen[i] = z;
  }
  if (pick(2) == 0 && !plan.empty()) {  // spoil one answer
    const size_t i = pick(int(plan.size()));
    if (plan[i].kind == 0)
      seen[i].first = pick(4);
    else if (plan[i].kind == 2 && plan[i].outcome != 2)
      plan[i].outcome = 1 - plan[i].outcome;
    else
      seen[i].second += 1;
  }
  std::ostringstream out;
  const char* kinds[] = {"read", "write", "cas"};
  const char* outcomes[] = {"ok", "fail", "unknown"};
  for (size_t i = 0; i < plan.size(); ++i) {
    const Planned& p = plan[i];
    out << "{\"process\":" << p.process << ",\"op\":\"" << kinds[p.kind] << "\",\"key\":\"/k"
        << p.key << "\",\"outcome\":\"" << outcomes[p.outcome] << "\",\"invoke\":" << p.invoke;
    if (p.outcome != 2) out << ",\"complete\":" << p.complete;
    const int value = p.kind == 0 ? seen[i].first : p.value;
    // The initial value is "", the others integers.
    if (p.kind != 0 || p.outcome == 0)
      out << ",\"value\":" << (value == 0 ? "\"\"" : std::to_string(value));
    if (p.kind == 2) out << ",\"expected_version\":" << p.expected;
    if (p.outcome == 0 && pick(2) == 0) out << ",\"version\":" << seen[i].second;
    out << "}\n";
  }
  return out.str();
}

TEST(LinBruteForce, WglAgreesWithEveryOrderOnRandomHistories) {
  std::mt19937_64 rng(20261207);
  int agreed_yes = 0, agreed_no = 0;
  for (int n = 0; n < 4000; ++n) {
    const std::string text = random_history(rng);
    std::istringstream in(text);
    const History h = parse_history(in, "random");
    std::vector<bool> placed(h.operations.size(), false);
    const bool expected = linearizable(h, placed, {});
    const CheckResult r = check_history(h, Limits{});
    ASSERT_NE(r.verdict, Verdict::kUndecided) << text;
    ASSERT_EQ(r.verdict == Verdict::kLinearizable, expected) << text;
    (expected ? agreed_yes : agreed_no)++;
    for (const KeyResult& k : r.keys) {
      if (k.verdict != Verdict::kNotLinearizable) continue;
      // The reported prefix is itself a legal order, and the unplaceable op is not in it.
      std::map<std::string, Znode> tree;
      for (const size_t i : k.prefix)
        ASSERT_TRUE(apply(h.operations[i], tree)) << text;
      ASSERT_TRUE(k.unplaceable);
      ASSERT_EQ(std::count(k.prefix.begin(), k.prefix.end(), *k.unplaceable), 0) << text;
    }
  }
  // Neither verdict may be vacuous.
  EXPECT_GT(agreed_yes, 1000);
  EXPECT_GT(agreed_no, 500);
  std::cout << agreed_yes << " linearizable, " << agreed_no << " not\n";
}

}  // namespace
}  // namespace zab::lin
