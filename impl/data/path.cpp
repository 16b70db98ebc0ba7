#include "impl/data/path.h"

#include <fmt/format.h>

namespace zab::data {
namespace {

// Decodes one UTF-8 sequence at `i`; returns its code point and length, or nullopt when it is
// malformed (truncated, overlong, an encoded surrogate, or beyond U+10FFFF).
std::optional<std::pair<uint32_t, size_t>> decode_utf8(std::string_view s, size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return std::pair<uint32_t, size_t>{b0, 1};
  size_t len = 0;
  uint32_t cp = 0;
  uint32_t min = 0;
  if ((b0 & 0xe0) == 0xc0) {
    len = 2, cp = b0 & 0x1f, min = 0x80;
  } else if ((b0 & 0xf0) == 0xe0) {
    len = 3, cp = b0 & 0x0f, min = 0x800;
  } else if ((b0 & 0xf8) == 0xf0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return std::nullopt;
  }
  if (i + len > s.size()) return std::nullopt;
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xc0) != 0x80) return std::nullopt;
    cp = (cp << 6) | (b & 0x3f);
  }
  if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return std::nullopt;
  return std::pair<uint32_t, size_t>{cp, len};
}

// The character ranges PathUtils rejects, in code points. Anything at or above U+10000 is a
// surrogate pair in Java, and surrogates are rejected.
bool is_rejected_char(uint32_t cp) {
  return (cp >= 0x01 && cp <= 0x1f) || (cp >= 0x7f && cp <= 0x9f) ||
         (cp >= 0xd800 && cp <= 0xf8ff) || (cp >= 0xfff0 && cp <= 0xffff) || cp >= 0x10000;
}

Error invalid(std::string_view path, std::string_view reason, size_t at) {
  return make_error(Code::kBadArguments, "Invalid path string \"{}\" caused by {} @{}", path,
                    reason, at);
}

}  // namespace

Status validate_path(std::string_view path) {
  if (path.empty()) return make_error(Code::kBadArguments, "Path length must be > 0");
  if (path[0] != '/') {
    return make_error(Code::kBadArguments, "Path must start with / character: \"{}\"", path);
  }
  if (path.size() == 1) return {};
  if (path.back() == '/') {
    return make_error(Code::kBadArguments, "Path must not end with / character: \"{}\"", path);
  }
  const size_t n = path.size();
  char last = '/';
  for (size_t i = 1; i < n;) {
    const char c = path[i];
    const bool component_ends = i + 1 == n || path[i + 1] == '/';
    if (c == '\0') return invalid(path, "null character not allowed", i);
    if (c == '/' && last == '/') return invalid(path, "empty node name specified", i);
    if (c == '.' && last == '.' && path[i - 2] == '/' && component_ends) {
      return invalid(path, "relative paths not allowed", i);
    }
    if (c == '.' && last == '/' && component_ends) {
      return invalid(path, "relative paths not allowed", i);
    }
    const auto decoded = decode_utf8(path, i);
    if (!decoded || is_rejected_char(decoded->first)) {
      return invalid(path, "invalid character", i);
    }
    last = path[i + decoded->second - 1];
    i += decoded->second;
  }
  return {};
}

std::optional<std::string_view> parent_of(std::string_view path) {
  const auto slash = path.rfind('/');
  if (slash == std::string_view::npos) return std::nullopt;
  return path.substr(0, slash);
}

std::string_view basename_of(std::string_view path) {
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string child_path(std::string_view parent, std::string_view name) {
  if (parent.empty() || parent == "/") return fmt::format("/{}", name);
  return fmt::format("{}/{}", parent, name);
}

std::string sequential_suffix(int32_t parent_cversion) {
  // Java's String.format("%010d"): a negative value keeps its sign inside the ten characters.
  return fmt::format("{:010d}", parent_cversion);
}

bool is_special_path(std::string_view path) {
  return path == "/" || path == kZookeeperPath || path == kQuotaPath || path == kConfigPath;
}

}  // namespace zab::data
