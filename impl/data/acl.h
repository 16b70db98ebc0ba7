// ACL evaluation as ZooKeeperServer.checkACL and PrepRequestProcessor.fixupACL do it, with the
// server-side authentication providers ZooKeeper ships: world, auth, digest and ip (IPv4 address
// or CIDR). A connection's identities (`auth_ids`) are what it authenticated with: always
// ip:<address>, plus digest:<user>:<base64 sha1> per successful digest auth, and super:<name>
// for the super user.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "impl/core/errors.h"
#include "impl/data/stat.h"

namespace zab::data {

// DigestAuthenticationProvider.generateDigest("user:password") = "user:" +
// base64(sha1("user:password")). Everything before the first ':' is the user.
std::string digest_id(std::string_view user_password);

// ZooKeeperServer.checkACL: OK when the node's ACL is empty, when the client is a super user, or
// when some entry grants `perm` to world:anyone or to one of `auth_ids` (digest ids compare
// exactly, ip entries match the client address or CIDR range); NOAUTH otherwise.
Code check_acl(const AclList& acl, int32_t perm, const std::vector<Id>& auth_ids);

// PrepRequestProcessor.fixupACL: removes duplicates, expands the `auth` scheme into the client's
// authenticated (digest) identities, and checks every other entry's id. INVALIDACL for an empty
// list, `auth` with no authenticated identity, an unknown scheme, or a malformed id.
Result<AclList> fixup_acl(std::string_view path, const AclList& acl,
                          const std::vector<Id>& auth_ids);

// ServerAuthenticationProvider.isValid for a scheme that can appear in a stored ACL.
bool is_valid_acl_id(const Id& id);
// IPAuthenticationProvider.matches: `address` (dotted IPv4) against `acl_expr` ("a.b.c.d" or
// "a.b.c.d/bits").
bool ip_matches(std::string_view address, std::string_view acl_expr);

// FinalRequestProcessor's getACL answer for a client without ADMIN: digest ids are shown as
// "user:x".
AclList mask_digest_ids(const AclList& acl);

}  // namespace zab::data
