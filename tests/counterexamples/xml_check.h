// A small XML 1.0 well-formedness checker for the tests (no parser dependency): one root
// element, properly nested and closed tags, quoted attributes without raw '<', only the five
// predefined entities or character references, no raw '&' or '<' in text, no control
// characters. Returns the first problem, or an empty string.
#pragma once

#include <cctype>
#include <string>
#include <string_view>
#include <vector>

namespace zab::cx::testing {

inline std::string entity_problem(std::string_view s, size_t at) {
  const size_t end = s.find(';', at);
  if (end == std::string_view::npos || end - at > 10) return "unterminated entity";
  const std::string_view name = s.substr(at + 1, end - at - 1);
  if (name == "amp" || name == "lt" || name == "gt" || name == "quot" || name == "apos") return {};
  if (name.size() > 1 && name[0] == '#') return {};
  return "unknown entity &" + std::string(name) + ";";
}

inline std::string text_problem(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return "control character in text";
    if (c == '&')
      if (auto p = entity_problem(s, i); !p.empty()) return p;
  }
  return {};
}

inline std::string xml_problem(std::string_view doc) {
  std::vector<std::string> open;
  bool root_seen = false;
  size_t i = 0;
  if (doc.starts_with("<?xml")) i = doc.find("?>") + 2;
  while (i < doc.size()) {
    const size_t lt = doc.find('<', i);
    const std::string_view text = doc.substr(i, lt == std::string_view::npos ? doc.npos : lt - i);
    if (auto p = text_problem(text); !p.empty()) return p;
    if (open.empty() && text.find_first_not_of(" \t\r\n") != std::string_view::npos)
      return "text outside the root element";
    if (lt == std::string_view::npos) break;
    const size_t gt = doc.find('>', lt);
    if (gt == std::string_view::npos) return "unclosed tag";
    std::string_view tag = doc.substr(lt + 1, gt - lt - 1);
    i = gt + 1;
    if (tag.starts_with('/')) {
      if (open.empty() || open.back() != tag.substr(1))
        return "mismatched </" + std::string(tag.substr(1)) + ">";
      open.pop_back();
      continue;
    }
    const bool self_closing = tag.ends_with('/');
    if (self_closing) tag.remove_suffix(1);
    const size_t name_end = std::min(tag.find_first_of(" \t\n"), tag.size());
    const std::string name(tag.substr(0, name_end));
    if (name.empty() || !(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_'))
      return "bad tag name '" + name + "'";
    // Attributes: name="value" pairs; quotes must balance and values hold no raw '<'.
    const std::string_view attrs = tag.substr(name_end);
    size_t quotes = 0;
    for (const char c : attrs)
      quotes += c == '"';
    if (quotes % 2) return "unbalanced quotes in <" + name + ">";
    if (auto p = text_problem(attrs); !p.empty()) return p + " in <" + name + ">";
    if (open.empty() && root_seen) return "second root element <" + name + ">";
    root_seen = true;
    if (!self_closing) open.push_back(name);
  }
  if (!open.empty()) return "unclosed <" + open.back() + ">";
  return root_seen ? std::string() : "no root element";
}

}  // namespace zab::cx::testing
