#include "impl/data/acl.h"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <optional>

namespace zab::data {
namespace {

// Java's Integer.parseInt: an optional sign, then one or more decimal digits, within int range.
std::optional<int32_t> parse_java_int(std::string_view s) {
  if (!s.empty() && s[0] == '+') s.remove_prefix(1);
  if (s.empty() || s[0] == '+') return std::nullopt;
  int32_t value = 0;
  const auto* end = s.data() + s.size();
  const auto [ptr, ec] = std::from_chars(s.data(), end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

// IPAuthenticationProvider.v4addr2Bytes: exactly four parts 0..255 (IPv6 is not supported there
// either).
std::optional<std::array<uint8_t, 4>> parse_ipv4(std::string_view addr) {
  std::array<uint8_t, 4> out{};
  for (int i = 0; i < 4; ++i) {
    const auto dot = addr.find('.');
    if ((i < 3) == (dot == std::string_view::npos)) return std::nullopt;
    const auto part = parse_java_int(addr.substr(0, dot));
    if (!part || *part < 0 || *part > 255) return std::nullopt;
    out[i] = static_cast<uint8_t>(*part);
    addr = i < 3 ? addr.substr(dot + 1) : std::string_view{};
  }
  return out;
}

struct IpRange {
  std::array<uint8_t, 4> address;
  int bits;
};
std::optional<IpRange> parse_ip_expr(std::string_view expr) {
  const auto slash = expr.find('/');
  const auto address = parse_ipv4(expr.substr(0, slash));
  if (!address) return std::nullopt;
  int bits = 32;
  if (slash != std::string_view::npos) {
    const auto parsed = parse_java_int(expr.substr(slash + 1));
    if (!parsed || *parsed < 0 || *parsed > 32) return std::nullopt;
    bits = *parsed;
  }
  return IpRange{*address, bits};
}

void mask(std::array<uint8_t, 4>& address, int bits) {
  for (int i = 0; i < 4; ++i) {
    const int keep = std::clamp(bits - 8 * i, 0, 8);
    address[i] &= static_cast<uint8_t>(0xff00u >> keep);
  }
}

// DigestAuthenticationProvider.isValid: id.split(":") has exactly two parts; Java's split drops
// trailing empty strings, so "user:" has one part.
bool is_valid_digest_id(std::string_view id) {
  while (!id.empty() && id.back() == ':')
    id.remove_suffix(1);
  if (id.empty()) return false;
  return std::count(id.begin(), id.end(), ':') == 1;
}

bool id_matches(const Id& acl_id, const Id& auth_id) {
  if (acl_id.scheme != auth_id.scheme) return false;
  if (acl_id.scheme == "digest") return acl_id.id == auth_id.id;
  if (acl_id.scheme == "ip") return ip_matches(auth_id.id, acl_id.id);
  return false;  // no provider for any other scheme
}

}  // namespace

std::string digest_id(std::string_view user_password) {
  std::array<unsigned char, SHA_DIGEST_LENGTH> sha{};
  SHA1(reinterpret_cast<const unsigned char*>(user_password.data()), user_password.size(),
       sha.data());
  std::array<unsigned char, 4 * ((SHA_DIGEST_LENGTH + 2) / 3) + 1> b64{};
  const int len = EVP_EncodeBlock(b64.data(), sha.data(), SHA_DIGEST_LENGTH);
  const auto user = user_password.substr(0, user_password.find(':'));
  return std::string(user) + ":" + std::string(reinterpret_cast<const char*>(b64.data()), len);
}

bool ip_matches(std::string_view address, std::string_view acl_expr) {
  auto range = parse_ip_expr(acl_expr);
  auto client = parse_ipv4(address);
  if (!range || !client) return false;
  mask(range->address, range->bits);
  mask(*client, range->bits);
  return range->address == *client;
}

bool is_valid_acl_id(const Id& id) {
  if (id.scheme == "world") return id.id == "anyone";
  if (id.scheme == "digest") return is_valid_digest_id(id.id);
  if (id.scheme == "ip") return parse_ip_expr(id.id).has_value();
  return false;
}

Code check_acl(const AclList& acl, int32_t perm, const std::vector<Id>& auth_ids) {
  if (acl.empty()) return Code::kOk;
  for (const auto& id : auth_ids) {
    if (id.scheme == "super") return Code::kOk;
  }
  for (const auto& entry : acl) {
    if ((entry.perms & perm) == 0) continue;
    if (entry.id.scheme == "world" && entry.id.id == "anyone") return Code::kOk;
    for (const auto& id : auth_ids) {
      if (id_matches(entry.id, id)) return Code::kOk;
    }
  }
  return Code::kNoAuth;
}

Result<AclList> fixup_acl(std::string_view path, const AclList& acl,
                          const std::vector<Id>& auth_ids) {
  AclList unique;
  for (const auto& entry : acl) {
    if (std::find(unique.begin(), unique.end(), entry) == unique.end()) unique.push_back(entry);
  }
  if (unique.empty()) return make_error(Code::kInvalidAcl, "empty ACL for {}", path);
  AclList out;
  for (const auto& entry : unique) {
    if (entry.id.scheme == "world" && entry.id.id == "anyone") {
      out.push_back(entry);
    } else if (entry.id.scheme == "auth") {
      // Only digest identities are "authenticated" (IPAuthenticationProvider.isAuthenticated is
      // false), so `auth` never expands to the client's ip id.
      bool expanded = false;
      for (const auto& id : auth_ids) {
        if (id.scheme != "digest") continue;
        out.push_back(Acl{entry.perms, id});
        expanded = true;
      }
      if (!expanded) {
        return make_error(Code::kInvalidAcl, "auth ACL for {} without an authenticated id", path);
      }
    } else if (is_valid_acl_id(entry.id)) {
      out.push_back(entry);
    } else {
      return make_error(Code::kInvalidAcl, "invalid ACL id {}:{} for {}", entry.id.scheme,
                        entry.id.id, path);
    }
  }
  return out;
}

AclList mask_digest_ids(const AclList& acl) {
  AclList out = acl;
  for (auto& entry : out) {
    if (entry.id.scheme != "digest") continue;
    // Java's id.replaceAll(":.*", ":x"): from the first ':' on.
    const auto colon = entry.id.id.find(':');
    if (colon != std::string::npos) entry.id.id = entry.id.id.substr(0, colon) + ":x";
  }
  return out;
}

}  // namespace zab::data
