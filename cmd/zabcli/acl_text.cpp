#include "cmd/zabcli/acl_text.h"

namespace zab::zabcli {
namespace {

// Java's String.split(","): no comma gives the text itself (so "" is one empty piece); otherwise
// every piece with the trailing empty ones dropped ("a,b," two pieces, "," none).
std::vector<std::string_view> split_commas(std::string_view text) {
  if (text.find(',') == std::string_view::npos) return {text};
  std::vector<std::string_view> pieces;
  size_t start = 0;
  while (true) {
    const size_t comma = text.find(',', start);
    pieces.push_back(
        text.substr(start, comma == std::string_view::npos ? text.npos : comma - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  while (!pieces.empty() && pieces.back().empty())
    pieces.pop_back();
  return pieces;
}

// AclParser.getPermFromString.
int32_t perms_from(std::string_view text, std::vector<std::string>& warnings) {
  int32_t perms = 0;
  for (char c : text) {
    switch (c) {
      case 'r':
        perms |= data::perms::kRead;
        break;
      case 'w':
        perms |= data::perms::kWrite;
        break;
      case 'c':
        perms |= data::perms::kCreate;
        break;
      case 'd':
        perms |= data::perms::kDelete;
        break;
      case 'a':
        perms |= data::perms::kAdmin;
        break;
      default:
        warnings.push_back(std::string("Unknown perm type: ") + c);
    }
  }
  return perms;
}

// ToStringOutputArchive.escapeString.
std::string jute_string(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    switch (c) {
      case '\0':
        out += "%00";
        break;
      case '\n':
        out += "%0A";
        break;
      case '\r':
        out += "%0D";
        break;
      case ',':
        out += "%2C";
        break;
      case '}':
        out += "%7D";
        break;
      case '%':
        out += "%25";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

ParsedAcl parse_acl(std::string_view text) {
  ParsedAcl parsed;
  for (std::string_view entry : split_commas(text)) {
    const size_t first = entry.find(':');
    const size_t last = entry.rfind(':');
    if (first == std::string_view::npos || first == last) {
      parsed.warnings.push_back(std::string(entry) + " does not have the form scheme:id:perm");
      continue;
    }
    data::Acl acl;
    acl.id.scheme = std::string(entry.substr(0, first));
    acl.id.id = std::string(entry.substr(first + 1, last - first - 1));
    acl.perms = perms_from(entry.substr(last + 1), parsed.warnings);
    parsed.acl.push_back(std::move(acl));
  }
  return parsed;
}

std::string perm_string(int32_t perms) {
  std::string letters;
  if (perms & data::perms::kCreate) letters += 'c';
  if (perms & data::perms::kDelete) letters += 'd';
  if (perms & data::perms::kRead) letters += 'r';
  if (perms & data::perms::kWrite) letters += 'w';
  if (perms & data::perms::kAdmin) letters += 'a';
  return letters;
}

std::string acl_entry_text(const data::Acl& acl) {
  return jute_string(acl.id.scheme) + "," + jute_string(acl.id.id) +
         "\n: " + perm_string(acl.perms);
}

}  // namespace zab::zabcli
