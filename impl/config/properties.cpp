#include "impl/config/properties.h"

#include <cstdint>

namespace zab::config {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\f';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (is_space(s.front()) || s.front() == '\r'))
    s.remove_prefix(1);
  while (!s.empty() && (is_space(s.back()) || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// True when `line` ends in an odd number of backslashes (the last one escapes the newline).
bool continues(std::string_view line) {
  size_t n = 0;
  while (n < line.size() && line[line.size() - 1 - n] == '\\')
    ++n;
  return n % 2 == 1;
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Resolves escapes in [begin, end) of `s`; stops at an unescaped separator when `key`.
std::string unescape(std::string_view s, size_t& i, bool key) {
  std::string out;
  while (i < s.size()) {
    const char c = s[i];
    if (key && (c == '=' || c == ':' || is_space(c))) break;
    ++i;
    if (c != '\\' || i >= s.size()) {
      out += c;
      continue;
    }
    const char e = s[i++];
    switch (e) {
      case 't':
        out += '\t';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 'f':
        out += '\f';
        break;
      case 'u': {
        uint32_t cp = 0;
        int digits = 0;
        for (; digits < 4 && i < s.size(); ++digits, ++i) {
          const char h = s[i];
          const int v = h >= '0' && h <= '9'   ? h - '0'
                        : h >= 'a' && h <= 'f' ? h - 'a' + 10
                        : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                               : -1;
          if (v < 0) break;
          cp = cp * 16 + static_cast<uint32_t>(v);
        }
        if (digits == 4)
          append_utf8(out, cp);
        else
          out += "\\u";  // malformed: Java throws; keep the text so the value check names it
        break;
      }
      default:
        out += e;
    }
  }
  return out;
}

}  // namespace

std::vector<Property> parse_properties(std::string_view text) {
  std::vector<Property> out;
  int line_no = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    // Gather one logical line (with its continuations).
    const int start_line = ++line_no;
    std::string logical;
    bool first = true;
    while (true) {
      const size_t nl = text.find('\n', pos);
      std::string_view raw = text.substr(pos, nl == std::string_view::npos ? text.npos : nl - pos);
      pos = nl == std::string_view::npos ? text.size() : nl + 1;
      if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
      if (!first) {
        while (!raw.empty() && is_space(raw.front()))
          raw.remove_prefix(1);
      }
      if (first) {
        const std::string_view t = trim(raw);
        if (t.empty() || t.front() == '#' || t.front() == '!') break;  // blank or comment
      }
      first = false;
      if (continues(raw) && pos < text.size()) {
        logical.append(raw.substr(0, raw.size() - 1));
        ++line_no;
        continue;
      }
      logical.append(raw);
      break;
    }
    const std::string_view l = trim(logical);
    if (l.empty()) continue;
    size_t i = 0;
    Property p;
    p.line = start_line;
    p.key = unescape(l, i, true);
    while (i < l.size() && is_space(l[i]))
      ++i;
    if (i < l.size() && (l[i] == '=' || l[i] == ':')) ++i;
    while (i < l.size() && is_space(l[i]))
      ++i;
    p.value = std::string(trim(unescape(l, i, false)));
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace zab::config
