#include "counterexamples/escape.h"

#include <fmt/format.h>

#include <cctype>

namespace zab::cx {

namespace {

constexpr std::string_view kReplacement = "\xef\xbf\xbd";  // U+FFFD

bool continuation(unsigned char c) {
  return (c & 0xc0) == 0x80;
}

// The length of the valid UTF-8 sequence at text[i], or 0 (RFC 3629: no overlong forms, no
// surrogates, nothing above U+10FFFF).
size_t utf8_length(std::string_view text, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[i + k]); };
  const unsigned char c = byte(0);
  if (c < 0x80) return 1;
  size_t n = 0;
  unsigned char low = 0x80, high = 0xbf;  // the range of the second byte
  if (c >= 0xc2 && c <= 0xdf) {
    n = 2;
  } else if (c >= 0xe0 && c <= 0xef) {
    n = 3;
    if (c == 0xe0) low = 0xa0;
    if (c == 0xed) high = 0x9f;
  } else if (c >= 0xf0 && c <= 0xf4) {
    n = 4;
    if (c == 0xf0) low = 0x90;
    if (c == 0xf4) high = 0x8f;
  } else {
    return 0;
  }
  if (i + n > text.size() || byte(1) < low || byte(1) > high) return 0;
  for (size_t k = 2; k < n; ++k)
    if (!continuation(byte(k))) return 0;
  return n;
}

bool control(unsigned char c) {
  return c < 0x20 || c == 0x7f;
}

bool plain_shell(unsigned char c) {
  return std::isalnum(c) ||
         std::string_view("_@%+=:,./-").find(static_cast<char>(c)) != std::string_view::npos;
}

// Walks `text` by UTF-8 sequences: `valid(sequence)` for each valid one, `invalid(byte)` for
// each byte that starts none.
template <class Valid, class Invalid>
void for_each_sequence(std::string_view text, Valid&& valid, Invalid&& invalid) {
  for (size_t i = 0; i < text.size();) {
    const size_t n = utf8_length(text, i);
    if (n == 0) {
      invalid(static_cast<unsigned char>(text[i]));
      i += 1;
    } else {
      valid(text.substr(i, n));
      i += n;
    }
  }
}

}  // namespace

std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for_each_sequence(
      text, [&](std::string_view s) { out += s; }, [&](unsigned char) { out += kReplacement; });
  return out;
}

std::string xml_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 16);
  for (const char c : valid_utf8(text)) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        // XML 1.0 allows only tab, newline and carriage return below 0x20 (and not 0x7f in
        // practice: browsers reject it in XHTML).
        if (control(u) && c != '\t' && c != '\n' && c != '\r')
          out += kReplacement;
        else
          out += c;
    }
  }
  return out;
}

std::string dot_escape(std::string_view text) {
  std::string out;
  for (const char c : valid_utf8(text)) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c == '\r' ? ' ' : c;
  }
  return out;
}

std::string markdown_code(std::string_view text) {
  std::string out;
  for (const char c : valid_utf8(text)) {
    if (c == '`') continue;
    if (c == '|') {
      out += "\\|";
      continue;
    }
    out += (c == '\n' || c == '\r') ? ' ' : c;
  }
  return out;
}

std::string shell_quote(std::string_view text) {
  bool plain = !text.empty(), printable = true;
  for_each_sequence(
      text,
      [&](std::string_view s) {
        const auto c = static_cast<unsigned char>(s[0]);
        plain = plain && s.size() == 1 && plain_shell(c);
        printable = printable && !control(c);
      },
      [&](unsigned char) { plain = printable = false; });
  if (plain) return std::string(text);
  std::string out;
  if (printable) {
    out = "'";
    for (const char c : text)
      out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
  }
  out = "$'";
  const auto escaped = [&](unsigned char c) {
    if (c == '\n') return std::string("\\n");
    if (c == '\t') return std::string("\\t");
    if (c == '\r') return std::string("\\r");
    return fmt::format("\\x{:02x}", c);
  };
  for_each_sequence(
      text,
      [&](std::string_view s) {
        const auto c = static_cast<unsigned char>(s[0]);
        if (c == '\\' || c == '\'')
          out += std::string("\\") + s[0];
        else if (control(c))
          out += escaped(c);
        else
          out += s;
      },
      [&](unsigned char c) { out += escaped(c); });
  return out + "'";
}

std::string brief(std::string_view text, size_t bytes_max) {
  std::string out;
  const std::string_view head = text.substr(0, bytes_max);
  for_each_sequence(
      head,
      [&](std::string_view s) {
        const auto c = static_cast<unsigned char>(s[0]);
        out += control(c) ? fmt::format("\\x{:02x}", c) : std::string(s);
      },
      [&](unsigned char c) { out += fmt::format("\\x{:02x}", c); });
  if (text.size() > bytes_max) out += fmt::format("... ({} bytes in all)", text.size());
  return out;
}

}  // namespace zab::cx
