// The text form of a trace: formatting, and a line-by-line parser that names the offending line
// in every error (a malformed trace is a user error, never a crash).
#include "counterexamples/trace.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <sstream>

#include "counterexamples/escape.h"
#include "properties/property.h"

namespace zab::cx {

namespace {

std::string compose(int line, const std::string& reason, std::string_view file) {
  std::string out = file.empty() ? std::string() : fmt::format("{}: ", file);
  if (line > 0) out += fmt::format("line {}: ", line);
  return out + reason;
}

// One line of text: no newline can sneak into a detail or a header value.
std::string one_line(std::string_view s) {
  std::string out(s);
  std::replace(out.begin(), out.end(), '\n', ' ');
  std::replace(out.begin(), out.end(), '\r', ' ');
  return out;
}

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r");
  return s.substr(first, last - first + 1);
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& item : items)
    out += (out.empty() ? "" : std::string(sep)) + item;
  return out;
}

}  // namespace

TraceError::TraceError(int line_number, const std::string& why, std::string_view file)
    : std::runtime_error(compose(line_number, why, file)), line(line_number), reason(why) {}

std::optional<std::string> property_problem(std::string_view id) {
  if (id == kAssertionProperty) return std::nullopt;
  const auto* p = props::find_property(id);
  if (!p) return fmt::format("unknown property '{}'", brief(id));
  if (p->kind == props::PropertyKind::kLiveness)
    return fmt::format(
        "'{}' is a liveness property; a trace records the violation of a safety "
        "property",
        id);
  return std::nullopt;
}

std::string_view property_sentence(std::string_view id) {
  if (id == kAssertionProperty) return "no assertion in the protocol code fails";
  const auto* p = props::find_property(id);
  return p ? p->sentence : std::string_view("(not in the property catalogue)");
}

std::string action_origin(const Trace& trace, size_t index) {
  if (index < trace.action_lines.size()) return fmt::format("line {}", trace.action_lines[index]);
  return fmt::format("action {}", index + 1);
}

std::string replay_command(std::string_view file_name) {
  return fmt::format("zabcheck replay {}", file_name.empty() ? "TRACE" : shell_quote(file_name));
}

std::string check_command(const check::RunConfig& config) {
  return "zabcheck check " + config.flags();
}

std::string digest_hex(uint64_t digest) {
  return fmt::format("{:016x}", digest);
}

std::string format_trace(const Trace& trace, std::string_view file_name) {
  std::string out = fmt::format("# zabcheck-trace {}\n", kTraceFormatVersion);
  out += fmt::format("# property: {}\n", trace.property);
  out += fmt::format("# sentence: {}\n", property_sentence(trace.property));
  out += fmt::format("# config: {}\n", json_text(trace.config.to_json()));
  out += fmt::format("# bugs: {}\n",
                     trace.config.bugs.empty() ? "none" : join(trace.config.bugs, ", "));
  if (trace.seed) out += fmt::format("# seed: {}\n", *trace.seed);
  if (!trace.found_by.empty()) out += fmt::format("# found-by: {}\n", one_line(trace.found_by));
  out += fmt::format("# reproduce: {}\n", replay_command(file_name));
  out += fmt::format("# reproduce: {}\n", check_command(trace.config));
  for (const auto& action : trace.actions)
    out += one_line(action) + "\n";
  out += "----\n";
  if (trace.expected.violated)
    out +=
        fmt::format("violates {}: {}\n", trace.expected.property, one_line(trace.expected.detail));
  else
    out += "ok\n";
  if (trace.digest) out += fmt::format("digest {}\n", digest_hex(*trace.digest));
  return out;
}

namespace {

// Reads the text form line by line. Each parse_* method handles one part of the file and throws
// TraceError naming the current line.
class TextParser {
 public:
  Trace parse(std::string_view text) {
    split_lines(text);
    size_t i = skip_blank(0);
    if (i == lines_.size()) throw TraceError(0, "the trace is empty");
    parse_version(i);
    i = parse_header(i + 1);
    i = parse_body(i);
    parse_expected(i);
    check_complete();
    return std::move(trace_);
  }

