#include "cmd/zabcheck/check_run.h"

#include <fmt/format.h>

#include <iostream>
#include <thread>

#include "cmd/zabcheck/deepening_words.h"
#include "cmd/zabcheck/memory_limit.h"
#include "cmd/zabcheck/numbers.h"
#include "cmd/zabcheck/output_paths.h"
#include "cmd/zabcheck/trace_out.h"
#include "counterexamples/output_file.h"
#include "counterexamples/report.h"

namespace zab::check {
namespace {

void print_search_progress(const Progress& p) {
  const double rate = p.seconds > 0 ? static_cast<double>(p.generated) / p.seconds : 0;
  std::cerr << fmt::format(
      "  {:>12} distinct | {:>10.0f} states/s | queue {:>10} | depth {:>3} | "
      "{:>6} MiB{}\n",
      with_commas(p.distinct), rate, with_commas(p.queue), p.depth, p.rss_bytes >> 20,
      progress_bound(p));
}

SearchOptions search_options(const CheckOptions& o) {
  SearchOptions s;
  s.properties = o.properties.empty() ? props::PropertySet::all_safety(o.run.clients > 0)
                                      : props::PropertySet::named(o.properties);
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  s.threads = o.threads > 0 ? o.threads : static_cast<int>(std::min<unsigned>(cores, kThreadsMax));
  s.depth_max = o.run.depth_max;
  s.por = o.por;
  s.state_max = o.state_max;
  s.record_graph = s.properties.has_liveness() || !o.graph_out.empty();
  if (s.record_graph && (s.state_max == 0 || s.state_max > o.graph_max)) s.state_max = o.graph_max;
  if (o.progress && !o.json) s.on_progress = print_search_progress;
  s.stop = stop_flag();
  return s;
}

}  // namespace

uint64_t memory_limit(const CheckOptions& o) {
  return o.memory_max ? *o.memory_max : default_memory_limit_bytes(memory_bounds());
}

std::optional<World> start_or_explain(const WorldConfig& cfg, const std::string& from) {
  try {
    return start_world(cfg, from);
  } catch (const std::exception& e) {
    std::cerr << fmt::format("zabcheck: cannot reach the start state '{}': {}\n", from, e.what());
    return std::nullopt;
  }
}

CheckOutcome explore(const CheckOptions& o, const World& start, uint64_t memory_max) {
  CheckOutcome out;
  const SearchOptions s = search_options(o);
  out.properties = s.properties;
  out.memory_max = memory_max;
  // --dfs without --depth deepens round by round rather than wander down a single path.
  if (!o.dfs)
    out.search = bfs(start, s);
  else
    out.search = s.depth_max > 0 ? dfs(start, s) : iterative_deepening(start, s);
  out.ending = ending_of(out.search.cut);
  out.violation = out.search.violation;
  out.trace = out.search.trace;
  if (out.violation) {
    for (const auto& v : violations_at_end(start, out.trace, s.properties))
      if (v.property != out.violation->property) out.also_violated.push_back(v.property);
  } else if (!incomplete(out.ending)) {
    out.vacuous = s.properties.vacuous(out.search.reached);
  }
  out.verdict = verdict_word(out.violation.has_value(), out.ending, !out.vacuous.empty());
  return out;
}

void write_outputs(const CheckOptions& o, const World& start, CheckOutcome& out) {
  if (out.violation) {
    out.trace_path =
        o.trace_out.empty() ? "counterexample-" + out.violation->property + ".trace" : o.trace_out;
    const auto& deepening = out.search.deepening;
    const std::string how = deepening ? fmt::format("dfs bound {}", deepening->bound)
                            : o.dfs   ? "dfs"
                                      : "bfs";
    const auto trace = make_trace(o.run, *out.violation, start, out.trace, how, out.search);
    out.trace_written =
        attempt_write(out.write_errors, [&] { cx::write_trace(out.trace_path, trace); });
    if (!o.report_dir.empty())
      attempt_write(out.write_errors,
                    [&] { cx::write_report(cx::record(trace, out.trace_path), o.report_dir); });
  }
  if (!o.junit_out.empty() || o.junit_suites) {
    const std::string unfinished = incomplete(out.ending)
                                       ? "not vouched for: the search did not finish (" +
                                             describe(out.ending, out.memory_max, o.state_max) + ")"
                                       : "";
    auto suite = junit_suite("check", o.run, out.properties, out.violation, out.vacuous,
                             out.trace_path, out.search.seconds, unfinished);
    if (o.junit_suites)
      o.junit_suites->push_back(std::move(suite));
    else
      attempt_write(out.write_errors, [&] { write_junit(o.junit_out, {suite}); });
  }
  if (!o.graph_out.empty() && out.search.graph) {
    const auto& live = out.search.liveness;
    const LivenessResult* first = !live.empty() && live.front().checked ? &live.front() : nullptr;
    attempt_write(out.write_errors,
                  [&] { cx::write_file(o.graph_out, search::to_dot(*out.search.graph, first)); });
  }
}

int exit_code(const CheckOutcome& out) {
  int code = exit_code_of(out.ending);
  if (!out.write_errors.empty()) code = worst_exit(code, kExitUsage);
  if (out.violation) code = worst_exit(code, kExitViolation);
  return code;
}

std::string search_flags(const CheckOptions& o) {
  std::string out = o.run.flags();
  for (const auto& id : o.properties)
    out += " --property " + id;
  if (o.dfs) out += " --dfs";
  if (!o.por) out += " --no-por";
  if (o.state_max) out += fmt::format(" --state-max {}", o.state_max);
  return out;
}

}  // namespace zab::check
