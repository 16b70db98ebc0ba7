#include "impl/data/database.h"

#include <gtest/gtest.h>

#include "impl/data/path.h"
#include "impl/data/prep.h"
#include "tests/data/harness.h"

namespace zab::data {
namespace {

using testing::create;
using testing::Harness;
using testing::kOtherSession;
using testing::kSession;

TEST(DataZkDatabase, ATxnDigestIsComparedAfterApplyingAndAMismatchOnlyReported) {
  Harness h;
  h.open_session(kSession);
  const ZkDatabase before = h.db;
  auto prepared = prepare(before, create("/a"), h.ctx);
  const Zxid zxid = Zxid::make(Epoch{1}, 9);
  add_txn_digest(before, zxid, prepared);
  ASSERT_TRUE(prepared.txn.digest.has_value());
  const auto right = before.apply_with_result(Txn(zxid, prepared.payload));
  EXPECT_FALSE(right.result.digest_mismatch.has_value());
  EXPECT_EQ(static_cast<uint64_t>(prepared.txn.digest->tree_digest),
            right.image->tree().zk_digest());
  // The same txn with another digest: DataTree.compareDigest reports it, and the txn applies.
  DecodedTxn wrong = prepared.txn;
  wrong.digest->tree_digest += 1;
  const auto reported = before.apply_with_result(Txn(zxid, encode_txn(wrong)));
  EXPECT_EQ(reported.result.digest_mismatch, right.image->tree().zk_digest());
  EXPECT_TRUE(*reported.image == *right.image);
  // A digest of another version is not compared (a rolling upgrade of the calculator).
  wrong.digest->version = kDigestVersion + 1;
  EXPECT_FALSE(before.apply_with_result(Txn(zxid, encode_txn(wrong))).result.digest_mismatch);
  // An ErrorTxn carries none.
  auto failed = prepare(before, create("/a/b/c"), h.ctx);
  add_txn_digest(before, zxid, failed);
  EXPECT_FALSE(failed.txn.digest.has_value());
}

TEST(DataZkDatabase, FingerprintCoversTreeAndSessions) {
  const ZkDatabase empty;
  Harness h;
  EXPECT_EQ(h.db.fingerprint(), empty.fingerprint());
  h.open_session(kSession, 10000);
  const auto one_session = h.db.fingerprint();
  EXPECT_NE(one_session, empty.fingerprint());
  EXPECT_EQ(h.db.tree().digest(), empty.tree().digest());
  // Same session with another timeout.
  Harness other;
  other.open_session(kSession, 20000);
  EXPECT_NE(other.db.fingerprint(), one_session);
  EXPECT_FALSE(other.db == h.db);
  // The tree.
  h.write(create("/a"));
  EXPECT_NE(h.db.fingerprint(), one_session);
  // Closing the session brings the session part back.
  Harness closed;
  closed.open_session(kOtherSession);
  closed.write(CloseSession{}, [&] {
    PrepContext c = closed.ctx;
    c.session_id = kOtherSession;
    return c;
  }());
  EXPECT_EQ(closed.db.fingerprint(), empty.fingerprint());
  EXPECT_TRUE(closed.db == empty);
}

TEST(DataZkDatabase, ImplementsTheStateImageInterface) {
  Harness h;
  h.open_session(kSession);
  h.write(create("/a", "1"));
  StateImageRef image = std::make_shared<const ZkDatabase>();
  for (const auto& txn : h.log)
    image = image->apply(*txn);
  EXPECT_EQ(image->fingerprint(), h.db.fingerprint());
  const auto* db = dynamic_cast<const ZkDatabase*>(image.get());
  ASSERT_NE(db, nullptr);
  EXPECT_TRUE(*db == h.db);
  EXPECT_NE(image->describe().find("znodes=5"), std::string::npos) << image->describe();
  EXPECT_NE(image->describe().find("sessions=1"), std::string::npos) << image->describe();
}

TEST(DataZkDatabase, ConfigNodeAsInitConfigInZkDatabaseLeavesIt) {
  const ZkDatabase db = ZkDatabase().with_config("server.1=a:1:2:participant\nversion=0", 0, 42);
  const auto node = db.tree().find(kConfigPath);
  EXPECT_EQ(*node->data, "server.1=a:1:2:participant\nversion=0");
  const Stat s = db.tree().stat(kConfigPath).value();
  EXPECT_EQ(s.version, -1);
  EXPECT_EQ(s.aversion, -1);
  EXPECT_EQ(s.czxid, 0);
  EXPECT_EQ(s.mtime, 42);
  EXPECT_NE(db.fingerprint(), ZkDatabase().fingerprint());
}

TEST(DataZkDatabase, ApplyResultCarriesTheHeader) {
  Harness h;
  h.open_session(kSession);
  h.ctx.cxid = 41;
  const auto result = h.write(create("/a"));
  EXPECT_EQ(result.header.client_id, kSession);
  EXPECT_EQ(result.header.cxid, 41);
  EXPECT_EQ(result.header.type, OpCode::kCreate);
}

TEST(DataZkDatabase, ApplyingLeavesTheOldImageUntouched) {
  Harness h;
  h.open_session(kSession);
  const ZkDatabase before = h.db;
  const auto fp = before.fingerprint();
  h.write(create("/a"));
  h.write(CloseSession{});
  EXPECT_EQ(before.fingerprint(), fp);
  EXPECT_FALSE(before.tree().exists("/a"));
  EXPECT_TRUE(before.session_timeout(kSession).has_value());
}

}  // namespace
}  // namespace zab::data
