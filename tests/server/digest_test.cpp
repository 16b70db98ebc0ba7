// The tree digest in the running protocol (impl/data/zk_digest.h): the leader puts the digest of
// the tree after each txn into it, and every replica compares it with its own once applied.
#include <gtest/gtest.h>

#include "impl/data/acl.h"
#include "tests/server/cluster.h"

namespace zab::server::testing {
namespace {

using data::OpCode;

// Every kind of txn: creates of each mode, setData, setACL, a multi that commits and one that
// fails, a delete, errors, and a session that closes with ephemerals.
void run_workload(Cluster& c) {
  const ClientId a = c.connect(c.followers().front());
  const ClientId b = c.connect(c.leader());
  ASSERT_EQ(c.call(a, create("/app", "x", 0)).err, Code::kOk);
  ASSERT_EQ(c.call(b, create("/app/s-", "", 2)).err, Code::kOk);
  ASSERT_EQ(c.call(b, create("/app/e", "eph", 1)).err, Code::kOk);
  ASSERT_EQ(c.call(a, create_container("/box")).err, Code::kOk);
  ASSERT_EQ(c.call(a, set_data("/app", "y", 0)).err, Code::kOk);
  ASSERT_EQ(c.call(a, set_acl("/app", data::read_acl_unsafe(), 0)).err, Code::kOk);
  ASSERT_EQ(c.call(a, multi({create("/m", "1", 0), set_data("/m", "2", 0)})).err, Code::kOk);
  c.call(a, multi({create("/n", "", 0), set_data("/m", "3", 9)}));  // fails: a bad version
  EXPECT_EQ(c.call(a, create("/app", "", 0)).err, Code::kNodeExists);
  ASSERT_EQ(c.call(a, delete_node("/m", -1)).err, Code::kOk);
  ASSERT_EQ(c.call(b, close_session()).err, Code::kOk);  // takes /app/e with it
}

TEST(TxnDigest, EveryReplicaAgreesWithEveryDigestTheLeaderSent) {
  Cluster c(3);
  run_workload(c);
  c.settle();
  ASSERT_EQ(c.db(c.leader()).tree().find("/app/e"), nullptr);
  ASSERT_EQ(c.db(c.leader()).tree().find("/n"), nullptr);
  EXPECT_TRUE(c.digest_mismatches.empty()) << describe(ServerEffect{c.digest_mismatches.front()});
  // Each txn but the ErrorTxns carries the digest of the tree right after it: replaying the
  // leader's history from the empty tree reaches each one.
  data::ZkDatabase db;
  int digests = 0;
  for (const auto& txn : c.peer(c.leader()).applied.entries()) {
    const auto decoded = data::decode_txn(txn->payload()).value();
    db = db.apply_decoded(txn->zxid(), decoded).first;
    EXPECT_EQ(decoded.digest.has_value(), decoded.header.type != OpCode::kError)
        << data::describe(decoded);
    if (!decoded.digest) continue;
    ++digests;
    EXPECT_EQ(decoded.digest->version, data::kDigestVersion);
    EXPECT_EQ(static_cast<uint64_t>(decoded.digest->tree_digest), db.tree().zk_digest())
        << data::describe(decoded);
  }
  EXPECT_GE(digests, 10);
  for (const NodeId id : c.followers())
    EXPECT_EQ(c.db(id).tree().zk_digest(), c.db(c.leader()).tree().zk_digest());
}

TEST(TxnDigest, NoneIsSentWhenDigestsAreDisabled) {
  ServerConfig config;
  config.digest_enabled = false;
  Cluster c(3, config);
  run_workload(c);
  c.settle();
  for (const auto& txn : c.peer(c.leader()).applied.entries())
    EXPECT_FALSE(data::decode_txn(txn->payload()).value().digest.has_value());
}

}  // namespace
}  // namespace zab::server::testing
