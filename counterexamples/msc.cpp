// The message-sequence chart: time runs down, one lifeline per server, one row per step. A
// delivery is an arrow from the sender's lifeline (slightly earlier) to the receiver's, labelled
// with the packet; faults, timers and disk steps are marks on the acting server's lifeline.
#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>

#include "counterexamples/escape.h"
#include "counterexamples/report.h"
#include "counterexamples/step_table.h"
#include "impl/core/overloaded.h"

namespace zab::cx {

namespace {

constexpr int kLeft = 60;     // room for step numbers
constexpr int kColumn = 240;  // per server
constexpr int kTop = 56;      // server name boxes
constexpr int kRow = 30;
constexpr size_t kLabelChars = 34;  // what fits between neighbouring lifelines
constexpr int kCharWidth = 7;       // 11px monospace, rounded up

struct Geometry {
  size_t servers;
  size_t steps;
  int x(NodeId id) const { return kLeft + (id.value - 1) * kColumn + kColumn / 2; }
  int y(size_t step) const { return kTop + 4 + static_cast<int>(step) * kRow; }
  // Room on the right for the labels of the last server's marks and the violation.
  int width() const { return kLeft + static_cast<int>(servers) * kColumn + 200; }
  int height() const { return y(steps) + 36; }
};

// Long packets are cut with an ellipsis; the full name is in the step's <title> and the table.
std::string clip(std::string_view text, size_t room = kLabelChars) {
  if (text.size() <= room) return std::string(text);
  return std::string(text.substr(0, room - 1)) + "…";
}

// The words of a name after the first `skip` ones: the packet of "deliver n1->n2 quorum ACK <1,0>".
std::string words_after(std::string_view name, int skip) {
  size_t at = 0;
  for (int i = 0; i < skip && at != std::string_view::npos; ++i) {
    at = name.find(' ', at);
    if (at != std::string_view::npos) ++at;
  }
  return at == std::string_view::npos ? std::string() : std::string(name.substr(at));
}

std::string text(int x, int y, std::string_view cls, std::string_view body,
                 std::string_view anchor = "middle") {
  return fmt::format("<text class=\"{}\" x=\"{}\" y=\"{}\" text-anchor=\"{}\">{}</text>", cls, x, y,
                     anchor, xml_escape(body));
}

std::string delivery(const Geometry& g, const RecordedStep& s, const check::Deliver& d) {
  const int x1 = g.x(d.from), x2 = g.x(d.to), y = g.y(s.step);
  const std::string packet = words_after(s.name, 3);
  const bool closed = packet == "connection-closed";
  const std::string cls = closed ? "msg closed" : fmt::format("msg {}", to_string(d.channel));
  std::string out = fmt::format(
      "<line class=\"{}\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" marker-end=\"url(#arrow)\"/>",
      cls, x1, y - kRow / 2, x2 + (x2 > x1 ? -3 : 3), y);
  const size_t room = std::max<size_t>(kLabelChars, std::abs(x2 - x1) / kCharWidth - 2);
  out += text((x1 + x2) / 2, y - kRow / 2 - 1, "label", clip(packet, room));
  return out;
}

// Shapes of the marks on a lifeline.
std::string crash_shape(int x, int y) {
  return fmt::format("<path class=\"crash\" d=\"M{0} {1} l12 12 M{2} {1} l-12 12\"/>", x - 6, y - 6,
                     x + 6);
}
std::string circle(std::string_view cls, int x, int y, int r) {
  return fmt::format("<circle class=\"{}\" cx=\"{}\" cy=\"{}\" r=\"{}\"/>", cls, x, y, r);
}
std::string diamond(std::string_view cls, int x, int y) {
  return fmt::format("<path class=\"{}\" d=\"M{} {} l7 7 l-7 7 l-7 -7 z\"/>", cls, x, y - 7);
}
std::string square(int x, int y) {
  return fmt::format("<rect class=\"disk\" x=\"{}\" y=\"{}\" width=\"10\" height=\"10\"/>", x - 5,
                     y - 5);
}
std::string triangle(int x, int y) {
  return fmt::format("<path class=\"local\" d=\"M{} {} l6 10 l-12 0 z\"/>", x, y - 6);
}

// A fault or local step of server `node`: a shaped mark on its lifeline and a label beside it.
std::string mark(const Geometry& g, const RecordedStep& s, NodeId node, const std::string& shape,
                 const std::string& label) {
  return shape + text(g.x(node) + 12, g.y(s.step) + 4, "label", clip(label), "start");
}

// Partition, heal and connection drop concern a pair of servers: a dashed bar between them.
std::string link(const Geometry& g, const RecordedStep& s, NodeId a, NodeId b,
                 std::string_view cls) {
  const int x1 = g.x(a), x2 = g.x(b), y = g.y(s.step);
  return fmt::format("<line class=\"link {}\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>", cls, x1,
                     y, x2, y) +
         text((x1 + x2) / 2, y - 4, "label", cls == "drop" ? "drop-connection" : cls);
}

// A step that is no one server's (e.g. a tick of logical time, or an election settled in one
// canonical order): a dotted band across every lifeline.
std::string global(const Geometry& g, const RecordedStep& s) {
  const int y = g.y(s.step);
  return fmt::format("<line class=\"global\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>",
                     g.x(NodeId{1}) - 20, y, g.x(NodeId{static_cast<uint8_t>(g.servers)}) + 20, y) +
         text(g.x(NodeId{static_cast<uint8_t>(g.servers)}) + 24, y + 4, "label", clip(s.name),
              "start");
}

bool on_chart(const Geometry& g, NodeId id) {
  return id.value >= 1 && id.value <= g.servers;
}

std::string step_mark(const Geometry& g, const RecordedStep& s) {
  using namespace check;
  const int y = g.y(s.step);
  // A mark on one server's lifeline, or the global band when the server is not on the chart.
  auto at = [&](NodeId node, auto shape, const std::string& label) {
    if (!on_chart(g, node)) return global(g, s);
    return mark(g, s, node, shape(g.x(node), y), label);
  };
  auto pair = [&](NodeId a, NodeId b, std::string_view cls) {
    if (!on_chart(g, a) || !on_chart(g, b)) return global(g, s);
    return link(g, s, a, b, cls);
  };
  auto disk = [&](NodeId node) {
    return at(node, square, s.name.substr(0, s.name.find(' ')));  // its own disk and pipeline
  };
  // Other steps of one server (request pipeline, client traffic): named in full.
  auto local = [&](NodeId node) { return at(node, triangle, s.name); };
  return std::visit(
      Overloaded{
          [&](const Deliver& d) {
            if (!on_chart(g, d.to) || !on_chart(g, d.from)) return global(g, s);
            return delivery(g, s, d);
          },
          [&](const Fsync& a) { return disk(a.node); },
          [&](const DrainLog& a) { return disk(a.node); },
          [&](const Apply& a) { return disk(a.node); },
          [&](const Fire& a) {
            return at(
                a.node, [](int x, int yy) { return circle("timer", x, yy, 6); },
                words_after(s.name, 2));
          },
          [&](const ClientWrite& a) {
            return at(
                a.node, [](int x, int yy) { return diamond("client", x, yy); }, "client write");
          },
          [&](const Crash& a) {
            return at(a.node, crash_shape, fmt::format("crash (keep {})", a.keep));
          },
          [&](const Restart& a) {
            return at(
                a.node, [](int x, int yy) { return circle("restart", x, yy, 7); }, "restart");
          },
          [&](const Partition& a) { return pair(a.a, a.b, "partition"); },
          [&](const Heal& a) { return pair(a.a, a.b, "heal"); },
          [&](const Drop& a) { return pair(a.a, a.b, "drop"); },
          [&](const SettleElection&) { return global(g, s); },
          [&](const ClientSend&) { return global(g, s); },
          [&](const ClientRecv&) { return global(g, s); },
          [&](const ServerRead& a) { return local(a.node); },
          [&](const Prep& a) { return local(a.node); },
          [&](const Tick&) { return global(g, s); },
      },
      s.action);
}

// Grey bars where a server is down, from its summaries.
std::string down_spans(const Geometry& g, const Recording& rec, size_t index, NodeId id) {
  std::string out;
  auto down_at = [&](size_t step) {
    const auto& servers = step == 0 ? rec.start : rec.steps[step - 1].servers;
    return servers[index].value("role") == "down";
  };
  for (size_t step = 0; step <= rec.steps.size(); ++step) {
    if (!down_at(step)) continue;
    size_t end = step;
    while (end + 1 <= rec.steps.size() && down_at(end + 1))
      ++end;
    out += fmt::format("<rect class=\"down\" x=\"{}\" y=\"{}\" width=\"8\" height=\"{}\"/>",
                       g.x(id) - 4, g.y(step), g.y(end) - g.y(step) + kRow / 2);
    step = end;
  }
  return out;
}

}  // namespace

std::string message_sequence_svg(const Recording& rec) {
  const Geometry g{rec.start.size(), rec.steps.size()};
  std::string out = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"msc\" width=\"{0}\" height=\"{1}\" "
      "viewBox=\"0 0 {0} {1}\" role=\"img\" aria-label=\"message-sequence chart\">\n"
      "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" "
      "markerHeight=\"7\" orient=\"auto-start-reverse\"><path d=\"M0 0 L10 5 L0 10 z\"/></marker>"
      "</defs>\n",
      g.width(), g.height());
  for (const auto& step : rec.steps) {
    if (!rec.result.violation || rec.result.violation_step != step.step) continue;
    out +=
        fmt::format("<rect class=\"violation-row\" x=\"0\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
                    g.y(step.step) - kRow + 6, g.width(), kRow);
    out += text(g.width() - 8, g.y(step.step) - 4, "violation-label",
                "violated " + rec.result.violation->property, "end") +
           "\n";
  }
  // An election's notification exchange: a band behind its rows, named at its first row (the
  // step table folds the same rows).
  for (const auto& fold : step_table(rec).folds) {
    out += fmt::format("<rect class=\"fold-span\" x=\"0\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
                       g.y(fold.first) - kRow + 6, g.width(),
                       static_cast<int>(fold.last - fold.first + 1) * kRow);
    out += text(g.width() - 8, g.y(fold.first) - 4, "fold-label", fold.label, "end") + "\n";
  }
  for (size_t i = 0; i < rec.start.size(); ++i) {
    const NodeId id = rec.start[i].id;
    out += fmt::format(
        "<rect class=\"server-box\" x=\"{}\" y=\"8\" width=\"120\" height=\"30\" "
        "rx=\"4\"/>",
        g.x(id) - 60);
    out += text(g.x(id), 28, "server-name", server_label(rec, id)) + "\n";
    out += fmt::format("<line class=\"lifeline\" x1=\"{0}\" y1=\"38\" x2=\"{0}\" y2=\"{1}\"/>\n",
                       g.x(id), g.height() - 8);
    out += down_spans(g, rec, i, id) + "\n";
  }
  for (const auto& step : rec.steps) {
    out += fmt::format("<g class=\"step\"><title>{}: {}</title>", step.step, xml_escape(step.name));
    out += text(8, g.y(step.step) - 4, "step-no", std::to_string(step.step), "start");
    out += step_mark(g, step) + "</g>\n";
  }
  return out + "</svg>\n";
}

}  // namespace zab::cx
