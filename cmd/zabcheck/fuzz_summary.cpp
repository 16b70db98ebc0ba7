// What `zabcheck fuzz` prints: the summary for a person, or one JSON object.
#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "cmd/zabcheck/fuzz_command.h"
#include "cmd/zabcheck/numbers.h"
#include "counterexamples/escape.h"
#include "counterexamples/trace.h"

namespace zab::check {

namespace {

void print_violation(const FuzzOutcome& out) {
  const auto& f = *out.result.failure;
  const auto& v = *f.shrunk_run.violation;
  std::cout << fmt::format("result: VIOLATION of {}\n  {}\n", v.property, v.detail);
  std::cout << fmt::format("  found by run {} after {:.2f} s\n", f.run,
                           out.result.seconds_to_failure);
  std::cout << fmt::format("  scenario ({} steps, {} actions): {}\n", f.scenario.steps.size(),
                           f.scenario_run.actions.size(), fuzz::describe(f.scenario));
  std::cout << fmt::format(
      "  shrunk by RapidCheck ({} candidates, {} kept) to {} steps, {} actions: {}\n",
      f.shrink_runs, f.shrink_steps, f.shrunk.steps.size(), f.shrunk_run.actions.size(),
      fuzz::describe(f.shrunk));
  std::cout << fmt::format("  trace shrunk from {} to {} actions in {:.2f} s, {} {}\n",
                           out.trace_before, out.trace_after, out.trace_shrink_seconds,
                           out.trace_written ? "written to" : "NOT written to",
                           cx::shell_quote(out.trace_path));
  if (out.trace_written)
    std::cout << fmt::format("  replay with:    {}\n", cx::replay_command(out.trace_path));
}

}  // namespace

void print_fuzz_summary(const FuzzCommandOptions&, const FuzzOutcome& out) {
  const auto& r = out.result;
  if (out.verdict == "violation")
    print_violation(out);
  else if (out.verdict == "interrupted")
    std::cout << "result: INTERRUPTED: no property violated by the runs that finished\n";
  else
    std::cout << "result: ok: no property violated\n";
  const double rate = r.seconds > 0 ? static_cast<double>(r.runs) / r.seconds : 0;
  std::cout << fmt::format("  {} runs, {} steps, {:.2f} s ({:.0f} runs/s)\n", with_commas(r.runs),
                           with_commas(r.steps), r.seconds, rate);
}

void print_fuzz_json(const FuzzCommandOptions& o, const FuzzOutcome& out) {
  const auto& r = out.result;
  const auto* f = r.failure ? &*r.failure : nullptr;
  nlohmann::json j{{"result", out.verdict},
                   {"runs", r.runs},
                   {"steps", r.steps},
                   {"seconds", r.seconds},
                   {"seed", o.seed},
                   {"max_size", o.max_size},
                   {"write_errors", out.write_errors},
                   {"config", o.run.to_json()}};
  if (f) {
    const auto& v = *f->shrunk_run.violation;
    j["property"] = v.property;
    j["detail"] = v.detail;
    j["run"] = f->run;
    j["seconds_to_failure"] = r.seconds_to_failure;
    j["scenario"] = fuzz::describe(f->scenario);
    j["scenario_steps"] = f->scenario.steps.size();
    j["scenario_actions"] = f->scenario_run.actions.size();
    j["shrunk_scenario"] = fuzz::describe(f->shrunk);
    j["shrunk_steps"] = f->shrunk.steps.size();
    j["shrunk_actions"] = f->shrunk_run.actions.size();
    j["shrink_candidates"] = f->shrink_runs;
    j["trace"] = out.trace_path;
    j["trace_written"] = out.trace_written;
    j["trace_length_before"] = out.trace_before;
    j["trace_length"] = out.trace_after;
  } else {
    j["property"] = nullptr;
  }
  std::cout << cx::json_text(j) << "\n";
}

}  // namespace zab::check
