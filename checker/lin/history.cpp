#include "checker/lin/history.h"

#include <fmt/format.h>

#include <limits>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "counterexamples/escape.h"

namespace zab::lin {

namespace {

using nlohmann::json;

constexpr int kDepthMax = 4;  // an operation is a flat object; deeper nesting is not one
constexpr std::string_view kFields[] = {
    "process",          "op",     "key",      "value",   "version",
    "expected_version", "invoke", "complete", "outcome", "error"};

// The deepest nesting of [ and { outside strings: nlohmann parses recursively, and a line of a
// million '[' must be refused before it reaches the parser.
int nesting(std::string_view line) {
  int depth = 0, deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

// Values and keys appear in every message; a 10 MB value must not be echoed whole.
std::string quoted(const json& j) {
  return cx::brief(j.dump(-1, ' ', false, json::error_handler_t::replace), 60);
}

class LineReader {
 public:
  LineReader(size_t line, const json& object) : line_(line), object_(object) {}

  [[noreturn]] void fail(const std::string& what) const { throw HistoryError(line_, what); }

  const json* find(std::string_view field) const {
    const auto it = object_.find(field);
    return it == object_.end() ? nullptr : &*it;
  }
  const json& need(std::string_view field) const {
    const json* j = find(field);
    if (!j) fail(fmt::format("missing \"{}\"", field));
    return *j;
  }
  int64_t integer(std::string_view field, const json& j, int64_t min) const {
    const bool fits = j.is_number_integer() &&
                      (!j.is_number_unsigned() ||
                       j.get<uint64_t>() <= uint64_t(std::numeric_limits<int64_t>::max()));
    if (!fits || j.get<int64_t>() < min)
      fail(fmt::format("\"{}\" must be an integer >= {}, not {}", field, min, quoted(j)));
    return j.get<int64_t>();
  }
  std::string text(std::string_view field, const json& j) const {
    if (j.is_string()) return j.get<std::string>();
    if (j.is_number_integer()) return j.dump();
    fail(fmt::format("\"{}\" must be a string or an integer, not {}", field, quoted(j)));
  }
  template <typename Enum, size_t N>
  Enum choice(std::string_view field, const std::pair<std::string_view, Enum> (&names)[N]) const {
    const json& j = need(field);
    std::string list;
    for (const auto& [name, value] : names) {
      if (j.is_string() && j.get<std::string>() == name) return value;
      list += fmt::format("{}{}", list.empty() ? "" : ", ", name);
    }
    fail(fmt::format("\"{}\" must be one of {}, not {}", field, list, quoted(j)));
  }

 private:
  size_t line_;
  const json& object_;
};

class Parser {
 public:
  explicit Parser(History& history) : history_(history) { intern(json("")); }

  void line(size_t number, std::string_view text) {
    if (cx::valid_utf8(text) != text) throw HistoryError(number, "not UTF-8");
    if (nesting(text) > kDepthMax)
      throw HistoryError(number, "nested too deeply to be an operation");
    const json object = json::parse(text, nullptr, false);
    if (object.is_discarded()) throw HistoryError(number, "not valid JSON");
    if (!object.is_object()) throw HistoryError(number, "not a JSON object");
    history_.operations.push_back(operation(LineReader(number, object), object, number));
  }

 private:
  Operation operation(const LineReader& r, const json& object, size_t number) {
    for (const auto& [field, value] : object.items())
      if (std::find(std::begin(kFields), std::end(kFields), field) == std::end(kFields))
        r.fail(fmt::format("unknown field \"{}\"", cx::brief(field, 40)));
    Operation op;
    op.line = number;
    op.process = r.text("process", r.need("process"));
    op.kind = r.choice<OpKind>(
        "op", {{"read", OpKind::kRead}, {"write", OpKind::kWrite}, {"cas", OpKind::kCas}});
    const json& key = r.need("key");
    if (!key.is_string()) r.fail(fmt::format("\"key\" must be a string, not {}", quoted(key)));
    op.key = key.get<std::string>();
    op.outcome = r.choice<Outcome>(
        "outcome",
        {{"ok", Outcome::kOk}, {"fail", Outcome::kFail}, {"unknown", Outcome::kUnknown}});
    times(r, op);
    arguments(r, op);
    return op;
  }

  void times(const LineReader& r, Operation& op) {
    op.invoke = r.integer("invoke", r.need("invoke"), 0);
    const json* complete = r.find("complete");
    // An unknown outcome has no completion bound; a time given for it (when the client gave up)
    // is not one either, so it is ignored.
    if (op.outcome == Outcome::kUnknown) return;
    if (!complete || complete->is_null())
      r.fail("missing \"complete\" (only an unknown outcome may lack one)");
    op.complete = r.integer("complete", *complete, op.invoke);
  }

  void arguments(const LineReader& r, Operation& op) {
    const json* value = r.find("value");
    const bool value_needed =
        op.kind != OpKind::kRead || op.outcome == Outcome::kOk;  // a read's value is its answer
    if (value_needed && !value) r.fail("missing \"value\"");
    if (value && op.kind == OpKind::kRead && op.outcome != Outcome::kOk) value = nullptr;
    if (value) {
      r.text("value", *value);  // a string or an integer
      op.value = intern(*value);
    }
    if (const json* version = r.find("version"); version && op.outcome == Outcome::kOk)
      op.version = r.integer("version", *version, 0);
    const json* expected = r.find("expected_version");
    if (op.kind == OpKind::kCas) {
      if (!expected) r.fail("missing \"expected_version\" (a cas is setData with a version)");
      if (expected->is_number_integer() && expected->get<int64_t>() == -1)
        r.fail("\"expected_version\" -1 matches any version: that is a write");
      op.expected_version = r.integer("expected_version", *expected, 0);
    } else if (expected) {
      r.fail(fmt::format("\"expected_version\" belongs to a cas, not a {}", to_string(op.kind)));
    }
  }

  ValueId intern(const json& value) {
    // The JSON text tells "1" from 1; it is also how a value is shown.
    std::string text = value.dump(-1, ' ', false, json::error_handler_t::replace);
    const auto [it, added] = ids_.try_emplace(text, ValueId(history_.values.size()));
    if (added) history_.values.push_back(std::move(text));
    return it->second;
  }

  History& history_;
  std::unordered_map<std::string, ValueId> ids_;
};

}  // namespace

HistoryError::HistoryError(size_t line, const std::string& what)
    : std::runtime_error(line == 0 ? what : fmt::format("line {}: {}", line, what)), line_(line) {}

History parse_history(std::istream& in, const std::string& file) {
  History history;
  history.file = file;
  Parser parser(history);
  std::string text;
  for (size_t number = 1; std::getline(in, text); ++number) {
    if (!text.empty() && text.back() == '\r') text.pop_back();
    if (text.find_first_not_of(" \t") == std::string::npos) continue;
    parser.line(number, text);
  }
  if (in.bad()) throw HistoryError(0, "read error");
  return history;
}

std::string_view to_string(OpKind kind) {
  switch (kind) {
    case OpKind::kRead:
      return "read";
    case OpKind::kWrite:
      return "write";
    case OpKind::kCas:
      return "cas";
  }
  return "?";
}

std::string_view to_string(Outcome outcome) {
  switch (outcome) {
    case Outcome::kOk:
      return "ok";
    case Outcome::kFail:
      return "fail";
    case Outcome::kUnknown:
      return "unknown";
  }
  return "?";
}

std::string describe(const History& history, const Operation& op, size_t value_bytes_max) {
  const std::string value = cx::brief(history.values[op.value], value_bytes_max);
  const std::string version = op.version ? fmt::format(" v{}", *op.version) : "";
  std::string what;
  switch (op.kind) {
    case OpKind::kRead:
      what = op.outcome == Outcome::kOk ? fmt::format("read -> {}{}", value, version) : "read";
      break;
    case OpKind::kWrite:
      what = fmt::format("write {}{}", value, version);
      break;
    case OpKind::kCas:
      what = fmt::format("cas v{} -> {}{}", op.expected_version, value, version);
      break;
  }
  const std::string end = op.complete ? std::to_string(*op.complete) : "...";
  return fmt::format("line {}: p{} {} {} {} [{}, {}]", op.line, cx::brief(op.process, 40),
                     cx::brief(op.key, 60), what, to_string(op.outcome), op.invoke, end);
}

}  // namespace zab::lin
