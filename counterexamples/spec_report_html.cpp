// report.html of a spec trace: one self-contained page (inline CSS and SVG, no scripts). The
// chart shows at a glance who led, followed or was down in which epoch, step by step; the table
// below it has every field, with what changed at each step highlighted.
#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "counterexamples/escape.h"
#include "counterexamples/report_style.h"
#include "counterexamples/spec_report.h"
#include "counterexamples/step_table.h"
#include "counterexamples/trace.h"

namespace zab::cx {
namespace {

constexpr std::string_view kRoleChartStyle = R"css(
svg.roles text { font: 11px ui-monospace, Menlo, Consolas, monospace; fill: #1d2330; }
svg.roles text.epoch { fill: #fff; text-anchor: middle; }
svg.roles text.step-no { fill: #7b8494; text-anchor: middle; }
svg.roles .LEADING { fill: #2e8b3e; } svg.roles .FOLLOWING { fill: #4d6fb8; }
svg.roles .LOOKING { fill: #a3aab6; } svg.roles .down { fill: #2b2f36; }
svg.roles .violation { fill: none; stroke: #d9534f; stroke-width: 3; }
)css";

constexpr int kCell = 24, kLabel = 36, kTop = 20;

// One row per server, one column per state (the start, then after each step); a cell's colour
// is the role, its number the currentEpoch, its tooltip the action and the server's fields.
std::string role_chart(const SpecRecording& rec) {
  const size_t servers = rec.start_servers.size(), columns = rec.steps.size() + 1;
  const int width = kLabel + static_cast<int>(columns) * kCell + 8;
  const int height = kTop + static_cast<int>(servers) * kCell + 28;
  std::string out = fmt::format(
      "<svg class=\"roles\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\">\n",
      width, height);
  for (size_t c = 0; c < columns; c += 5)
    out += fmt::format("<text class=\"step-no\" x=\"{}\" y=\"14\">{}</text>\n",
                       kLabel + static_cast<int>(c) * kCell + kCell / 2, c);
  for (size_t i = 0; i < servers; ++i) {
    const int y = kTop + static_cast<int>(i) * kCell;
    out +=
        fmt::format("<text x=\"2\" y=\"{}\">{}</text>\n", y + 16, spec::sid(static_cast<int>(i)));
    for (size_t c = 0; c < columns; ++c) {
      const auto& s = c == 0 ? rec.start_servers[i] : rec.steps[c - 1].servers[i];
      const std::string& what = c == 0 ? std::string("start") : rec.steps[c - 1].name;
      const int x = kLabel + static_cast<int>(c) * kCell;
      out += fmt::format(
          "<g><title>{}: {}&#10;{} {} epochs {}/{} history {} committed {}</title>"
          "<rect class=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>"
          "<text class=\"epoch\" x=\"{}\" y=\"{}\">{}</text></g>\n",
          c, xml_escape(what), s.value("role"), xml_escape(s.value("phase")),
          s.value("acceptedEpoch"), s.value("currentEpoch"), xml_escape(s.value("history")),
          xml_escape(s.value("committed")), s.value("role"), x, y, kCell - 2, kCell - 2,
          x + kCell / 2 - 1, y + 16, s.value("currentEpoch"));
    }
  }
  const auto& r = rec.result;
  if (r.violation)
    out += fmt::format("<rect class=\"violation\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>\n",
                       kLabel + static_cast<int>(r.violation_step) * kCell - 2, kTop - 2, kCell + 2,
                       static_cast<int>(servers) * kCell + 2);
  const int legend = kTop + static_cast<int>(servers) * kCell + 18;
  int x = kLabel;
  for (const std::string_view role : {"LEADING", "FOLLOWING", "LOOKING", "down"}) {
    out += fmt::format(
        "<rect class=\"{0}\" x=\"{1}\" y=\"{2}\" width=\"12\" height=\"12\"/>"
        "<text x=\"{3}\" y=\"{4}\">{0}</text>\n",
        role, x, legend - 10, x + 16, legend);
    x += 24 + static_cast<int>(role.size()) * 7;
  }
  return out + "</svg>\n";
}

constexpr std::array<std::array<std::string_view, 3>, 4> kCellLines = {{
    {"role", "phase", "leader"},
    {"acceptedEpoch", "currentEpoch", ""},
    {"history", "", ""},
    {"committed", "", ""},
}};

}  // namespace

std::string spec_report_html(const SpecRecording& rec) {
  const auto& t = rec.trace;
  std::string out = html_page_head(t.property, rec.result.outcome,
                                   std::string(kReportStyle) + std::string(kRoleChartStyle),
                                   "the executable spec");
  out += fmt::format("<div class=\"verdict {}\">{}</div>\n", to_string(rec.result.outcome),
                     xml_escape(spec_verdict_sentence(rec)));
  out += fmt::format(
      "<dl class=\"facts\"><dt>model</dt><dd>the executable spec of Zab (spec/)</dd>"
      "<dt>configuration</dt><dd><code>{}</code></dd>",
      xml_escape(t.config.flags()));
  if (!t.found_by.empty())
    out += fmt::format("<dt>found by</dt><dd>{}</dd>", xml_escape(t.found_by));
  out += fmt::format("<dt>actions</dt><dd>{}</dd></dl>\n", t.actions.size());
  out += fmt::format(
      "<h2>Reproduce</h2>\n<pre>{}\n{}</pre>\n", xml_escape(replay_command(rec.trace_name)),
      xml_escape(t.reproduce.empty() ? "zabcheck spec " + t.config.flags() : t.reproduce));
  out +=
      "<h2>Roles and epochs</h2>\n<p>One row per server, one column per step (0: the start); "
      "the number is the currentEpoch. Hover a cell for the action and the server's "
      "fields.</p>\n<div class=\"chart\">\n" +
      role_chart(rec) + "</div>\n";
  out +=
      "<h2>Steps</h2>\n<p>Each server after each step; changed fields are highlighted. "
      "<code>committed</code> is the last zxid delivered.</p>\n";
  out += html_step_table(spec_step_table(rec), kCellLines);
  return out + fmt::format("<h2>Final state</h2>\n<pre>{}</pre>\n</body></html>\n",
                           xml_escape(rec.final_state));
}

}  // namespace zab::cx
