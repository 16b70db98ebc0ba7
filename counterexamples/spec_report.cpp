// Recording a spec trace, and the Markdown and DOT reports (HTML: spec_report_html.cpp).
#include "counterexamples/spec_report.h"

#include <fmt/format.h>

#include <algorithm>

#include "counterexamples/escape.h"
#include "counterexamples/output_file.h"
#include "counterexamples/step_table.h"
#include "counterexamples/trace.h"

namespace zab::cx {
namespace {

std::string history_text(const std::vector<Zxid>& history) {
  std::string out = "[";
  for (const Zxid z : history)
    out += (out.size() > 1 ? " " : "") + to_string(z);
  return out + "]";
}

std::vector<ServerSummary> summarize_spec_servers(const spec::State& s) {
  std::vector<ServerSummary> out;
  for (size_t i = 0; i < s.servers.size(); ++i)
    out.push_back(summarize_spec_server(s, static_cast<int>(i)));
  return out;
}

bool contains(const std::vector<std::string_view>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// role and phase (and the leader a follower follows), epochs, history, committed.
std::string markdown_cell(const ServerSummary& before, const ServerSummary& now, bool first) {
  const auto changed = first ? std::vector<std::string_view>{} : changed_fields(before, now);
  const std::string& phase = now.value("phase");
  std::string role = now.value("role") + (phase == "-" ? "" : " " + phase);
  if (now.value("leader") != "-") role += " of " + now.value("leader");
  return markdown_part(role, contains(changed, "role") || contains(changed, "phase") ||
                                 contains(changed, "leader")) +
         "<br>" +
         markdown_part(
             fmt::format("epochs {}/{}", now.value("acceptedEpoch"), now.value("currentEpoch")),
             contains(changed, "acceptedEpoch") || contains(changed, "currentEpoch")) +
         "<br>" + markdown_part("history " + now.value("history"), contains(changed, "history")) +
         "<br>" +
         markdown_part("committed " + now.value("committed"), contains(changed, "committed"));
}

}  // namespace

ServerSummary summarize_spec_server(const spec::State& s, int index) {
  const spec::Server& sv = s.servers[static_cast<size_t>(index)];
  ServerSummary out{NodeId{static_cast<uint8_t>(index + 1)}, {}};
  auto add = [&](std::string_view name, std::string value) {
    out.fields.push_back(SummaryField{name, std::move(value)});
  };
  const bool following = sv.up && sv.role == spec::Role::kFollowing;
  const bool leading = sv.up && sv.role == spec::Role::kLeading;
  add("role", sv.up ? std::string(spec::to_string(sv.role)) : "down");
  add("phase", following ? std::string(spec::to_string(sv.fphase))
               : leading ? fmt::format("{} e'={}", spec::to_string(sv.lphase), sv.new_epoch)
                         : "-");
  add("leader", following ? spec::sid(sv.leader) : "-");
  add("acceptedEpoch", std::to_string(sv.accepted_epoch));
  add("currentEpoch", std::to_string(sv.current_epoch));
  add("history", history_text(sv.history));
  add("committed", sv.up && sv.committed > 0 ? to_string(sv.history[sv.committed - 1u]) : "-");
  return out;
}

SpecRecording record_spec(const SpecTrace& trace, std::string_view trace_name) {
  SpecRecording rec;
  rec.trace = trace;
  rec.trace_name = trace_name.empty() ? "TRACE" : std::string(trace_name);
  SpecReplayOptions options;
  options.on_step = [&rec](size_t, const std::string& line, const spec::State& after) {
    rec.steps.push_back(SpecRecordedStep{line, after, summarize_spec_servers(after)});
  };
  rec.result = replay_spec(trace, options);
  rec.start = rec.result.start;
  rec.start_servers = summarize_spec_servers(rec.start);
  rec.final_state = spec::SpecModel(trace.config).describe(rec.result.state);
  return rec;
}

std::string spec_verdict_sentence(const SpecRecording& rec) {
  const auto& r = rec.result;
  const bool stepped = r.violation && r.violation_step > 0;
  return verdict_words({r.outcome, r.violation, r.violation_step, rec.trace.actions.size(),
                        stepped ? std::string_view(rec.steps[r.violation_step - 1].name) : "",
                        rec.trace.property, r.steps, r.problem});
}

StepTable spec_step_table(const SpecRecording& rec) {
  StepTable t;
  for (size_t i = 0; i < rec.start_servers.size(); ++i)
    t.labels.push_back(spec::sid(static_cast<int>(i)));
  t.rows.push_back({"", &rec.start_servers});
  for (const auto& step : rec.steps)
    t.rows.push_back({step.name, &step.servers});
  t.mark(rec.result.violation, rec.result.violation_step);
  return t;
}

std::string spec_report_markdown(const SpecRecording& rec) {
  const auto& t = rec.trace;
  std::string out = fmt::format("# {}: {} (the executable spec)\n\n> **{}** — {}\n\n**{}**\n\n",
                                t.property, to_string(rec.result.outcome), t.property,
                                property_sentence(t.property), spec_verdict_sentence(rec));
  out += "| | |\n|---|---|\n";
  out += fmt::format("| model | the executable spec of Zab (`spec/`) |\n| configuration | `{}` |\n",
                     markdown_code(t.config.flags()));
  if (!t.found_by.empty()) out += fmt::format("| found by | {} |\n", markdown_code(t.found_by));
  out += fmt::format("| actions | {} |\n\n", t.actions.size());
  out += fmt::format("## Reproduce\n\n```\n{}\n{}\n```\n\n", replay_command(rec.trace_name),
                     t.reproduce.empty() ? "zabcheck spec " + t.config.flags() : t.reproduce);
  out +=
      "## Steps\n\nEach server after each step, **bold** where it changed. Epochs are "
      "acceptedEpoch/currentEpoch (the paper's f.p/f.a); `committed` is the last zxid "
      "delivered.\n\n";
  out += markdown_step_table(spec_step_table(rec), markdown_cell);
  return out + fmt::format("\n## Final state\n\n```\n{}```\n", rec.final_state);
}

std::string spec_path_dot(const SpecRecording& rec) {
  return dot_path(spec_step_table(rec),
                  {fmt::format("{} — {} (spec)", rec.trace.property, to_string(rec.result.outcome)),
                   replay_command(rec.trace_name)},
                  [](size_t i, const ServerSummary& s) {
                    return fmt::format(
                        "{} {} {} epochs {}/{} h={} c={}", spec::sid(static_cast<int>(i)),
                        s.value("role"), s.value("phase"), s.value("acceptedEpoch"),
                        s.value("currentEpoch"), s.value("history"), s.value("committed"));
                  });
}

std::vector<std::filesystem::path> write_spec_report(const SpecRecording& rec,
                                                     const std::filesystem::path& dir) {
  return write_files_into(dir, {{"report.md", spec_report_markdown(rec)},
                                {"report.html", spec_report_html(rec)},
                                {"path.dot", spec_path_dot(rec)}});
}

}  // namespace zab::cx
