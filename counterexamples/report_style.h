// The look shared by the HTML reports (implementation traces: html.cpp; spec traces:
// spec_report_html.cpp): one inline style sheet, no fonts or files from anywhere.
#pragma once

#include <string_view>

namespace zab::cx {

inline constexpr std::string_view kReportStyle = R"css(
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
table.steps { border-collapse: collapse; font-size: 12px; }
table.steps th, table.steps td { border: 1px solid #dde3ec; padding: 3px 6px; vertical-align: top; }
table.steps th { background: #eef2f8; position: sticky; top: 0; }
table.steps td.action { min-width: 22em; max-width: 30em; overflow-wrap: anywhere; }
tr.fold > td { background: #f6f8fa; } tr.fold summary { cursor: pointer; font-weight: 600; }
tr.fold table.steps { margin: 6px 0 2px; }
.cell div { white-space: nowrap; } .cell .k { color: #7b8494; } .cell .f { padding: 0 2px; }
.changed { background: #fff1a8; font-weight: 600; border-radius: 2px; }
tr.violation td { background: #fde2e1; } tr.violation td.action { font-weight: 700; }
tr.finding td { background: #f8d7da; color: #8a1f1b; font-weight: 600; }
.chart { overflow-x: auto; border: 1px solid #dde3ec; border-radius: 4px; padding: 4px; }
)css";

}  // namespace zab::cx
