// The four-letter words' parts: the whitelist, what a server that is not serving answers, the
// resets, the words not served, and the counters and Java text they print with.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <limits>
#include <tuple>

#include "impl/runtime/four_letter_words.h"
#include "impl/runtime/java_text.h"
#include "tests/runtime/four_letter_fixtures.h"

namespace zab::runtime {
namespace {

using namespace test;  // NOLINT: the capture's fixtures
using wire::FourLetterWord;

TEST(FourLetterWords, NotServing) {
  ServerStatus s;  // a peer still looking for a leader
  for (auto word : {FourLetterWord::kSrvr, FourLetterWord::kStat, FourLetterWord::kMntr,
                    FourLetterWord::kConf, FourLetterWord::kCons, FourLetterWord::kWchs,
                    FourLetterWord::kWchc, FourLetterWord::kWchp, FourLetterWord::kDirs,
                    FourLetterWord::kDump, FourLetterWord::kCrst, FourLetterWord::kSrst}) {
    const auto a = answer_four_letter_word(command(word), FourLetterWhitelist::all(), s);
    EXPECT_EQ(a.text, "This ZooKeeper instance is not currently serving requests\n")
        << wire::to_string(word);
    EXPECT_FALSE(a.reset_connection_stats);
    EXPECT_FALSE(a.reset_server_stats);
  }
  EXPECT_EQ(answer(FourLetterWord::kRuok, s), "imok");
  EXPECT_EQ(answer(FourLetterWord::kIsro, s), "null");
  EXPECT_TRUE(answer(FourLetterWord::kEnvi, s).starts_with("Environment:\n"));
  s.digest_log = std::vector<ZxidDigest>{};
  EXPECT_EQ(answer(FourLetterWord::kHash, s),
            "This ZooKeeper instance is not currently serving requests");
}

TEST(FourLetterWords, ResetsAreAskedOfTheRuntime) {
  const ServerStatus s = follower_status();
  const auto crst =
      answer_four_letter_word(command(FourLetterWord::kCrst), FourLetterWhitelist::all(), s);
  EXPECT_EQ(crst.text, "Connection stats reset.\n");
  EXPECT_TRUE(crst.reset_connection_stats);
  EXPECT_FALSE(crst.reset_server_stats);
  const auto srst =
      answer_four_letter_word(command(FourLetterWord::kSrst), FourLetterWhitelist::all(), s);
  EXPECT_EQ(srst.text, "Server stats reset.\n");
  EXPECT_TRUE(srst.reset_server_stats);
  EXPECT_FALSE(srst.reset_connection_stats);
  // What the runtime then does, as ServerCnxn.resetStats / ServerStats.reset.
  ConnectionStats c = follower_kazoo().stats;
  c.reset();
  ConnectionStatus reset_connection = follower_kazoo();
  reset_connection.stats = c;
  ServerStatus after = s;
  after.connections = {reset_connection};
  EXPECT_EQ(cons_text(after),
            " /127.0.0.1:52226[1](queued=0,recved=0,sent=0,sid=0x10000dfab6c0000,lop=NA,"
            "est=1796600258227,to=10000,lzxid=0xffffffffffffffff,lresp=0,llat=0,minlat=0,"
            "avglat=0,maxlat=0)\n\n");
}

TEST(FourLetterWords, UnknownAndUnservedWords) {
  ServerStatus s = follower_status();
  // hash: the digests of every 128th zxid, when the runtime keeps them.
  EXPECT_EQ(answer(FourLetterWord::kHash, s), "");
  s.digest_log = std::vector<ZxidDigest>{
      {Zxid{0x100000080}, 2, std::numeric_limits<int64_t>::min() + 1}, {Zxid{0x100000100}, 2, 42}};
  EXPECT_EQ(answer(FourLetterWord::kHash, s), "100000080: -9223372036854775807\n100000100: 42\n");
  // No trace mask here: gtmk and stmk close without an answer, as does telnet's close sequence.
  EXPECT_EQ(answer(FourLetterWord::kGtmk, s), "");
  EXPECT_EQ(
      answer_four_letter_word({FourLetterWord::kStmk, 306}, FourLetterWhitelist::all(), s).text,
      "");
  EXPECT_EQ(answer(FourLetterWord::kTelnetClose, s), "");
}

TEST(FourLetterWords, WhitelistAsZooKeeperReadsIt) {
  const ServerStatus s = follower_status();
  const FourLetterWhitelist default_list;
  EXPECT_TRUE(default_list.allows(FourLetterWord::kSrvr));
  EXPECT_FALSE(default_list.allows(FourLetterWord::kRuok));
  EXPECT_EQ(answer_four_letter_word(command(FourLetterWord::kMntr), default_list, s).text,
            "mntr is not executed because it is not in the whitelist.\n");
  EXPECT_EQ(answer_four_letter_word(command(FourLetterWord::kTelnetClose), default_list, s).text,
            "telnet close is not executed because it is not in the whitelist.\n");

  auto listed = FourLetterWhitelist::parse(" ruok,stat , mntr,,");
  ASSERT_TRUE(listed.ok()) << listed.error().message;
  for (auto word :
       {FourLetterWord::kRuok, FourLetterWord::kStat, FourLetterWord::kMntr, FourLetterWord::kSrvr})
    EXPECT_TRUE(listed->allows(word)) << wire::to_string(word);
  EXPECT_FALSE(listed->allows(FourLetterWord::kConf));
  EXPECT_FALSE(listed->allows(FourLetterWord::kDump));

  auto star = FourLetterWhitelist::parse("*");
  ASSERT_TRUE(star.ok());
  EXPECT_EQ(star.value(), FourLetterWhitelist::all());
  EXPECT_TRUE(FourLetterWhitelist::parse("ruok, *").value().allows(FourLetterWord::kDump));
  EXPECT_EQ(FourLetterWhitelist::parse("").value(), FourLetterWhitelist());

  auto typo = FourLetterWhitelist::parse("ruok,mtnr");
  ASSERT_FALSE(typo.ok());
  EXPECT_NE(typo.error().message.find("'mtnr'"), std::string::npos) << typo.error().message;

  // impl/config's ZooCfg::four_letter_words: already split and trimmed.
  auto words = FourLetterWhitelist::from_words({"conf", "isro"});
  ASSERT_TRUE(words.ok());
  EXPECT_TRUE(words->allows(FourLetterWord::kIsro));
  EXPECT_TRUE(words->allows(FourLetterWord::kSrvr));
  EXPECT_FALSE(words->allows(FourLetterWord::kRuok));
  EXPECT_FALSE(FourLetterWhitelist::from_words({"srvr", "bogus"}).ok());
}

TEST(FourLetterWords, DatabaseFiguresCountAsZooKeeper) {
  // A fresh tree: "/", "", /zookeeper, /zookeeper/quota, /zookeeper/config (wire.md §1.12: 5).
  const auto empty = database_figures(data::ZkDatabase());
  EXPECT_EQ(empty.znode_count, 5);
  EXPECT_EQ(empty.approximate_data_size, 0 + 1 + 10 + 16 + 17);
  EXPECT_EQ(empty.ephemerals_count, 0);
  EXPECT_EQ(empty.global_sessions, 0);
  const auto capture = database_figures(*capture_database(7, 0, kMembership));
  EXPECT_EQ(capture.znode_count, 8);
  EXPECT_EQ(capture.approximate_data_size, 196);
  EXPECT_EQ(capture.ephemerals_count, 1);
  EXPECT_EQ(capture.global_sessions, 1);
}

TEST(FourLetterWords, CountersFollowZooKeepersClasses) {
  AvgMinMax a;
  EXPECT_EQ(a.min(), 0);
  EXPECT_EQ(a.max(), 0);
  EXPECT_EQ(a.avg(), 0.0);
  for (int64_t v : {1, 2})
    a.add(v);
  EXPECT_EQ(java_double(a.avg()), "1.5");
  // 1/32 = 0.03125 exactly: half up at the 4th decimal gives 0.0313 (half even would give 0.0312).
  AvgMinMax tie;
  tie.add(1);
  for (int i = 0; i < 31; ++i)
    tie.add(0);
  EXPECT_EQ(java_double(tie.avg()), "0.0313");
  AvgMinMax thirds;
  for (int64_t v : {1, 1, 0})
    thirds.add(v);
  EXPECT_EQ(java_double(thirds.avg()), "0.6667");

  BufferStats b;
  EXPECT_EQ((std::tuple{b.last, b.min, b.max}), (std::tuple{-1, -1, -1}));
  b.set_last(10);
  b.set_last(4);
  b.set_last(7);
  EXPECT_EQ((std::tuple{b.last, b.min, b.max}), (std::tuple{7, 4, 10}));

  ConnectionStats c;
  c.update_for_response(5, 0x100000001, "CREA", 100, 103);
  c.update_for_response(-2, 0x100000001, "PING", 200, 200);  // special xids keep lcxid
  EXPECT_EQ(c.last_cxid, 5);
  EXPECT_EQ(c.last_operation, "PING");
  EXPECT_EQ(c.min_latency(), 0);
  EXPECT_EQ(c.max_latency_ms, 3);
  EXPECT_EQ(c.avg_latency_ms(), 1);  // integer division, as ServerCnxn.getAvgLatency
  EXPECT_EQ(last_operation_name(data::OpCode::kGetChildren2), "GETC");
  EXPECT_EQ(last_operation_name(data::OpCode::kCreateSession), "SESS");
  EXPECT_EQ(last_operation_name(data::OpCode::kWhoAmI), "HOMI");
  EXPECT_EQ(detailed_peer_state({PeerState::kLooking, ZabState::kElection, SyncMode::kNone, 3}),
            "looking");
  EXPECT_EQ(
      detailed_peer_state({PeerState::kFollowing, ZabState::kSynchronization, SyncMode::kDiff, 3}),
      "following - synchronization - diff");
}

TEST(FourLetterWords, SessionTrackerBucketsForDump) {
  // tickTime 2000: a session heard from at t with timeout 10000 expires in the bucket
  // roundToNextInterval(t + 10000).
  sessions::SessionTracker tracker(sessions::SessionConfig{2000, -1, -1}, NodeId{1}, 0);
  const auto a = tracker.create_session(10000, NodeId{1}, 0);
  const auto b = tracker.create_session(10000, NodeId{1}, 3000);
  const auto c = tracker.create_session(10000, NodeId{2}, 3500);
  ASSERT_EQ(a.code, Code::kOk);
  ASSERT_EQ(b.code, Code::kOk);
  ASSERT_EQ(c.code, Code::kOk);
  const int64_t wall = 1796600260000;  // wall clock when the tracker's clock read 0
  const auto buckets = session_expiry_buckets(tracker, wall);
  ASSERT_EQ(buckets.size(), 2u);
  EXPECT_EQ(buckets[0].expire_time_ms, wall + 12000);
  EXPECT_EQ(buckets[0].session_ids, std::vector<uint64_t>{a.session_id});
  EXPECT_EQ(buckets[1].expire_time_ms, wall + 14000);
  EXPECT_EQ(buckets[1].session_ids.size(), 2u);
  ServerStatus s = standalone_status();
  s.session_expiry = buckets;
  const std::string dump = answer(FourLetterWord::kDump, s);
  EXPECT_TRUE(dump.starts_with(fmt::format(
      "SessionTracker dump:\nSession Sets (2)/(3):\n1 expire at Sun Dec 06 23:37:52 UTC 2026:\n"
      "\t0x{:x}\n2 expire at Sun Dec 06 23:37:54 UTC 2026:\n",
      a.session_id)))
      << dump;
  // Without the tracker's buckets, a leader's dump lists the database's sessions instead.
  s.mode = ServerMode::kLeader;
  s.session_expiry.reset();
  EXPECT_TRUE(
      answer(FourLetterWord::kDump, s)
          .starts_with("SessionTracker dump:\nGlobal Sessions(1):\n0x10000dfb8a80000\t10000ms\n"))
      << answer(FourLetterWord::kDump, s);
  // Once the first bucket is due and expired, it is no longer listed.
  EXPECT_EQ(tracker.expire(12000), std::vector<uint64_t>{a.session_id});
  EXPECT_EQ(session_expiry_buckets(tracker, wall).size(), 1u);
}

TEST(JavaText, DoubleToStringAsJava) {
  EXPECT_EQ(java_double(0.0), "0.0");
  EXPECT_EQ(java_double(9.1111), "9.1111");
  EXPECT_EQ(java_double(402.0), "402.0");
  EXPECT_EQ(java_double(100.0), "100.0");
  EXPECT_EQ(java_double(0.001), "0.001");
  EXPECT_EQ(java_double(0.0005), "5.0E-4");
  EXPECT_EQ(java_double(1234567.5), "1234567.5");
  EXPECT_EQ(java_double(1e7), "1.0E7");
  EXPECT_EQ(java_double(12345678.9), "1.23456789E7");
  EXPECT_EQ(java_double(-2.5), "-2.5");
  EXPECT_EQ(java_hex(-1), "ffffffffffffffff");
  EXPECT_EQ(java_hex(0x100000004), "100000004");
  EXPECT_EQ(java_hex(0), "0");
  EXPECT_EQ(java_date_utc(1796600269000), "Sun Dec 06 23:37:49 UTC 2026");
  EXPECT_EQ(java_date_utc(10000), "Thu Jan 01 00:00:10 UTC 1970");
  EXPECT_EQ(java_date_utc(951782400000), "Tue Feb 29 00:00:00 UTC 2000");
  EXPECT_EQ(java_date_utc(-1), "Wed Dec 31 23:59:59 UTC 1969");
}

}  // namespace
}  // namespace zab::runtime
