// report.md: what a reviewer reads in the pull request. GitHub renders the step table; the raw
// text stays readable too (code spans for names, bold for what changed).
#include <fmt/format.h>

#include <algorithm>

#include "counterexamples/escape.h"
#include "counterexamples/report.h"
#include "counterexamples/step_table.h"

namespace zab::cx {

namespace {

bool contains(const std::vector<std::string_view>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// One server's cell: role, phase, epochs, last processed and committed always; the vote, the
// log, the unsynced writes and the applied history only at the step that changed them.
std::string cell(const ServerSummary& before, const ServerSummary& now, bool first) {
  const auto changed = first ? std::vector<std::string_view>{} : changed_fields(before, now);
  std::vector<std::string> parts;
  auto part = [&](const std::string& text, bool hot) { parts.push_back(markdown_part(text, hot)); };
  const std::string& phase = now.value("phase");
  part(phase == "-" ? now.value("role") : now.value("role") + " " + phase,
       contains(changed, "role") || contains(changed, "phase"));
  part(fmt::format("epochs {}/{}", now.value("acceptedEpoch"), now.value("currentEpoch")),
       contains(changed, "acceptedEpoch") || contains(changed, "currentEpoch"));
  part("last " + now.value("lastProcessed"), contains(changed, "lastProcessed"));
  part("committed " + now.value("committed"), contains(changed, "committed"));
  for (const std::string_view extra : {"vote", "log", "unsynced", "applied"})
    if (first ? extra == "vote" || extra == "log" : contains(changed, extra))
      part(fmt::format("{} {}", extra, now.value(extra)), !first);
  std::string out;
  for (const auto& p : parts)
    out += (out.empty() ? "" : "<br>") + p;
  return out;
}

std::string facts(const Recording& rec) {
  const auto& t = rec.trace;
  std::string out = "| | |\n|---|---|\n";
  out += fmt::format("| servers | {} participants, {} observers |\n", t.config.servers,
                     t.config.observers);
  out += fmt::format("| start state | `{}` |\n", markdown_code(t.config.from));
  std::string bugs;
  for (const auto& b : t.config.bugs)
    bugs += (bugs.empty() ? "`" : ", `") + markdown_code(b) + "`";
  out += fmt::format("| seeded bugs | {} |\n", bugs.empty() ? "none" : bugs);
  if (!t.found_by.empty()) out += fmt::format("| found by | `{}` |\n", markdown_code(t.found_by));
  if (t.seed) out += fmt::format("| seed | {} |\n", *t.seed);
  out += fmt::format("| actions | {} |\n", t.actions.size());
  if (const auto same = rec.result.digest_matches(t))
    out += fmt::format(
        "| digest | `{}` ({}) |\n", digest_hex(*rec.result.digest),
        *same ? "matches the trace" : "DIFFERS from the trace's " + digest_hex(*t.digest));
  return out;
}

}  // namespace

std::string report_markdown(const Recording& rec) {
  const auto& t = rec.trace;
  const auto& r = rec.result;
  std::string out = fmt::format("# {}: {}\n\n", t.property, to_string(r.outcome));
  out += fmt::format("> **{}** — {}\n\n", t.property, property_sentence(t.property));
  out += fmt::format("**Verdict:** `{}`\n\n", markdown_code(verdict_sentence(rec)));
  if (r.outcome == ReplayOutcome::kInconsistent && !r.enabled.empty()) {
    out += "Enabled at that point:\n\n";
    for (const auto& name : r.enabled)
      out += fmt::format("- `{}`\n", markdown_code(name));
    out += "\n";
  }
  out += facts(rec) + "\n";
  // One line each (the file name is shell-quoted), so neither can close the fence.
  out += fmt::format("## Reproduce\n\n```sh\n{}\n{}\n```\n\n", replay_command(rec.trace_name),
                     check_command(t.config));
  out += fmt::format("## Configuration\n\n```json\n{}\n```\n\n", json_text(t.config.to_json(), 2));
  out +=
      "## Steps\n\nEach cell shows the server after the step: role and Zab phase, "
      "acceptedEpoch/currentEpoch, last processed zxid, committed zxid (the leader's last "
      "committed; others: last processed); the FLE vote, the log, unsynced writes and the "
      "applied history appear when they change. What changed at a step is **bold**; ⚠ marks the "
      "violating step.\n\n";
  out += markdown_step_table(step_table(rec), cell) + "\n";
  out += fmt::format("## Final state\n\n```\n{}```\n", rec.final_state);
  return out;
}

}  // namespace zab::cx
