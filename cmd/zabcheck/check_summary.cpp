#include "cmd/zabcheck/check_summary.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <iostream>

#include "cmd/zabcheck/deepening_words.h"
#include "cmd/zabcheck/numbers.h"
#include "counterexamples/escape.h"
#include "counterexamples/trace.h"

namespace zab::check {
namespace {

nlohmann::json or_null(bool present, const auto& value) {
  return present ? nlohmann::json(value) : nlohmann::json(nullptr);
}

void print_violation(const CheckOutcome& out) {
  std::cout << fmt::format("result: VIOLATION of {}\n  {}\n", out.violation->property,
                           out.violation->detail);
  if (!out.also_violated.empty())
    std::cout << fmt::format("  the same step also violates: {}\n",
                             fmt::join(out.also_violated, ", "));
  std::cout << fmt::format("  counterexample: {} steps, {} {}\n", out.trace.size(),
                           out.trace_written ? "written to" : "NOT written to",
                           cx::shell_quote(out.trace_path));
  if (out.trace_written)
    std::cout << fmt::format("  replay with: {}\n", cx::replay_command(out.trace_path));
}

void print_result(const CheckOptions& o, const CheckOutcome& out) {
  const std::string how = describe(out.ending, out.memory_max, o.state_max);
  const std::string cut = how.empty() ? "" : " (" + how + ")";
  if (out.violation) {
    print_violation(out);
    if (!how.empty()) std::cout << fmt::format("  (the search {})\n", how);
  } else if (out.verdict == "interrupted") {
    std::cout << "result: INTERRUPTED: no property violated in the part searched\n";
  } else if (out.verdict == "cut") {
    std::cout << fmt::format(
        "result: CUT: {} before the search finished; no property violated in the part "
        "searched\n",
        how);
  } else if (out.verdict == "vacuous") {
    std::cout << "result: VACUOUS" << cut
              << ": no property violated, but these were never exercised:\n";
    for (const auto& id : out.vacuous) {
      std::cout << "  " << id << ": never reached";
      for (const auto& w : props::find_property(id)->witnesses)
        std::cout << " " << w;
      std::cout << "\n";
    }
  } else {
    std::cout << "result: ok: no property violated"
              << (out.search.bounded ? " within the bounds" : "") << cut << "\n";
  }
}

void print_liveness(const CheckOutcome& out) {
  for (const auto& live : out.search.liveness) {
    if (!live.checked) {
      std::cout << fmt::format("  {}: NOT CHECKED: the search did not finish\n", live.property);
      continue;
    }
    std::cout << fmt::format(
        "  {}: {} ({} eligible states, {} components{})\n", live.property,
        live.holds ? "holds" : "VIOLATED", live.eligible, live.components,
        live.unexplored
            ? fmt::format(", {} states cut off by a bound and assumed live", live.unexplored)
            : "");
  }
}

void print_figures(const CheckOutcome& out) {
  const auto& r = out.search;
  const double rate = r.seconds > 0 ? static_cast<double>(r.generated) / r.seconds : 0;
  std::cout << fmt::format(
      "  {} distinct states, {} generated, depth {}, {:.2f} s ({:.0f} states/s), {} MiB\n",
      with_commas(r.distinct), with_commas(r.generated), r.depth, r.seconds, rate,
      r.peak_rss_bytes >> 20);
  std::cout << fmt::format("  fingerprint collision probability (TLC's estimate): {:.2g}\n",
                           r.collision_probability());
  if (r.deepening)
    std::cout << "  " << deepening_words(*r.deepening, out.violation.has_value(), r.reexpanded)
              << "\n";
  else if (r.reexpanded)
    std::cout << fmt::format("  {} states expanded again by a shorter path\n",
                             with_commas(r.reexpanded));
  if (r.pruned)
    std::cout << fmt::format(
        "  partial-order reduction: sleep sets skipped {} of {} transitions ({:.0f}%)\n",
        with_commas(r.pruned), with_commas(r.generated + r.pruned),
        100.0 * static_cast<double>(r.pruned) / static_cast<double>(r.generated + r.pruned));
  print_liveness(out);
  if (!r.reached.empty()) std::cout << fmt::format("  reached: {}\n", fmt::join(r.reached, " "));
}

}  // namespace

nlohmann::json check_json(const CheckOptions& o, const CheckOutcome& out) {
  const auto& r = out.search;
  const bool v = out.violation.has_value();
  const std::string_view cut = json_name(out.ending);
  nlohmann::json j{{"result", out.verdict},
                   {"property", or_null(v, v ? out.violation->property : "")},
                   {"detail", or_null(v, v ? out.violation->detail : "")},
                   {"also_violated", out.also_violated},
                   {"distinct_states", r.distinct},
                   {"states_generated", r.generated},
                   {"transitions_pruned_by_por", r.pruned},
                   {"depth", r.depth},
                   {"seconds", r.seconds},
                   {"trace", or_null(v, out.trace_path)},
                   {"collision_probability", r.collision_probability()},
                   {"bounded", r.bounded},
                   {"deepening", deepening_json(r.deepening)},
                   {"cut", or_null(!cut.empty(), cut)},
                   {"memory_limit_bytes", out.memory_max},
                   {"peak_rss_bytes", r.peak_rss_bytes},
                   {"vacuous_properties", out.vacuous},
                   {"reached", r.reached},
                   {"write_errors", out.write_errors},
                   {"reproduce", "zabcheck check " + search_flags(o)},
                   {"config", o.run.to_json()}};
  for (const auto& live : r.liveness)
    j["liveness"] = live.checked ? nlohmann::json{{"checked", true},
                                                  {"holds", live.holds},
                                                  {"eligible_states", live.eligible},
                                                  {"components", live.components}}
                                 : nlohmann::json{{"checked", false}};
  return j;
}

void print_check_summary(const CheckOptions& o, const CheckOutcome& out) {
  for (const auto& error : out.write_errors)
    std::cerr << "zabcheck: " << error << "\n";
  if (o.json) {
    std::cout << cx::json_text(check_json(o, out)) << "\n";
    return;
  }
  std::cout << fmt::format("zabcheck check {}\n", search_flags(o));
  print_result(o, out);
  print_figures(out);
}

std::string check_line_verdict(const CheckOptions& o, const CheckOutcome& out) {
  std::string verdict = out.verdict;
  if (out.violation)
    verdict = "VIOLATION " + out.violation->property + " -> " + cx::shell_quote(out.trace_path);
  if (out.verdict == "vacuous")
    verdict = fmt::format("VACUOUS (not exercised: {})", fmt::join(out.vacuous, " "));
  if (out.verdict == "interrupted") verdict = "INTERRUPTED";
  if (out.verdict == "cut")
    verdict = fmt::format("CUT ({})", describe(out.ending, out.memory_max, o.state_max));
  if (!out.write_errors.empty()) verdict += " (an output was not written)";
  return verdict;
}

}  // namespace zab::check
