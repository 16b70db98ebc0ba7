// The failing window as an SVG timeline: time runs right, one lane per process, a bar from each
// operation's invoke to its completion (to the right edge, dashed, when the outcome is unknown).
// The linearized operations carry their position in the prefix; the one that cannot be placed is
// red. Fonts, colours and escaping follow the counterexample reports (counterexamples/html.cpp's
// svg.msc rules), inlined so the file stands alone.
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "checker/lin/report.h"
#include "counterexamples/escape.h"

namespace zab::lin {

namespace {

constexpr int kLeft = 110;  // room for the lane names
constexpr int kPlot = 900;  // the time axis
constexpr int kRight = 24;
constexpr int kTop = 64;  // the title and the time labels
constexpr int kLane = 44;
constexpr int kBar = 14;
constexpr size_t kLabelChars = 40;
constexpr size_t kCharWidth = 7;  // 11px monospace, rounded up

constexpr std::string_view kStyle = R"css(
svg.lin text { font: 11px ui-monospace, Menlo, Consolas, monospace; fill: #1d2330; }
svg.lin text.title { font: 600 14px system-ui, sans-serif; fill: #8a1f1b; }
svg.lin text.lane-name { font-size: 13px; font-weight: 700; }
svg.lin text.time { fill: #7b8494; }
svg.lin .lane { stroke: #5b7bc0; stroke-width: 1; stroke-dasharray: 6 4; }
svg.lin .op { fill: #e8eefb; stroke: #5b7bc0; stroke-width: 1.2; }
svg.lin .op.linearized { fill: #e3f6e5; stroke: #4caf50; }
svg.lin .op.unknown { fill: #fff4d6; stroke: #e0a800; stroke-dasharray: 5 3; }
svg.lin .op.unplaceable { fill: #fde2e1; stroke: #c9302c; stroke-width: 2.5; }
svg.lin text.unplaceable { fill: #8a1f1b; font-weight: 700; }
)css";

struct Axis {
  int64_t from, to;  // the times at the left and right ends of the plot
  double x(int64_t t) const {
    const double span = std::max<double>(1, double(to) - double(from));
    return kLeft +
           kPlot * (std::clamp<double>(double(t), double(from), double(to)) - double(from)) / span;
  }
};

std::string clip(std::string_view text, size_t room = kLabelChars) {
  if (text.size() <= room) return std::string(text);
  return std::string(text.substr(0, room - 1)) + "…";
}

std::string text(double x, double y, std::string_view cls, std::string_view body,
                 std::string_view anchor = "start") {
  return fmt::format("<text class=\"{}\" x=\"{:.1f}\" y=\"{:.1f}\" text-anchor=\"{}\">{}</text>",
                     cls, x, y, anchor, cx::xml_escape(body));
}

// "w \"x\"", "r \"x\" v2", "cas v1 \"y\"": what fits above a bar; the <title> holds the rest.
std::string label(const History& history, const Operation& op) {
  const std::string value = history.values[op.value];
  switch (op.kind) {
    case OpKind::kRead:
      return op.outcome == Outcome::kOk
                 ? fmt::format("r {}{}", value, op.version ? fmt::format(" v{}", *op.version) : "")
                 : "r";
    case OpKind::kWrite:
      return "w " + value;
    case OpKind::kCas:
      return fmt::format("cas v{} {}", op.expected_version, value);
  }
  return "";
}

std::string bar(const History& history, const Window& w, size_t index, const Axis& axis, int lane) {
  const Operation& op = history.operations[index];
  const auto tail = std::find(w.prefix_tail.begin(), w.prefix_tail.end(), index);
  std::string cls = "op";
  std::string mark;
  if (index == w.unplaceable) {
    cls += " unplaceable";
    mark = " (cannot be placed)";
  } else if (tail != w.prefix_tail.end()) {
    cls += " linearized";
    mark = fmt::format(" #{}", w.prefix_start + (tail - w.prefix_tail.begin()) + 1);
  }
  if (op.outcome == Outcome::kUnknown) cls += " unknown";
  const double x1 = axis.x(op.invoke);
  const double x2 = op.complete ? axis.x(*op.complete) : kLeft + kPlot + kRight / 2;
  const double y = kTop + lane * kLane + kLane - kBar - 6;
  std::string out = fmt::format("<g class=\"operation\"><title>{}</title>",
                                cx::xml_escape(describe(history, op, 200)));
  out += fmt::format(
      "<rect class=\"{}\" x=\"{:.1f}\" y=\"{:.1f}\" width=\"{:.1f}\" height=\"{}\" rx=\"3\"/>", cls,
      x1, y, std::max(3.0, x2 - x1), kBar);
  const std::string outcome =
      op.outcome == Outcome::kOk ? "" : " " + std::string(to_string(op.outcome));
  const std::string words = clip(label(history, op)) + outcome + mark;
  const std::string_view text_cls = index == w.unplaceable ? "unplaceable" : "label";
  // A label that would run off the right edge ends there instead.
  if (x1 + 2 + double(words.size() * kCharWidth) > kLeft + kPlot + kRight)
    out += text(kLeft + kPlot + kRight - 4, y - 3, text_cls, words, "end");
  else
    out += text(x1 + 2, y - 3, text_cls, words);
  return out + "</g>\n";
}

}  // namespace

std::string timeline_svg(const History& history, const KeyResult& result) {
  const Window w = failing_window(history, result);
  std::map<std::string, int> lanes;  // process -> lane, in order of first appearance
  std::vector<std::string> order;
  Axis axis{history.operations[w.operations.front()].invoke, 0};
  for (const size_t i : w.operations) {
    const Operation& op = history.operations[i];
    if (lanes.emplace(op.process, int(order.size())).second) order.push_back(op.process);
    axis.from = std::min(axis.from, op.invoke);
    axis.to = std::max(axis.to, op.complete.value_or(op.invoke));
  }
  const int width = kLeft + kPlot + kRight;
  const int height = kTop + int(order.size()) * kLane + 16;
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"lin\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\" role=\"img\" aria-label=\"linearizability timeline\">\n"
      "<style>{2}</style>\n<rect x=\"0\" y=\"0\" width=\"{0}\" height=\"{1}\" fill=\"#fff\"/>\n",
      width, height, kStyle);
  const Operation& bad = history.operations[w.unplaceable];
  out += text(8, 20, "title",
              fmt::format("key {}: not linearizable: line {} cannot be placed after a prefix of {}",
                          clip(bad.key, 60), bad.line, result.prefix.size())) +
         "\n";
  out += text(kLeft, kTop - 18, "time", fmt::format("t={}", axis.from)) +
         text(kLeft + kPlot, kTop - 18, "time", fmt::format("t={}", axis.to), "end") + "\n";
  for (size_t lane = 0; lane < order.size(); ++lane) {
    const int y = kTop + int(lane) * kLane + kLane - 6 - kBar / 2;
    out += text(8, y + 4, "lane-name", clip("p" + order[lane], 14));
    out += fmt::format("<line class=\"lane\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>\n", kLeft, y,
                       kLeft + kPlot, y);
  }
  for (const size_t i : w.operations)
    out += bar(history, w, i, axis, lanes.at(history.operations[i].process));
  return out + "</svg>\n";
}

}  // namespace zab::lin
