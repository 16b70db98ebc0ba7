// Shared by the storage tests: a database with something of everything a snapshot stores, built
// through the real PrepRequestProcessor (impl/data's test harness), and small byte helpers.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "impl/data/acl.h"
#include "tests/data/harness.h"

namespace zab::storage::testing {

using data::testing::create;
using data::testing::Harness;
using data::testing::kOtherSession;
using data::testing::kSession;

// Sessions with ephemerals, sequential, container and TTL znodes, a digest ACL shared by two
// znodes, a changed ACL, changed data, binary data, a deleted znode and a multi.
inline Harness rich_database() {
  Harness h;
  h.open_session(kSession, 30000);
  h.open_session(kOtherSession, 40000);
  h.write(create("/app", "config-v1"));
  h.write(create("/app/worker", std::string(300, 'w')));
  h.write(create("/app/lock-", "", 3));  // ephemeral sequential
  h.write(create("/app/eph", "mine", 1));
  const data::AclList alice{{data::perms::kAll, {"digest", data::digest_id("alice:pw")}}};
  h.write(data::Create{"/secret", "s3cr3t", alice, 0, -1});
  h.write(data::Create{"/secret2", std::string("\0\x01\xff", 3), alice, 0, -1});
  h.write(data::SetData{"/app", "config-v2", -1});
  h.write(data::SetAcl{"/app/worker", data::read_acl_unsafe(), -1});
  h.write(create("/cont", "c", 4));
  h.write(data::Create{"/ttl", "t", data::open_acl_unsafe(), 5, 600000});
  h.write(data::Multi{{create("/m1", "1"), create("/m2", "2"), data::Check{"/app", 1}}});
  h.write(data::Delete{"/m1", -1});
  data::PrepContext other = h.ctx;
  other.session_id = kOtherSession;
  h.write(create("/other-eph", "x", 1), other);
  return h;
}

inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline void spit(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

// "0a1b..." -> bytes (spaces ignored).
inline std::string unhex(std::string_view hex) {
  std::string out;
  int high = -1;
  for (const char c : hex) {
    int v = -1;
    if (c >= '0' && c <= '9') v = c - '0';
    if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
    if (v < 0) continue;
    if (high < 0) {
      high = v;
    } else {
      out.push_back(static_cast<char>(high * 16 + v));
      high = -1;
    }
  }
  return out;
}

}  // namespace zab::storage::testing
