#include "checker/lin/report.h"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "counterexamples/escape.h"

namespace zab::lin {

namespace {

using nlohmann::json;

constexpr int64_t kNever = std::numeric_limits<int64_t>::max();

int64_t end_of(const Operation& op) {
  return op.complete.value_or(kNever);
}

std::string plural(size_t n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

// The register after each operation of the prefix, from the initial empty znode.
std::vector<Register> states_after(const History& history, const std::vector<size_t>& prefix) {
  std::vector<Register> out;
  Register r;
  for (const size_t i : prefix) {
    // The search placed each of them here, so none can be refused; keep the state if one were.
    r = step(history.operations[i], r).value_or(r);
    out.push_back(r);
  }
  return out;
}

std::string state_text(const History& history, Register r) {
  return fmt::format("{} v{}", cx::brief(history.values[r.value], 40), r.version);
}

json value_json(const History& history, ValueId id) {
  return json::parse(history.values[id], nullptr, false);
}

json operation_json(const History& history, size_t index) {
  const Operation& op = history.operations[index];
  json j = {{"line", op.line},
            {"process", op.process},
            {"op", to_string(op.kind)},
            {"key", cx::valid_utf8(op.key)},
            {"invoke", op.invoke},
            {"complete", op.complete ? json(*op.complete) : json(nullptr)},
            {"outcome", to_string(op.outcome)}};
  if (op.kind != OpKind::kRead || op.outcome == Outcome::kOk)
    j["value"] = value_json(history, op.value);
  if (op.version) j["version"] = *op.version;
  if (op.kind == OpKind::kCas) j["expected_version"] = op.expected_version;
  return j;
}

std::string role(const Window& w, size_t index) {
  if (index == w.unplaceable) return "unplaceable";
  const auto it = std::find(w.prefix_tail.begin(), w.prefix_tail.end(), index);
  if (it != w.prefix_tail.end())
    return fmt::format("linearized #{}", w.prefix_start + (it - w.prefix_tail.begin()) + 1);
  return "";
}

void violation_text(const History& history, const KeyResult& k, std::string& out) {
  const Window w = failing_window(history, k);
  const std::vector<Register> states = states_after(history, k.prefix);
  out += fmt::format("key {}: NOT LINEARIZABLE\n", cx::brief(k.key, 80));
  out +=
      fmt::format("  cannot be placed: {}\n", describe(history, history.operations[w.unplaceable]));
  out += fmt::format("  longest linearizable prefix: {} of {} on this key{}\n", k.prefix.size(),
                     plural(k.operations, "operation"),
                     k.prefix.empty() ? "" : "; it ends with, in order:");
  for (size_t n = 0; n < w.prefix_tail.size(); ++n) {
    const size_t at = w.prefix_start + n;
    out += fmt::format("    #{} {}  => {}\n", at + 1,
                       describe(history, history.operations[k.prefix[at]]),
                       state_text(history, states[at]));
  }
  out += fmt::format("  state after the prefix: {}\n",
                     state_text(history, states.empty() ? Register{} : states.back()));
  out += fmt::format("  the window ({}, by invoke; the rest of the prefix precedes it{}):\n",
                     plural(w.operations.size(), "operation"),
                     w.unknown_before == 0
                         ? ""
                         : fmt::format("; {} with an unknown outcome, invoked earlier, is pending "
                                       "throughout",
                                       plural(w.unknown_before, "more operation")));
  for (const size_t i : w.operations) {
    const std::string r = role(w, i);
    out += fmt::format("    {}{}\n", describe(history, history.operations[i]),
                       r.empty() ? "" : "  <- " + r);
  }
}

}  // namespace

Window failing_window(const History& history, const KeyResult& result) {
  Window w;
  w.unplaceable = *result.unplaceable;
  const Operation& bad = history.operations[w.unplaceable];
  w.prefix_start = result.prefix.size() - std::min(kPrefixTail, result.prefix.size());
  w.prefix_tail.assign(result.prefix.begin() + w.prefix_start, result.prefix.end());
  int64_t from = bad.invoke;
  for (const size_t i : w.prefix_tail)
    from = std::min(from, history.operations[i].invoke);
  const int64_t to = end_of(bad);
  for (size_t i = 0; i < history.operations.size(); ++i) {
    const Operation& op = history.operations[i];
    const bool wanted =
        i == w.unplaceable || std::count(w.prefix_tail.begin(), w.prefix_tail.end(), i);
    // An unknown outcome invoked before the window is pending through all of it; those are
    // counted, not listed (a history with many timeouts would show little else).
    const bool old_unknown = !op.complete && op.invoke < from;
    if (op.key != bad.key || !(wanted || (op.invoke <= to && end_of(op) >= from))) continue;
    if (old_unknown && !wanted)
      ++w.unknown_before;
    else
      w.operations.push_back(i);
  }
  std::stable_sort(w.operations.begin(), w.operations.end(), [&](size_t a, size_t b) {
    return history.operations[a].invoke < history.operations[b].invoke;
  });
  // A window crowded by long-pending operations keeps those nearest the unplaceable one.
  while (w.operations.size() > kWindowMax) {
    const auto drop = std::find_if(w.operations.begin(), w.operations.end(),
                                   [&](size_t i) { return role(w, i).empty(); });
    if (drop == w.operations.end()) break;
    w.operations.erase(drop);
  }
  return w;
}

std::string report_text(const History& history, const CheckResult& result) {
  std::string out;
  for (const KeyResult& k : result.keys) {
    if (k.verdict == Verdict::kNotLinearizable) violation_text(history, k, out);
    if (k.verdict == Verdict::kUndecided)
      out += fmt::format("key {}: undecided: stopped at the {} ({} operations on this key)\n",
                         cx::brief(k.key, 80), k.cut, k.operations);
  }
  out +=
      fmt::format("checked {} on {} in {:.3f} s ({} memoised, at most {} for one key)\n",
                  plural(result.operations, "operation"), plural(result.keys.size(), "key"),
                  result.seconds, plural(result.cache_entries, "state"), result.cache_entries_peak);
  switch (result.verdict) {
    case Verdict::kLinearizable:
      out += "result: ok: linearizable\n";
      break;
    case Verdict::kNotLinearizable:
      out += "result: not linearizable\n";
      break;
    case Verdict::kUndecided:
      out += "result: unknown: the search stopped at a limit before deciding\n";
      break;
  }
  return out;
}

json report_json(const History& history, const CheckResult& result) {
  json j = {{"result", to_string(result.verdict)},
            {"operations", result.operations},
            {"keys", result.keys.size()},
            {"seconds", result.seconds},
            {"cache_entries", result.cache_entries},
            {"cache_entries_peak", result.cache_entries_peak},
            {"violations", json::array()},
            {"undecided", json::array()}};
  for (const KeyResult& k : result.keys) {
    if (k.verdict == Verdict::kUndecided)
      j["undecided"].push_back({{"key", cx::valid_utf8(k.key)}, {"cut", k.cut}});
    if (k.verdict != Verdict::kNotLinearizable) continue;
    const Window w = failing_window(history, k);
    const std::vector<Register> states = states_after(history, k.prefix);
    json tail = json::array(), window = json::array();
    for (size_t n = 0; n < w.prefix_tail.size(); ++n) {
      json op = operation_json(history, w.prefix_tail[n]);
      const Register r = states[w.prefix_start + n];
      op["position"] = w.prefix_start + n + 1;
      op["state_after"] = {{"value", value_json(history, r.value)}, {"version", r.version}};
      tail.push_back(std::move(op));
    }
    for (const size_t i : w.operations) {
      json op = operation_json(history, i);
      op["role"] = role(w, i);
      window.push_back(std::move(op));
    }
    j["violations"].push_back({{"key", cx::valid_utf8(k.key)},
                               {"operations", k.operations},
                               {"prefix_length", k.prefix.size()},
                               {"prefix_tail", std::move(tail)},
                               {"unplaceable", operation_json(history, w.unplaceable)},
                               {"window", std::move(window)},
                               {"unknown_before_window", w.unknown_before}});
  }
  return j;
}

}  // namespace zab::lin
