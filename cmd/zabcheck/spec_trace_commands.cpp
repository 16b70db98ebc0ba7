#include "cmd/zabcheck/spec_trace_commands.h"

#include <fmt/format.h>

#include <iostream>

#include "cmd/zabcheck/exit_codes.h"
#include "counterexamples/escape.h"
#include "counterexamples/output_file.h"
#include "counterexamples/spec_report.h"
#include "counterexamples/spec_shrink.h"
#include "counterexamples/trace.h"

namespace zab::check {
namespace {

std::optional<cx::SpecTrace> load(const std::string& path) {
  try {
    return cx::read_spec_trace(path);
  } catch (const cx::TraceError& e) {
    std::cerr << "error: " << e.what() << "\n";
    return std::nullopt;
  }
}

// Each line of `text` indented under its step number.
std::string indented(const std::string& text) {
  std::string out;
  size_t begin = 0;
  while (begin < text.size()) {
    const size_t end = text.find('\n', begin);
    const size_t stop = end == std::string::npos ? text.size() : end;
    out += "      " + text.substr(begin, stop - begin) + "\n";
    begin = stop + 1;
  }
  return out;
}

// Writes the reports; says on stderr what failed.
bool write_reports(const cx::SpecRecording& rec, const std::string& dir) {
  try {
    for (const auto& path : cx::write_spec_report(rec, dir))
      std::cout << "wrote " << cx::shell_quote(path.string()) << "\n";
    return true;
  } catch (const std::exception& e) {
    std::cerr << "error: " << e.what() << "\n";
    return false;
  }
}

nlohmann::json replay_json(const cx::SpecTrace& t, const cx::SpecReplay& r) {
  nlohmann::json j{{"model", "spec"},
                   {"property", t.property},
                   {"steps", r.steps},
                   {"outcome", r.reproduces(t)                                 ? "violated"
                               : r.outcome == cx::ReplayOutcome::kInconsistent ? "inconsistent"
                                                                               : "holds"},
                   {"config", cx::spec_config_json(t.config)}};
  if (r.violation) j["detail"] = r.violation->detail;
  if (!r.problem.empty()) j["problem"] = r.problem;
  return j;
}

}  // namespace

int replay_spec_trace(const std::string& path, bool json, bool step_by_step,
                      const std::string& report_dir) {
  const auto t = load(path);
  if (!t) return kExitUsage;
  const spec::SpecModel model(t->config);
  std::ostream& steps = json ? std::cerr : std::cout;
  cx::SpecReplayOptions options;
  if (step_by_step) {
    steps << "   0  (start)\n" << indented(model.describe(model.start()));
    options.on_step = [&](size_t step, const std::string& line, const spec::State& after) {
      steps << fmt::format("{:>4}  {}\n", step, line) << indented(model.describe(after));
    };
  }
  const cx::SpecReplay r = cx::replay_spec(*t, options);
  const bool violated = r.reproduces(*t);
  if (json) {
    std::cout << cx::json_text(replay_json(*t, r), 2) << "\n";
  } else {
    std::cout << fmt::format("{}: spec trace, {} actions, property {}\n", cx::shell_quote(path),
                             t->actions.size(), t->property);
    if (violated)
      std::cout << fmt::format("violated at step {}: {}\n", r.violation_step, r.violation->detail);
    else if (r.problem.empty())
      std::cout << fmt::format(
          "not violated after {} steps{}\n", r.steps,
          r.violation ? " (another property was: " + r.violation->property + ")" : "");
    std::cout << model.describe(r.state);
  }
  if (!report_dir.empty() && !write_reports(cx::record_spec(*t, path), report_dir))
    return kExitUsage;
  if (!r.problem.empty()) {
    std::cerr << "error: " << cx::shell_quote(path) << ": " << r.problem << "\n";
    return kExitUsage;
  }
  return violated ? kExitViolation : kExitOk;
}

int shrink_spec_trace(const std::string& path, const std::string& out, int replays_max) {
  const auto t = load(path);
  if (!t) return kExitUsage;
  cx::SpecShrinkResult r;
  try {
    r = cx::shrink_spec(*t, cx::ShrinkOptions{replays_max});
    cx::write_file(out, cx::format_spec_trace(r.trace, out));
  } catch (const std::exception& e) {
    std::cerr << "error: " << cx::shell_quote(path) << ": " << e.what() << "\n";
    return kExitUsage;
  }
  std::cout << fmt::format("shrunk {} (spec): {} -> {} actions ({} replays{}); wrote {}\n",
                           cx::shell_quote(path), r.length_before, r.length_after, r.replays,
                           r.replays_exhausted ? ", replay budget exhausted" : "",
                           cx::shell_quote(out));
  for (const auto& note : r.notes)
    std::cout << "  " << note << "\n";
  return kExitOk;
}

int report_spec_trace(const std::string& path, const std::string& dir) {
  const auto t = load(path);
  if (!t) return kExitUsage;
  const cx::SpecRecording rec = cx::record_spec(*t, path);
  if (!write_reports(rec, dir)) return kExitUsage;
  std::cout << cx::spec_verdict_sentence(rec) << "\n";
  if (rec.result.outcome == cx::ReplayOutcome::kInconsistent) {
    std::cerr << "error: " << cx::shell_quote(path) << ": " << rec.result.problem << "\n";
    return kExitUsage;
  }
  return kExitOk;
}

}  // namespace zab::check
