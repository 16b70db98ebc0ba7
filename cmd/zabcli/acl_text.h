// ACLs as zkCli reads and prints them: org.apache.zookeeper.cli.AclParser for `create ... acl`
// and `setAcl`, ZKUtil.getPermString and Id.toString for `getAcl`. Pure, unit-tested.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "impl/data/stat.h"

namespace zab::zabcli {

// AclParser.parse: comma-separated "scheme:id:perm" entries; the id is everything between the
// first and the last ':' ("digest:user:hash:cdrwa" has the id "user:hash", "auth::cdrwa" an empty
// one); perm is any of c d r w a. As zkCli, a malformed entry or an unknown perm letter is skipped
// with a warning ("x does not have the form scheme:id:perm", "Unknown perm type: q"), so the list
// may come back empty (the server then answers INVALIDACL).
struct ParsedAcl {
  data::AclList acl;
  std::vector<std::string> warnings;
};
ParsedAcl parse_acl(std::string_view text);

// ZKUtil.getPermString: the granted letters in the order c d r w a ("cdrwa", "r", "").
std::string perm_string(int32_t perms);

// How zkCli's getAcl prints one entry: the jute record Id's toString (ToStringOutputArchive: each
// string quoted with a leading ', fields comma-separated, ",\n}%" and NUL escaped, then a newline)
// followed by ": " and the perm string, e.g. "'world,'anyone\n: cdrwa".
std::string acl_entry_text(const data::Acl& acl);

}  // namespace zab::zabcli
