#include "counterexamples/step_table.h"

#include <fmt/format.h>

#include <algorithm>

#include "counterexamples/escape.h"
#include "counterexamples/trace.h"

namespace zab::cx {
namespace {

std::string html_cell(const ServerSummary& before, const ServerSummary& now, bool first,
                      CellLines lines) {
  const auto changed = first ? std::vector<std::string_view>{} : changed_fields(before, now);
  std::string out = "<td class=\"cell\">";
  for (const auto& line : lines) {
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

}  // namespace

void StepTable::mark(const std::optional<search::Violation>& violation, size_t step) {
  if (!violation) return;
  violation_step = step;
  finding = fmt::format("violated {}: {}", violation->property, violation->detail);
}

std::string html_page_head(std::string_view property, ReplayOutcome outcome, std::string_view style,
                           std::string_view what) {
  const std::string suffix = what.empty() ? "" : fmt::format(" ({})", what);
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<title>{0}: {1}{2} — zabcheck report</title>\n<style>{3}</style></head>\n<body>\n"
      "<h1>{0}: {1}{2}</h1>\n<blockquote><strong>{0}</strong> — {4}</blockquote>\n",
      xml_escape(property), to_string(outcome), xml_escape(suffix), style,
      xml_escape(property_sentence(property)));
}

namespace {

std::string html_head_row(const StepTable& t) {
  std::string out = "<thead><tr><th>step</th><th>action</th>";
  for (const auto& label : t.labels)
    out += fmt::format("<th>{}</th>", xml_escape(label));
  return out + "</tr></thead>";
}

std::string html_row(const StepTable& t, size_t row, CellLines lines) {
  const bool bad = row > 0 && row == t.violation_step;
  std::string out =
      row == 0
          ? std::string("<tr><td>0</td><td class=\"action\"><em>start</em></td>")
          : fmt::format("<tr id=\"step-{}\"{}><td>{}</td><td class=\"action\">{}</td>", row,
                        bad ? " class=\"violation\"" : "", row, xml_escape(t.rows[row].action));
  const auto& servers = *t.rows[row].servers;
  for (size_t i = 0; i < servers.size(); ++i)
    out += html_cell(t.before(row, i), servers[i], row == 0, lines);
  out += "</tr>\n";
  if (bad)
    out += fmt::format("<tr class=\"finding\"><td></td><td colspan=\"{}\">{}</td></tr>\n",
                       servers.size() + 1, xml_escape(t.finding));
  return out;
}

}  // namespace

std::string html_step_table(const StepTable& t, CellLines lines) {
  std::string out = "<table class=\"steps\">" + html_head_row(t) + "<tbody>\n";
  auto fold = t.folds.begin();
  for (size_t row = 0; row < t.rows.size(); ++row) {
    if (fold == t.folds.end() || row != fold->first) {
      out += html_row(t, row, lines);
      continue;
    }
    out += fmt::format(
        "<tr class=\"fold\"><td>{}-{}</td><td colspan=\"{}\"><details><summary>{}</summary>"
        "<table class=\"steps\">{}<tbody>\n",
        fold->first, fold->last, t.labels.size() + 1, xml_escape(fold->title), html_head_row(t));
    for (; row <= fold->last; ++row)
      out += html_row(t, row, lines);
    out += "</tbody></table></details></td></tr>\n";
    --row;
    ++fold;
  }
  return out + "</tbody></table>\n";
}

std::string markdown_part(const std::string& text, bool hot) {
  const std::string code = "`" + markdown_code(text) + "`";
  return hot ? "**" + code + "**" : code;
}

namespace {

// A fold's steps inside a <details> (GitHub renders it in a table cell; Markdown is not parsed
// there, so the actions are HTML, a '|' written as an entity so it cannot end the cell).
std::string markdown_fold_actions(const StepTable& t, const StepFold& fold) {
  std::string out = "<details><summary>" + xml_escape(fold.title) + "</summary>";
  for (size_t row = fold.first; row <= fold.last; ++row) {
    std::string action = xml_escape(t.rows[row].action);
    for (size_t at = action.find('|'); at != std::string::npos; at = action.find('|', at))
      action.replace(at, 1, "&#124;");
    out += fmt::format("{}<code>{}</code>", row == fold.first ? "" : "<br>", action);
  }
  return out + "</details>";
}

}  // namespace

std::string markdown_step_table(const StepTable& t, const MarkdownCell& cell) {
  std::string out = "| step | action |", rule = "|---:|---|";
  for (const auto& label : t.labels) {
    out += fmt::format(" {} |", label);
    rule += "---|";
  }
  out += "\n" + rule + "\n";
  auto fold = t.folds.begin();
  for (size_t row = 0; row < t.rows.size(); ++row) {
    // A fold is one row: its steps listed, each server's fields after its last step, bold
    // where they differ from before its first.
    const bool folded = fold != t.folds.end() && row == fold->first;
    const size_t last = folded ? fold->last : row;
    const bool bad = row > 0 && row == t.violation_step;
    out += row == 0 ? std::string("| 0 | *start* |")
           : folded ? fmt::format("| {}-{} | {} |", row, last, markdown_fold_actions(t, *fold))
                    : fmt::format("| {}{} | `{}` |", bad ? "⚠ " : "", row,
                                  markdown_code(t.rows[row].action));
    const auto& servers = *t.rows[last].servers;
    for (size_t i = 0; i < servers.size(); ++i)
      out += " " + cell(t.before(row, i), servers[i], row == 0) + " |";
    out += "\n";
    if (folded) {
      row = last;
      ++fold;
    }
  }
  return out;
}

std::string dot_path(const StepTable& t, const std::vector<std::string>& comment,
                     const std::function<std::string(size_t, const ServerSummary&)>& line) {
  std::string out;
  for (const auto& c : comment)
    out += "// " + c + "\n";
  out +=
      "digraph path {\n  rankdir=TB;\n  node [shape=box, fontname=\"monospace\", fontsize=10];\n"
      "  edge [fontname=\"monospace\", fontsize=9];\n";
  for (size_t row = 0; row < t.rows.size(); ++row) {
    const bool bad = row > 0 && row == t.violation_step;
    std::string label = row == 0 ? std::string("start") : fmt::format("step {}", row);
    if (bad) label += "\nVIOLATED " + t.finding.substr(t.finding.find(' ') + 1);
    const auto& servers = *t.rows[row].servers;
    for (size_t i = 0; i < servers.size(); ++i)
      label += "\n" + line(i, servers[i]);
    out += fmt::format("  s{} [label=\"{}\"{}];\n", row, dot_escape(label),
                       bad ? ", color=red, penwidth=2, fontcolor=red" : "");
    if (row > 0)
      out += fmt::format("  s{} -> s{} [label=\"{}\"];\n", row - 1, row,
                         dot_escape(t.rows[row].action));
  }
  return out + "}\n";
}

std::string verdict_words(const VerdictFacts& f) {
  switch (f.outcome) {
    case ReplayOutcome::kViolated:
      if (f.violation_step == 0)
        return fmt::format("violated {} in the start state: {}", f.violation->property,
                           f.violation->detail);
      return fmt::format("violated {} at step {} of {} ({}): {}", f.violation->property,
                         f.violation_step, f.actions, f.action, f.violation->detail);
    case ReplayOutcome::kNotViolated:
      return fmt::format("not violated: {} held at all {} steps", f.property, f.steps);
    case ReplayOutcome::kInconsistent:
      return fmt::format("inconsistent trace: {}", f.problem);
  }
  return "?";
}

}  // namespace zab::cx
