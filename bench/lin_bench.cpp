// `zabcheck lin`'s search on generated histories: N operations by C concurrent clients on K
// keys, each operation run on a true register at a random instant of its interval (so the
// history is linearizable), --unknown-percent of outcomes unknown (1). Prints a Markdown table (the
// README's figures): the median check time of --reps runs, the memoised states, and whether a
// history with one stale read spliced in is caught (and how long that takes).
//
//   zabcheck-lin-bench [--reps 3] [--sizes 1000,10000,100000] [--concurrency 5] [--keys 1]
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>
#include <vector>

#include "checker/lin/search.h"

namespace {

using namespace zab::lin;

struct Shape {
  size_t operations;
  int concurrency, keys;
};

// The JSON lines of a linearizable history; with `stale`, one read past the middle answers its
// key's first value, long overwritten.
std::string generate(const Shape& shape, uint64_t seed, bool stale, int unknown_percent) {
  std::mt19937_64 rng(seed);
  auto pick = [&](int64_t n) { return int64_t(rng() % uint64_t(n)); };
  struct Planned {
    int process, kind, key;
    int64_t invoke, complete, point, value, expected;
    bool unknown;
  };
  std::vector<int64_t> clock(shape.concurrency, 0);
  std::vector<Planned> plan;
  for (size_t i = 0; i < shape.operations; ++i) {
    // The client that is free first starts the next operation: C operations in flight.
    const int p = int(std::min_element(clock.begin(), clock.end()) - clock.begin());
    Planned o{p,
              int(pick(10)),
              int(pick(shape.keys)),
              clock[p] + pick(3),
              0,
              0,
              int64_t(i) + 1,
              0,
              pick(100) < unknown_percent};
    o.complete = o.invoke + 1 + pick(20);
    o.point = o.invoke + pick(o.complete - o.invoke + 1);
    clock[p] = o.complete + 1;
    plan.push_back(o);
  }
  std::vector<size_t> order(plan.size());
  for (size_t i = 0; i < order.size(); ++i)
    order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return plan[a].point < plan[b].point; });
  std::vector<std::pair<int64_t, int64_t>> truth(shape.keys, {0, 0}), first(shape.keys, {0, 0});
  bool spliced = false;
  std::vector<std::string> lines(plan.size());
  for (const size_t i : order) {
    Planned& o = plan[i];
    auto& z = truth[o.key];
    std::string text =
        fmt::format(R"({{"process":{},"key":"/k{}","invoke":{})", o.process, o.key, o.invoke);
    const std::string end = o.unknown ? R"(,"outcome":"unknown")"
                                      : fmt::format(R"(,"complete":{},"outcome":"ok")", o.complete);
    if (o.kind < 5) {  // half reads
      auto seen = z;
      // The stale read: the key's first value, long overwritten.
      if (stale && !spliced && i >= plan.size() / 2 && z.second > 2) {
        seen = first[o.key];
        spliced = !o.unknown;
      }
      // The initial value is the empty string, every written one an integer.
      const std::string value = seen.second == 0 ? "\"\"" : std::to_string(seen.first);
      if (!o.unknown)
        lines[i] =
            text + fmt::format(R"(,"op":"read","value":{},"version":{})", value, seen.second) + end;
      continue;
    }
    if (z.second == 0) first[o.key] = {o.value, 1};
    if (o.kind < 8) {
      z = {o.value, z.second + 1};
      lines[i] = text + fmt::format(R"(,"op":"write","value":{})", o.value) + end;
      continue;
    }
    const int64_t expected = std::max<int64_t>(0, z.second - pick(2));  // usually current
    const bool applies = expected == z.second;
    if (applies) z = {o.value, z.second + 1};
    std::string outcome = end;
    if (!applies && !o.unknown)
      outcome = fmt::format(R"(,"complete":{},"outcome":"fail")", o.complete);
    lines[i] = text +
               fmt::format(R"(,"op":"cas","value":{},"expected_version":{})", o.value, expected) +
               outcome;
  }
  std::string out;
  for (const std::string& l : lines)
    if (!l.empty()) out += l + "}\n";
  return out;
}

struct Run {
  double seconds;
  CheckResult result;
};

Run measure(const std::string& text, int reps) {
  std::istringstream in(text);
  const History h = parse_history(in, "generated");
  std::vector<Run> runs;
  for (int r = 0; r < reps; ++r) {
    Limits limits;
    limits.time_limit_s = 120;
    CheckResult result = check_history(h, limits);
    runs.push_back({result.seconds, std::move(result)});
  }
  std::sort(runs.begin(), runs.end(),
            [](const Run& a, const Run& b) { return a.seconds < b.seconds; });
  return runs[runs.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"zabcheck lin's search on generated histories"};
  int reps = 3, concurrency = 5, keys = 1;
  std::vector<size_t> sizes{1000, 10000, 100000};
  app.add_option("--reps", reps)->check(CLI::Range(1, 100));
  app.add_option("--sizes", sizes)->delimiter(',');
  app.add_option("--concurrency", concurrency)->check(CLI::Range(1, 64));
  app.add_option("--keys", keys)->check(CLI::Range(1, 1000));
  int unknown_percent = 1;
  app.add_option("--unknown-percent", unknown_percent, "outcomes left unknown")
      ->check(CLI::Range(0, 100));
  std::string dump;
  app.add_option("--write-histories", dump,
                 "also write each generated history here (to time `zabcheck lin` on it)");
  CLI11_PARSE(app, argc, argv);
  fmt::print("{}% of outcomes unknown\n\n", unknown_percent);
  fmt::print(
      "| operations | clients | keys | linearizable: check | memoised | stale read: verdict | "
      "check |\n");
  fmt::print("|---:|---:|---:|---:|---:|---|---:|\n");
  for (const size_t n : sizes) {
    const Shape shape{n, concurrency, keys};
    const std::string good_text = generate(shape, 42, false, unknown_percent),
                      stale_text = generate(shape, 42, true, unknown_percent);
    if (!dump.empty()) {
      std::ofstream(fmt::format("{}/lin-{}-c{}-k{}.jsonl", dump, n, concurrency, keys))
          << good_text;
      std::ofstream(fmt::format("{}/lin-{}-c{}-k{}-stale.jsonl", dump, n, concurrency, keys))
          << stale_text;
    }
    const Run ok = measure(good_text, reps);
    const Run bad = measure(stale_text, reps);
    fmt::print("| {} | {} | {} | {:.3f} s ({}) | {} | {} | {:.3f} s |\n", n, concurrency, keys,
               ok.seconds, to_string(ok.result.verdict), ok.result.cache_entries,
               to_string(bad.result.verdict), bad.seconds);
  }
  return 0;
}
