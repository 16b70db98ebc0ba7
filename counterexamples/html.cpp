// report.html: one self-contained page (inline CSS and SVG; no scripts, fonts or images from
// anywhere) so it can be attached to a CI run or opened from disk.
#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "counterexamples/escape.h"
#include "counterexamples/report.h"

namespace zab::cx {

namespace {

constexpr std::string_view kStyle = R"css(
body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #1d2330; background: #fff; }
h1 { font-size: 22px; margin: 0 0 8px; } h2 { font-size: 17px; margin: 28px 0 8px; }
code, pre, td.action, .cell { font-family: ui-monospace, Menlo, Consolas, monospace; }
blockquote { margin: 8px 0; padding: 6px 12px; border-left: 4px solid #8aa4d6; background: #f2f5fb; }
.verdict { padding: 10px 14px; border-radius: 6px; font-weight: 600; margin: 12px 0; }
.verdict.violated { background: #fde2e1; border: 1px solid #d9534f; color: #8a1f1b; }
.verdict.not-violated { background: #e3f6e5; border: 1px solid #4caf50; color: #1e5b22; }
.verdict.inconsistent { background: #fff4d6; border: 1px solid #e0a800; color: #6b5000; }
dl.facts { display: grid; grid-template-columns: max-content auto; gap: 2px 16px; }
dl.facts dt { font-weight: 600; } dl.facts dd { margin: 0; }
pre { background: #f6f8fa; padding: 8px 12px; border-radius: 4px; overflow-x: auto; }
.chart { overflow-x: auto; border: 1px solid #dde3ec; border-radius: 4px; padding: 4px; }
svg.msc text { font: 11px ui-monospace, Menlo, Consolas, monospace; fill: #1d2330; }
svg.msc text.server-name { font-size: 13px; font-weight: 700; }
svg.msc text.step-no { fill: #7b8494; }
svg.msc .server-box { fill: #e8eefb; stroke: #5b7bc0; }
svg.msc .lifeline { stroke: #5b7bc0; stroke-width: 2; stroke-dasharray: 6 4; }
svg.msc .down { fill: #b8bcc4; }
svg.msc .msg { stroke: #2c5aa0; stroke-width: 1.4; } svg.msc .msg.election { stroke: #7a4fb0; }
svg.msc .msg.closed { stroke: #9aa1ad; stroke-dasharray: 3 3; }
svg.msc marker path { fill: #2c5aa0; }
svg.msc .crash { stroke: #c9302c; stroke-width: 3; } svg.msc .restart { fill: #5cb85c; }
svg.msc .timer { fill: #fff; stroke: #e08e0b; stroke-width: 2; } svg.msc .client { fill: #17a2b8; }
svg.msc .disk { fill: #6c757d; } svg.msc .local { fill: #8a63c9; }
svg.msc .global { stroke: #7b8494; stroke-width: 1.5; stroke-dasharray: 2 3; }
svg.msc .link { stroke-width: 2; stroke-dasharray: 8 4; } svg.msc .partition { stroke: #c9302c; }
svg.msc .heal { stroke: #5cb85c; } svg.msc .drop { stroke: #e08e0b; }
svg.msc .violation-row { fill: #f8d7da; }
svg.msc text.violation-label { fill: #8a1f1b; font-weight: 700; }
table.steps { border-collapse: collapse; font-size: 12px; }
table.steps th, table.steps td { border: 1px solid #dde3ec; padding: 3px 6px; vertical-align: top; }
table.steps th { background: #eef2f8; position: sticky; top: 0; }
table.steps td.action { max-width: 360px; word-break: break-word; }
.cell div { white-space: nowrap; } .cell .k { color: #7b8494; } .cell .f { padding: 0 2px; }
.changed { background: #fff1a8; font-weight: 600; border-radius: 2px; }
tr.violation td { background: #fde2e1; } tr.violation td.action { font-weight: 700; }
tr.finding td { background: #f8d7da; color: #8a1f1b; font-weight: 600; }
)css";

// Four lines per server so that a long trace stays scannable: role, phase, vote; epochs; zxids;
// log, unsynced writes and applied history. Each field that changed at this step is marked.
std::string cell(const ServerSummary& before, const ServerSummary& now, bool first) {
  static constexpr std::array<std::array<std::string_view, 3>, 4> kLines = {{
      {"role", "phase", "vote"},
      {"acceptedEpoch", "currentEpoch", ""},
      {"lastProcessed", "committed", ""},
      {"log", "unsynced", "applied"},
  }};
  const auto changed = first ? std::vector<std::string_view>{} : changed_fields(before, now);
  std::string out = "<td class=\"cell\">";
  for (const auto& line : kLines) {
    out += "<div>";
    for (const std::string_view name : line) {
      if (name.empty()) continue;
      const bool hot = std::find(changed.begin(), changed.end(), name) != changed.end();
      const bool keyed = name != "role" && name != "phase";
      out += fmt::format("<span class=\"f{}\">{}{}</span> ", hot ? " changed" : "",
                         keyed ? fmt::format("<span class=\"k\">{}</span> ", name) : "",
                         xml_escape(now.value(name)));
    }
    out += "</div>";
  }
  return out + "</td>";
}

std::string step_table(const Recording& rec) {
  std::string out = "<table class=\"steps\"><thead><tr><th>step</th><th>action</th>";
  for (const auto& s : rec.start)
    out += fmt::format("<th>{}</th>", xml_escape(server_label(rec, s.id)));
  out += "</tr></thead><tbody>\n<tr><td>0</td><td class=\"action\"><em>start</em></td>";
  for (const auto& s : rec.start)
    out += cell(s, s, true);
  out += "</tr>\n";
  const auto& r = rec.result;
  for (const auto& step : rec.steps) {
    const bool bad = r.violation && r.violation_step == step.step;
    out += fmt::format("<tr id=\"step-{}\"{}><td>{}</td><td class=\"action\">{}</td>", step.step,
                       bad ? " class=\"violation\"" : "", step.step, xml_escape(step.name));
    const auto& before = summaries_before(rec, step.step);
    for (size_t i = 0; i < step.servers.size(); ++i)
      out += cell(before[i], step.servers[i], false);
    out += "</tr>\n";
    if (bad)
      out += fmt::format(
          "<tr class=\"finding\"><td></td><td colspan=\"{}\">violated {}: {}</td>"
          "</tr>\n",
          step.servers.size() + 1, xml_escape(r.violation->property),
          xml_escape(r.violation->detail));
  }
  return out + "</tbody></table>\n";
}

std::string facts(const Recording& rec) {
  const auto& t = rec.trace;
  std::string bugs;
  for (const auto& b : t.config.bugs)
    bugs += (bugs.empty() ? "" : ", ") + b;
  std::string out = "<dl class=\"facts\">";
  auto fact = [&](std::string_view key, const std::string& value) {
    out += fmt::format("<dt>{}</dt><dd>{}</dd>", key, xml_escape(value));
  };
  fact("servers",
       fmt::format("{} participants, {} observers", t.config.servers, t.config.observers));
  fact("start state", t.config.from);
  fact("seeded bugs", bugs.empty() ? "none" : bugs);
  if (!t.found_by.empty()) fact("found by", t.found_by);
  if (t.seed) fact("seed", std::to_string(*t.seed));
  fact("actions", std::to_string(t.actions.size()));
  if (const auto same = rec.result.digest_matches(t))
    fact("digest", digest_hex(*rec.result.digest) +
                       (*same ? " (matches the trace)"
                              : " (differs from the trace's " + digest_hex(*t.digest) + ")"));
  return out + "</dl>\n";
}

std::string verdict_box(const Recording& rec) {
  std::string out = fmt::format("<div class=\"verdict {}\">{}</div>\n",
                                to_string(rec.result.outcome), xml_escape(verdict_sentence(rec)));
  if (!rec.result.enabled.empty()) {
    out += "<p>Enabled at that point:</p><ul>";
    for (const auto& name : rec.result.enabled)
      out += fmt::format("<li><code>{}</code></li>", xml_escape(name));
    out += "</ul>\n";
  }
  return out;
}

}  // namespace

std::string report_html(const Recording& rec) {
  const auto& t = rec.trace;
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>{0}: {1} — zabcheck report</title>\n<style>{2}</style></head>\n<body>\n"
      "<h1>{0}: {1}</h1>\n<blockquote><strong>{0}</strong> — {3}</blockquote>\n",
      xml_escape(t.property), to_string(rec.result.outcome), kStyle,
      xml_escape(property_sentence(t.property)));
  out += verdict_box(rec) + facts(rec);
  out +=
      fmt::format("<h2>Reproduce</h2>\n<pre>{}\n{}</pre>\n",
                  xml_escape(replay_command(rec.trace_name)), xml_escape(check_command(t.config)));
  out += fmt::format("<details><summary>Configuration (JSON)</summary><pre>{}</pre></details>\n",
                     xml_escape(json_text(t.config.to_json(), 2)));
  out += "<h2>Message-sequence chart</h2>\n<div class=\"chart\">\n" + message_sequence_svg(rec) +
         "</div>\n";
  out +=
      "<h2>Steps</h2>\n<p>Each server after each step; changed fields are highlighted. "
      "<code>committed</code> is the leader's last committed zxid, and a learner's last "
      "processed zxid.</p>\n";
  out += step_table(rec);
  out += fmt::format("<h2>Final state</h2>\n<pre>{}</pre>\n</body></html>\n",
                     xml_escape(rec.final_state));
  return out;
}

}  // namespace zab::cx
