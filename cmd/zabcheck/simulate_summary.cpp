#include "cmd/zabcheck/simulate_summary.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "cmd/zabcheck/numbers.h"
#include "counterexamples/escape.h"
#include "counterexamples/trace.h"

namespace zab::check {
namespace {

nlohmann::json or_null(bool present, const auto& value) {
  return present ? nlohmann::json(value) : nlohmann::json(nullptr);
}

void print_violation(const SimulateOptions& o, const SimulateOutcome& out) {
  const WalkOutcome& walk = *out.walk;
  std::cout << fmt::format("result: VIOLATION of {}\n  {}\n", walk.violation->property,
                           walk.violation->detail);
  std::cout << fmt::format("  found by walk {} ({} steps; fault mix: {})\n", walk.walk,
                           walk.trace.size(), walk.mix.describe());
  std::cout << fmt::format("  counterexample shrunk from {} to {} actions, {} {}\n",
                           walk.trace.size(), out.shrunk_length,
                           out.trace_written ? "written to" : "NOT written to",
                           cx::shell_quote(out.trace_path));
  if (out.trace_written)
    std::cout << fmt::format("  replay with:    {}\n", cx::replay_command(out.trace_path));
  std::cout << fmt::format("  reproduce with: {}\n", reproduce_command(o, walk.walk));
}

void print_walk(const WalkOutcome& walk) {
  std::cout << fmt::format(
      "walk {} (fault mix: {}): {} steps, ended by {}, final fingerprint {:016x}\n", walk.walk,
      walk.mix.describe(), walk.trace.size(), to_string(walk.end), walk.final_fingerprint);
  for (size_t i = 0; i < walk.trace_names.size(); ++i)
    std::cout << fmt::format("  {:>4}  {}\n", i + 1, walk.trace_names[i]);
}

void print_result(const SimulateOptions& o, const SimulateOutcome& out) {
  const std::string how = describe(out.ending, out.memory_max, 0);
  if (out.verdict == "violation") {
    print_violation(o, out);
    if (!how.empty()) std::cout << fmt::format("  (the simulation {})\n", how);
  } else if (out.verdict == "interrupted") {
    std::cout << "result: INTERRUPTED: no property violated by the walks that finished\n";
  } else if (out.verdict == "cut") {
    std::cout << fmt::format(
        "result: CUT: {} before every walk ran; no property violated by the walks that "
        "finished\n",
        how);
  } else if (out.verdict == "vacuous") {
    std::cout << fmt::format(
        "result: VACUOUS: no property violated, but these were never exercised: {}\n",
        fmt::join(out.vacuous, " "));
  } else {
    std::cout << "result: ok: no property violated\n";
  }
}

}  // namespace

void print_simulate_json(const SimulateOptions& o, const SimulateOutcome& out) {
  const auto* walk = out.walk ? &*out.walk : nullptr;
  const auto* v = walk && walk->violation ? &*walk->violation : nullptr;
  const auto& r = out.sim;
  const std::string_view cut = json_name(out.ending);
  nlohmann::json j{{"result", out.verdict},
                   {"property", or_null(v, v ? v->property : "")},
                   {"detail", or_null(v, v ? v->detail : "")},
                   {"walks", o.replay ? 1 : r.walks},
                   {"steps", o.replay ? walk->trace.size() : r.steps},
                   {"seconds", out.seconds},
                   {"seed", o.seed},
                   {"walk", or_null(walk, walk ? walk->walk : 0)},
                   {"trace", or_null(v, out.trace_path)},
                   {"walk_length", or_null(walk, walk ? walk->trace.size() : 0)},
                   {"trace_length", or_null(v, out.shrunk_length)},
                   {"fault_mix", or_null(walk, walk ? walk->mix.describe() : "")},
                   {"final_fingerprint",
                    or_null(walk, walk ? fmt::format("{:016x}", walk->final_fingerprint) : "")},
                   {"reproduce", or_null(walk, walk ? reproduce_command(o, walk->walk) : "")},
                   {"swarm", o.swarm},
                   {"cut", or_null(!cut.empty(), cut)},
                   {"memory_limit_bytes", out.memory_max},
                   {"vacuous_properties", out.vacuous},
                   {"write_errors", out.write_errors},
                   {"config", o.run.to_json()}};
  if (!o.replay) {
    j["distinct_states_estimate"] = r.distinct_estimate;
    j["depth"] = r.depth;
    j["reached"] = r.reached;
  }
  std::cout << cx::json_text(j) << "\n";
}

void print_simulate_summary(const SimulateOptions& o, const SimulateOutcome& out) {
  if (o.replay) print_walk(*out.walk);
  print_result(o, out);
  if (o.replay) return;
  const auto& r = out.sim;
  const double rate = r.seconds > 0 ? static_cast<double>(r.steps) / r.seconds : 0;
  std::cout << fmt::format(
      "  {} walks, {} steps, ~{} distinct states (estimate), longest walk {}, "
      "{:.2f} s ({:.0f} steps/s), {} MiB\n",
      with_commas(r.walks), with_commas(r.steps), with_commas(r.distinct_estimate), r.depth,
      r.seconds, rate, r.peak_rss_bytes >> 20);
  if (!r.reached.empty()) std::cout << fmt::format("  reached: {}\n", fmt::join(r.reached, " "));
}

}  // namespace zab::check
