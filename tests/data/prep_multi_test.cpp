// multi: one zxid for every op, later ops see earlier ones, all-or-nothing with ZooKeeper's
// per-op results.
#include <gtest/gtest.h>

#include "impl/data/jute.h"
#include "tests/data/harness.h"

namespace zab::data {
namespace {

using testing::create;
using testing::Harness;
using testing::kSession;

class DataMultiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    h.open_session(kSession);
    ASSERT_EQ(h.write(create("/y", "y")).err, Code::kOk);
  }
  Harness h;
};

std::vector<Code> codes(const ApplyResult& r) {
  std::vector<Code> out;
  for (const auto& op : r.multi)
    out.push_back(op.err);
  return out;
}

TEST_F(DataMultiTest, AllOpsApplyAtOneZxidAndSeeEachOther) {
  const auto result = h.write(
      Multi{{create("/m", "a"), create("/m/c"), create("/m/s-", "", 2), create("/m/s-", "", 2),
             SetData{"/m", "b", 0}, Check{"/m", 1}, Delete{"/y", 0}}});
  ASSERT_EQ(result.err, Code::kOk) << result.message;
  ASSERT_EQ(result.multi.size(), 7u);
  EXPECT_EQ(result.multi[0].type, OpCode::kCreate);
  EXPECT_EQ(result.multi[0].path, "/m");
  EXPECT_EQ(result.multi[2].path, "/m/s-0000000001");
  EXPECT_EQ(result.multi[3].path, "/m/s-0000000002");
  EXPECT_EQ(result.multi[4].type, OpCode::kSetData);
  EXPECT_EQ(result.multi[4].stat->version, 1);
  EXPECT_EQ(result.multi[5].type, OpCode::kCheck);
  EXPECT_EQ(result.multi[6].type, OpCode::kDelete);
  for (const auto& op : result.multi)
    EXPECT_EQ(op.err, Code::kOk);
  EXPECT_EQ(h.stat("/m").czxid, h.zxid());
  EXPECT_EQ(h.stat("/m/c").czxid, h.zxid());
  EXPECT_EQ(h.stat("/m").mzxid, h.zxid());
  EXPECT_FALSE(h.db.tree().exists("/y"));
  EXPECT_EQ(h.last_prepared.txn.header.type, OpCode::kMulti);
  EXPECT_EQ(h.last_prepared.err(), Code::kOk);
  // Events in op order: create /m fires before setData /m.
  ASSERT_GE(result.events.size(), 2u);
  EXPECT_EQ(result.events.front(), (WatchEvent{"/m", EventType::kNodeCreated}));
  EXPECT_EQ(result.events.back(), (WatchEvent{"/", EventType::kNodeChildrenChanged}));
}

TEST_F(DataMultiTest, AFailingOpRollsBackEverything) {
  const auto before = h.db;
  const auto result =
      h.write(Multi{{create("/x"), Delete{"/missing", -1}, SetData{"/y", "z", -1}, create("/x2")}});
  EXPECT_EQ(codes(result), (std::vector<Code>{Code::kOk, Code::kNoNode, Code::kRuntimeInconsistency,
                                              Code::kRuntimeInconsistency}));
  for (const auto& op : result.multi)
    EXPECT_EQ(op.type, OpCode::kError);
  EXPECT_EQ(result.err, Code::kNoNode);
  EXPECT_EQ(h.last_prepared.err(), Code::kNoNode);
  EXPECT_EQ(h.last_prepared.txn.header.type, OpCode::kMulti);
  EXPECT_NE(h.last_prepared.message.find("op 1"), std::string::npos);
  EXPECT_TRUE(h.db == before);
  EXPECT_TRUE(result.events.empty());
  EXPECT_FALSE(h.db.tree().exists("/x"));
}