 private:
  void split_lines(std::string_view text) {
    size_t start = 0;
    while (start <= text.size()) {
      const size_t end = std::min(text.find('\n', start), text.size());
      lines_.push_back(trim(text.substr(start, end - start)));
      start = end + 1;
    }
  }
  size_t skip_blank(size_t i) const {
    while (i < lines_.size() && lines_[i].empty())
      ++i;
    return i;
  }
  static int number(size_t i) { return static_cast<int>(i) + 1; }

  void parse_version(size_t i) {
    const std::string_view line = lines_[i];
    constexpr std::string_view kMagic = "# zabcheck-trace";
    if (!line.starts_with(kMagic))
      throw TraceError(number(i),
                       "expected the format line '# zabcheck-trace 1' (is this a trace?)");
    const std::string_view version = trim(line.substr(kMagic.size()));
    int value = 0;
    const auto [end, ec] = std::from_chars(version.data(), version.data() + version.size(), value);
    if (ec != std::errc() || end != version.data() + version.size())
      throw TraceError(number(i), fmt::format("bad format version '{}'", brief(version)));
    if (value != kTraceFormatVersion)
      throw TraceError(number(i), fmt::format("unsupported trace format version {} (this build "
                                              "reads version {})",
                                              value, kTraceFormatVersion));
  }

  size_t parse_header(size_t i) {
    for (i = skip_blank(i); i < lines_.size() && lines_[i].starts_with('#');
         i = skip_blank(i + 1)) {
      const std::string_view body = trim(lines_[i].substr(1));
      if (body.empty()) continue;
      const auto colon = body.find(':');
      if (colon == std::string_view::npos)
        throw TraceError(number(i), fmt::format("expected '# key: value' in the header, got '{}'",
                                                brief(lines_[i])));
      header_field(i, trim(body.substr(0, colon)), trim(body.substr(colon + 1)));
    }
    return i;
  }

  void once(size_t i, std::string_view key) {
    if (std::find(seen_.begin(), seen_.end(), key) != seen_.end())
      throw TraceError(number(i), fmt::format("duplicate header field '{}'", brief(key)));
    seen_.emplace_back(key);
  }

  // Unknown keys are informational (newer writers may add some, e.g. `# search:`); the fields
  // replay depends on are checked strictly.
  void header_field(size_t i, std::string_view key, std::string_view value) {
    if (key == "reproduce" || key == "sentence") return;  // derived; for the reader
    const bool known =
        key == "property" || key == "config" || key == "seed" || key == "bugs" || key == "found-by";
    if (!known) return;
    once(i, key);
    if (key == "property") parse_property(i, value);
    if (key == "config") parse_config(i, value);
    if (key == "seed") parse_seed(i, value);
    if (key == "found-by") trace_.found_by = std::string(value);
    if (key == "bugs") {
      bugs_line_ = i;
      bugs_value_ = value;
    }
  }

  void parse_property(size_t i, std::string_view id) {
    if (auto problem = property_problem(id)) throw TraceError(number(i), *problem);
    trace_.property = std::string(id);
  }

  void parse_config(size_t i, std::string_view value) {
    const nlohmann::json j = parse_json(value, number(i));
    try {
      trace_.config = check::RunConfig::from_json(j);
    } catch (const std::exception& e) {
      throw TraceError(number(i), fmt::format("bad configuration: {}", brief(e.what())));
    }
  }

  void parse_seed(size_t i, std::string_view value) {
    uint64_t seed = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seed);
    if (ec != std::errc() || end != value.data() + value.size())
      throw TraceError(number(i),
                       fmt::format("the seed '{}' is not an unsigned integer", brief(value)));
    trace_.seed = seed;
  }

  size_t parse_body(size_t i) {
    for (; i < lines_.size(); ++i) {
      const std::string_view line = lines_[i];
      if (line.empty() || line.starts_with('#')) continue;  // blank lines and comments
      if (line == "----") return i;
      if (line.starts_with("---"))
        throw TraceError(number(i), "the separator before the verdict is exactly '----'");
      trace_.actions.emplace_back(line);
      trace_.action_lines.push_back(number(i));
    }
    throw TraceError(number(lines_.size() - 1),
                     "the trace ends without the '----' line and the expected verdict");
  }

