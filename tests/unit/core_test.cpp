// impl/core: zxid arithmetic, the persistent log, fingerprints and the BugSet.
#include <gtest/gtest.h>

#include "impl/core/bugs.h"
#include "impl/core/hasher.h"
#include "impl/core/txn.h"
#include "impl/quorum/config.h"

namespace zab {
namespace {

TEST(Zxid, EpochHighCounterLow) {
  const Zxid z = Zxid::make(Epoch{1}, 1);
  EXPECT_EQ(z.value, 0x100000001ULL);
  EXPECT_EQ(z.epoch(), Epoch{1});
  EXPECT_EQ(z.counter(), 1u);
  EXPECT_LT(Zxid::make(Epoch{1}, 0xffffffff), Zxid::make(Epoch{2}, 0));
  EXPECT_EQ(to_string(z), "<1,1>");
}

TEST(Zxid, NarrowCounterCarriesIntoTheEpoch) {
  EXPECT_EQ(next_zxid(Zxid::make(Epoch{1}, 2), 2), Zxid::make(Epoch{1}, 3));
  EXPECT_EQ(next_zxid(Zxid::make(Epoch{1}, 3), 2), Zxid::make(Epoch{2}, 0));
  EXPECT_TRUE(counter_exhausted(Zxid::make(Epoch{1}, 3), 2));
  EXPECT_FALSE(counter_exhausted(Zxid::make(Epoch{1}, 2), 2));
  EXPECT_EQ(next_zxid(Zxid::make(Epoch{1}, 0xffffffff), 32), Zxid::make(Epoch{2}, 0));
}

TxnLog log_of(std::initializer_list<uint32_t> counters) {
  TxnLog log;
  for (auto c : counters)
    log = log.append(make_txn(Zxid::make(Epoch{1}, c), "p" + std::to_string(c)));
  return log;
}

TEST(TxnLog, AppendSharesAndTruncates) {
  const TxnLog a = log_of({1, 2, 3});
  const TxnLog b = a.append(make_txn(Zxid::make(Epoch{1}, 4), "x"));
  EXPECT_EQ(a.size(), 3u);
  EXPECT_EQ(b.size(), 4u);
  EXPECT_TRUE(a.is_prefix_of(b));
  EXPECT_FALSE(b.is_prefix_of(a));
  EXPECT_EQ(b.truncate_after(Zxid::make(Epoch{1}, 2)).describe(), "[<1,1> <1,2>]");
  EXPECT_EQ(b.entries_after(Zxid::make(Epoch{1}, 2)).size(), 2u);
  EXPECT_TRUE(b.contains(Zxid::make(Epoch{1}, 4)));
  EXPECT_EQ(a, log_of({1, 2, 3}));  // equal content, different memory
  EXPECT_EQ(a.fingerprint(), log_of({1, 2, 3}).fingerprint());
}

// Where ZooKeeper's FileTxnLog.truncate cuts: after the first txn at or above the target. The
// same cases as tests/cluster/truncate_probe.sh, which runs ZooKeeper's own code on them.
TEST(TxnLog, FirstAtOrAboveIsWhereZooKeeperCuts) {
  const TxnLog log = log_of({1, 2, 3});
  auto cut = [&](Zxid target) { return log.truncate_after(*log.first_at_or_above(target)); };
  EXPECT_EQ(cut(Zxid{0}).describe(), "[<1,1>]");
  EXPECT_EQ(cut(Zxid::make(Epoch{1}, 0)).describe(), "[<1,1>]");
  EXPECT_EQ(cut(Zxid::make(Epoch{1}, 1)).describe(), "[<1,1>]");
  EXPECT_EQ(cut(Zxid::make(Epoch{1}, 2)).describe(), "[<1,1> <1,2>]");
  EXPECT_FALSE(log.first_at_or_above(Zxid::make(Epoch{1}, 4)));  // ZooKeeper: IOException
  EXPECT_FALSE(TxnLog{}.first_at_or_above(Zxid::make(Epoch{1}, 1)));
}

// A bounded history: the newest entries, in a chain of their own.
TEST(TxnLog, SuffixKeepsTheNewestEntries) {
  const TxnLog a = log_of({1, 2, 3, 4});
  const TxnLog b = a.suffix(2);
  EXPECT_EQ(b.describe(), "[<1,3> <1,4>]");
  EXPECT_EQ(b.fingerprint(), log_of({3, 4}).fingerprint());
  EXPECT_FALSE(b.is_prefix_of(a));  // it starts a history of its own
  EXPECT_EQ(a.suffix(9), a);
  EXPECT_TRUE(a.suffix(0).empty());
}

TEST(TxnLog, SameZxidsDifferentPayloadsDiffer) {
  TxnLog a, b;
  a = a.append(make_txn(Zxid::make(Epoch{1}, 1), "a"));
  b = b.append(make_txn(Zxid::make(Epoch{1}, 1), "b"));
  EXPECT_NE(a, b);
  EXPECT_FALSE(a.is_prefix_of(b));
  EXPECT_NE(a.fingerprint(), b.fingerprint());
}

struct Sample {
  int a = 1;
  std::string b = "x";
  std::optional<Zxid> c;
  ZK_FIELDS(a, b, c)
};

// Every field listed in ZK_FIELDS changes the fingerprint.
TEST(Hasher, EveryFieldCounts) {
  const Sample base;
  Sample s1 = base, s2 = base, s3 = base;
  s1.a = 2;
  s2.b = "y";
  s3.c = Zxid{5};
  const uint64_t fp = fingerprint_of(base);
  EXPECT_NE(fingerprint_of(s1), fp);
  EXPECT_NE(fingerprint_of(s2), fp);
  EXPECT_NE(fingerprint_of(s3), fp);
  EXPECT_EQ(fingerprint_of(Sample{}), fp);  // stable: no addresses, no std::hash
  EXPECT_EQ(Sample::field_names(), "a, b, c");
}

TEST(Hasher, LargeValuesSpillCorrectly) {
  std::string big(10000, 'z');
  std::string other = big;
  other[9999] = 'y';
  EXPECT_NE(fingerprint_of(big), fingerprint_of(other));
  EXPECT_EQ(fingerprint_of(big), fingerprint_of(std::string(10000, 'z')));
}

TEST(BugSet, HoldsWhatWasAdded) {
  BugSet set;
  EXPECT_TRUE(set.empty());
  set.add(Bug::kZk4643);
  EXPECT_TRUE(set.has(Bug::kZk4643));
  EXPECT_FALSE(set.has(Bug::kZk4646));
  EXPECT_FALSE(set.empty());
}

TEST(QuorumConfig, MajorityOfParticipantsOnly) {
  const QuorumConfig cfg = make_config(3, 2);
  SidSet s;
  s.insert(NodeId{1});
  s.insert(NodeId{4});
  s.insert(NodeId{5});
  EXPECT_FALSE(cfg.is_quorum(s));  // observers do not count
  s.insert(NodeId{2});
  EXPECT_TRUE(cfg.is_quorum(s));
  EXPECT_FALSE(cfg.validate());
}

TEST(QuorumConfig, RejectsBadEnsembles) {
  QuorumConfig empty;
  EXPECT_TRUE(empty.validate());
  QuorumConfig only_observers = make_config(0, 2);
  EXPECT_TRUE(only_observers.validate());
  QuorumConfig dup = make_config(2);
  dup.servers[1].sid = dup.servers[0].sid;
  EXPECT_TRUE(dup.validate());
  QuorumConfig narrow = make_config(3);
  narrow.counter_bits = 1;
  EXPECT_TRUE(narrow.validate());
}

}  // namespace
}  // namespace zab