TEST_F(DataMultiTest, FailureDependingOnAnEarlierOp) {
  // The second create fails because the first one made the name taken.
  const auto result = h.write(Multi{{create("/dup"), create("/dup")}});
  EXPECT_EQ(codes(result), (std::vector<Code>{Code::kOk, Code::kNodeExists}));
  EXPECT_FALSE(h.db.tree().exists("/dup"));
  // A version check against the version the earlier setData produced.
  const auto ok = h.write(Multi{{SetData{"/y", "1", 0}, Check{"/y", 1}}});
  EXPECT_EQ(ok.err, Code::kOk);
  const auto bad = h.write(Multi{{SetData{"/y", "2", 1}, Check{"/y", 1}}});
  EXPECT_EQ(codes(bad), (std::vector<Code>{Code::kOk, Code::kBadVersion}));
  EXPECT_EQ(h.stat("/y").version, 1);
}

TEST_F(DataMultiTest, AFailedMultiDoesNotConsumeSequenceNumbers) {
  ASSERT_EQ(h.write(create("/q")).err, Code::kOk);
  const auto failed = h.write(Multi{{create("/q/s-", "", 2), Check{"/q", 9}}});
  ASSERT_NE(failed.err, Code::kOk);
  EXPECT_EQ(h.write(create("/q/s-", "", 2)).path, "/q/s-0000000000");
}

TEST_F(DataMultiTest, OversizedDataFailsTheWholeRequest) {
  const auto result =
      h.write(Multi{{create("/a"), SetData{"/y", std::string(kDataLengthMax + 1, 'x'), -1}}});
  EXPECT_EQ(result.err, Code::kMarshallingError);
  EXPECT_EQ(h.last_prepared.txn.header.type, OpCode::kError);
  EXPECT_TRUE(result.multi.empty());
  EXPECT_FALSE(h.db.tree().exists("/a"));
}

TEST_F(DataMultiTest, EmptyMultiChangesNothing) {
  const auto before = h.db.fingerprint();
  const auto result = h.write(Multi{});
  EXPECT_EQ(result.err, Code::kOk);
  EXPECT_TRUE(result.multi.empty());
  EXPECT_EQ(h.db.fingerprint(), before);
}

TEST_F(DataMultiTest, ZooKeeperStyleFailedMultiAppliesNothing) {
  // ZooKeeper logs the ops before the failing one as real txns; applying them must still change
  // nothing and report 0 for them.
  const MultiTxn multi{{SubTxn{OpCode::kCreate, CreateTxn{"/z", "", open_acl_unsafe(), false, 9}},
                        SubTxn{OpCode::kError, ErrorTxn{Code::kBadVersion}},
                        SubTxn{OpCode::kSetData, SetDataTxn{"/y", "", 1}}}};
  const TxnHeader header{kSession, 5, 5, OpCode::kMulti};
  const auto [next, result] = h.db.apply_decoded(Zxid{1000}, DecodedTxn{header, multi});
  EXPECT_EQ(codes(result),
            (std::vector<Code>{Code::kOk, Code::kBadVersion, Code::kRuntimeInconsistency}));
  EXPECT_TRUE(next == h.db);
}

TEST_F(DataMultiTest, AMultiThatNoLongerAppliesIsRolledBackWhole) {
  // Prepared when /late did not exist; by the time it is applied, /late does (a replay).
  const PreparedTxn prepared =
      prepare(h.db, Multi{{SetData{"/y", "v", -1}, create("/late")}}, h.ctx);
  ASSERT_EQ(prepared.err(), Code::kOk);
  ASSERT_EQ(h.write(create("/late")).err, Code::kOk);
  const auto applied =
      h.db.apply_with_result(*make_txn(Zxid::make(Epoch{1}, 90), prepared.payload));
  EXPECT_EQ(codes(applied.result), (std::vector<Code>{Code::kOk, Code::kNodeExists}));
  EXPECT_EQ(applied.result.err, Code::kNodeExists);
  EXPECT_TRUE(*applied.image == h.db);
  EXPECT_EQ(*applied.image->tree().find("/y")->data, "y");
}

}  // namespace
}  // namespace zab::data