  void parse_expected(size_t separator) {
    size_t i = skip_blank(separator + 1);
    if (i == lines_.size())
      throw TraceError(number(separator),
                       "expected the verdict ('ok' or 'violates <property>: "
                       "<detail>') after '----'");
    parse_verdict(i);
    i = skip_blank(i + 1);
    if (i < lines_.size() && lines_[i].starts_with("digest")) {
      parse_digest(i);
      i = skip_blank(i + 1);
    }
    if (i < lines_.size())
      throw TraceError(number(i),
                       fmt::format("unexpected line after the verdict: '{}'", brief(lines_[i])));
  }

  void parse_verdict(size_t i) {
    const std::string_view line = lines_[i];
    if (line == "ok") return;
    if (!line.starts_with("violates "))
      throw TraceError(number(i), fmt::format("expected 'ok' or 'violates <property>: <detail>', "
                                              "got '{}'",
                                              brief(line)));
    const std::string_view rest = trim(line.substr(9));
    const auto colon = rest.find(':');
    trace_.expected.violated = true;
    trace_.expected.property = std::string(trim(rest.substr(0, colon)));
    if (colon != std::string_view::npos)
      trace_.expected.detail = std::string(trim(rest.substr(colon + 1)));
    verdict_line_ = i;
  }

  // `digest none`: the last step tripped an assertion, so there is no final world to hash.
  void parse_digest(size_t i) {
    const std::string_view hex = trim(lines_[i].substr(6));
    if (hex == "none") return;
    if (auto problem = digest_problem(hex)) throw TraceError(number(i), *problem);
    trace_.digest = parse_digest_hex(hex);
  }

  void check_complete() {
    if (trace_.property.empty()) throw TraceError(1, "the header has no '# property: <id>' line");
    if (std::find(seen_.begin(), seen_.end(), "config") == seen_.end())
      throw TraceError(1, "the header has no '# config: {...}' line");
    if (trace_.expected.violated && trace_.expected.property != trace_.property)
      throw TraceError(number(verdict_line_),
                       fmt::format("the verdict names property '{}' but the header says '{}'",
                                   brief(trace_.expected.property), trace_.property));
    if (bugs_line_) check_bugs(*bugs_line_);
  }

  // The bugs line repeats the configuration's for the reader; a mismatch means someone edited
  // one and not the other, and replay would silently use the JSON.
  void check_bugs(size_t i) const {
    std::vector<std::string> listed;
    std::string token;
    std::istringstream in{std::string(bugs_value_)};
    while (std::getline(in, token, ','))
      if (const auto name = trim(token); !name.empty() && name != "none") listed.emplace_back(name);
    auto configured = trace_.config.bugs;
    std::sort(listed.begin(), listed.end());
    std::sort(configured.begin(), configured.end());
    if (listed != configured)
      throw TraceError(number(i), fmt::format("'# bugs: {}' disagrees with the configuration's "
                                              "bugs [{}]",
                                              brief(bugs_value_), join(configured, ", ")));
  }

  std::vector<std::string_view> lines_;
  std::vector<std::string> seen_;
  std::optional<size_t> bugs_line_;
  std::string_view bugs_value_;
  size_t verdict_line_ = 0;
  Trace trace_;
};

}  // namespace

std::optional<std::string> digest_problem(std::string_view hex) {
  const bool hex_digits = std::all_of(hex.begin(), hex.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  });
  if (!hex_digits) return fmt::format("the digest '{}' is not 16 hex digits", brief(hex));
  if (hex.size() != 16)
    return fmt::format("the digest '{}' has {} hex digits, not 16 (is the line cut short?)",
                       brief(hex), hex.size());
  return std::nullopt;
}

uint64_t parse_digest_hex(std::string_view hex) {
  uint64_t digest = 0;
  std::from_chars(hex.data(), hex.data() + hex.size(), digest, 16);
  return digest;
}

Trace parse_trace(std::string_view text) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string_view::npos && text[first] == '{')
    return trace_from_json(parse_json(text));
  return TextParser().parse(text);
}

}  // namespace zab::cx
