// report.html: one self-contained page (inline CSS and SVG; no scripts, fonts or images from
// anywhere) so it can be attached to a CI run or opened from disk.
#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "counterexamples/escape.h"
#include "counterexamples/report.h"
#include "counterexamples/report_style.h"
#include "counterexamples/step_table.h"

namespace zab::cx {

namespace {

// The message-sequence chart's own classes; the rest is kReportStyle.
constexpr std::string_view kChartStyle = R"css(
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
svg.msc .fold-span { fill: #f1ecf9; } svg.msc text.fold-label { fill: #5b3d8f; font-weight: 600; }
svg.msc text.violation-label { fill: #8a1f1b; font-weight: 700; }
)css";

// Four lines per server so that a long trace stays scannable: role, phase, vote; epochs; zxids;
// log, unsynced writes and applied history.
constexpr std::array<std::array<std::string_view, 3>, 4> kCellLines = {{
    {"role", "phase", "vote"},
    {"acceptedEpoch", "currentEpoch", ""},
    {"lastProcessed", "committed", ""},
    {"log", "unsynced", "applied"},
}};

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
  std::string out = html_page_head(t.property, rec.result.outcome,
                                   std::string(kReportStyle) + std::string(kChartStyle), "");
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
  out += html_step_table(step_table(rec), kCellLines);
  out += fmt::format("<h2>Final state</h2>\n<pre>{}</pre>\n</body></html>\n",
                     xml_escape(rec.final_state));
  return out;
}

}  // namespace zab::cx
