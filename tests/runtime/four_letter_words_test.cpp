// The four-letter words against Apache ZooKeeper 3.8's own answers: data/zk38_4lw.json holds what
// a real 3-server ensemble (leader, follower) and a standalone server answered
// (capture/zk_4lw_capture.py). Each test builds a ServerStatus holding the same state (the same
// znodes, session, watches, connections and counters) and expects the same text, character for
// character; mntr and envi, where ZooKeeper prints JVM metrics we do not have, must print a
// subset of ZooKeeper's lines, each identical.
#include "impl/runtime/four_letter_words.h"

#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "tests/runtime/four_letter_fixtures.h"

namespace zab::runtime {
namespace {

using wire::FourLetterWord;

using namespace test;  // NOLINT: the capture's fixtures

// ZooKeeper's answer to `word` on the server in `mode` (follower, leader, standalone).
std::string zk_answer(std::string_view mode, std::string_view word) {
  static const nlohmann::json answers = [] {
    std::ifstream in(ZK38_4LW_FILE);
    EXPECT_TRUE(in.good()) << ZK38_4LW_FILE;
    return nlohmann::json::parse(in);
  }();
  for (const auto& a : answers) {
    if (a["mode"] == mode && a["word"] == word) return a["text"].get<std::string>();
  }
  ADD_FAILURE() << "no recorded answer for " << mode << " " << word;
  return {};
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);)
    out.push_back(line);
  return out;
}

// Every line of ours is one of ZooKeeper's (and ours has no line twice).
void expect_lines_subset(const std::string& ours, const std::string& theirs) {
  const auto zk = lines(theirs);
  const std::set<std::string> zk_lines(zk.begin(), zk.end());
  std::set<std::string> seen;
  for (const auto& line : lines(ours)) {
    EXPECT_TRUE(zk_lines.contains(line)) << "not in ZooKeeper's answer: " << line;
    EXPECT_TRUE(seen.insert(line).second) << "printed twice: " << line;
  }
}

TEST(FourLetterWords, FollowerSrvrAndStatAreZooKeepers) {
  ServerStatus s = follower_status();
  s.stats.packets_received = 13;
  s.stats.packets_sent = 12;
  s.connections = {follower_kazoo(), four_letter_connection("127.0.0.1:52250")};
  EXPECT_EQ(answer(FourLetterWord::kSrvr, s), zk_answer("follower", "srvr"));
  s.stats.packets_received = 14;
  s.stats.packets_sent = 13;
  s.connections = {four_letter_connection("127.0.0.1:52258"), follower_kazoo()};
  EXPECT_EQ(answer(FourLetterWord::kStat, s), zk_answer("follower", "stat"));
}

TEST(FourLetterWords, FollowerConsIsZooKeepers) {
  ServerStatus s = follower_status();
  s.connections = {four_letter_connection("127.0.0.1:52298"), follower_kazoo()};
  EXPECT_EQ(answer(FourLetterWord::kCons, s), zk_answer("follower", "cons"));
}

TEST(FourLetterWords, FollowerMntrLinesAreZooKeepers) {
  ServerStatus s = follower_status();
  s.stats.packets_received = 15;
  s.stats.packets_sent = 14;
  s.connections = {follower_kazoo(), four_letter_connection("127.0.0.1:52270")};
  s.uptime_ms = 1248;
  s.open_file_descriptor_count = 44;
  s.max_file_descriptor_count = 20000;
  s.auth_failed_count = 0;
  const std::string ours = answer(FourLetterWord::kMntr, s);
  expect_lines_subset(ours, zk_answer("follower", "mntr"));
  // The figures monitoring tools read are all there.
  for (const char* key :
       {"zk_version", "zk_server_state\tfollower", "zk_peer_state", "zk_avg_latency",
        "zk_znode_count\t8", "zk_watch_count\t3", "zk_ephemerals_count\t1",
        "zk_approximate_data_size\t196", "zk_num_alive_connections\t2",
        "zk_outstanding_requests\t0", "zk_quorum_size\t3", "zk_global_sessions\t1"})
    EXPECT_NE(ours.find(key), std::string::npos) << key;
  EXPECT_EQ(lines(ours).size(), 21u);
}

TEST(FourLetterWords, FollowerConfDirsIsroRuokAreZooKeepers) {
  const ServerStatus s = follower_status();
  EXPECT_EQ(answer(FourLetterWord::kConf, s), zk_answer("follower", "conf"));
  EXPECT_EQ(answer(FourLetterWord::kDirs, s), zk_answer("follower", "dirs"));
  EXPECT_EQ(answer(FourLetterWord::kIsro, s), zk_answer("follower", "isro"));
  EXPECT_EQ(answer(FourLetterWord::kRuok, s), zk_answer("follower", "ruok"));
  EXPECT_EQ(answer(FourLetterWord::kRuok, s), "imok");  // no newline
}

TEST(FourLetterWords, FollowerWatchesAreZooKeepers) {
  const ServerStatus s = follower_status();
  EXPECT_EQ(answer(FourLetterWord::kWchs, s), zk_answer("follower", "wchs"));
  // ZooKeeper walks a hash map: /missing came before /a/b there; ours are sorted.
  EXPECT_EQ(answer(FourLetterWord::kWchc, s), "0x10000dfab6c0000\n\t/a/b\n\t/missing\n\n");
  EXPECT_EQ(lines(answer(FourLetterWord::kWchc, s)).size(),
            lines(zk_answer("follower", "wchc")).size());
  expect_lines_subset(answer(FourLetterWord::kWchc, s), zk_answer("follower", "wchc"));
  EXPECT_EQ(answer(FourLetterWord::kWchp, s),
            "/a/b\n\t0x10000dfab6c0000\n/missing\n\t0x10000dfab6c0000\n\n");
  EXPECT_EQ(lines(answer(FourLetterWord::kWchp, s)).size(),
            lines(zk_answer("follower", "wchp")).size());
}

TEST(FourLetterWords, FollowerDumpIsZooKeepers) {
  ServerStatus s = follower_status();
  s.connections = {follower_kazoo(), four_letter_connection("127.0.0.1:52336")};
  // The connection expiry queue ZooKeeper kept: both connections in one bucket, the 4lw one
  // first.
  s.connection_expiry = std::vector<ConnectionExpiryBucket>{{1796600269000, {1, 0}}};
  EXPECT_EQ(answer(FourLetterWord::kDump, s), zk_answer("follower", "dump"));
  // Without a connection expiry queue, the section is empty (as with ZooKeeper's Netty factory).
  s.connection_expiry.reset();
  const std::string dump = answer(FourLetterWord::kDump, s);
  EXPECT_TRUE(dump.ends_with("\t/e\nConnections dump:\n")) << dump;
}

TEST(FourLetterWords, LeaderAnswersAreZooKeepers) {
  ServerStatus s;
  s.serving = true;
  s.mode = ServerMode::kLeader;
  s.version = kVersion;
  s.last_processed_zxid = Zxid{0x100000004};
  s.database = capture_database(kFollowerSession, int64_t{1} << 32, kMembership);
  s.peer = PeerStatus{PeerState::kLeading, ZabState::kBroadcast, SyncMode::kNone, 3};
  BufferStats proposals;
  for (int32_t size : {48, 93, 60, 87})
    proposals.set_last(size);
  s.leader = LeaderStatus{2, 2, 0, 0, 0, 1055, proposals};
  s.conf = ServerConf{39381,
                      -1,
                      "/tmp/zk-apache-skkyfa_e/3/data/version-2",
                      "/tmp/zk-apache-skkyfa_e/3/data/version-2",
                      4194917,
                      4194917,
                      2000,
                      60,
                      4000,
                      40000,
                      -1,
                      3,
                      QuorumConf{10, 5, 54729, 60955, false, kMembership}};
  s.stats.packets_received = 5;
  s.stats.packets_sent = 4;
  s.connections = {four_letter_connection("127.0.0.1:35800")};
  EXPECT_EQ(answer(FourLetterWord::kSrvr, s), zk_answer("leader", "srvr"));
  s.stats.packets_received = 6;
  s.stats.packets_sent = 5;
  s.connections = {four_letter_connection("127.0.0.1:35810")};
  EXPECT_EQ(answer(FourLetterWord::kStat, s), zk_answer("leader", "stat"));
  s.connections = {four_letter_connection("127.0.0.1:35854")};
  EXPECT_EQ(answer(FourLetterWord::kCons, s), zk_answer("leader", "cons"));
  EXPECT_EQ(answer(FourLetterWord::kConf, s), zk_answer("leader", "conf"));
  EXPECT_EQ(answer(FourLetterWord::kWchs, s), zk_answer("leader", "wchs"));
  EXPECT_EQ(answer(FourLetterWord::kWchc, s), zk_answer("leader", "wchc"));
  EXPECT_EQ(answer(FourLetterWord::kWchp, s), zk_answer("leader", "wchp"));
  s.stats.packets_received = 7;
  s.stats.packets_sent = 6;
  s.uptime_ms = 1656;
  s.open_file_descriptor_count = 46;
  s.max_file_descriptor_count = 20000;
  const std::string mntr = answer(FourLetterWord::kMntr, s);
  expect_lines_subset(mntr, zk_answer("leader", "mntr"));
  for (const char* key :
       {"zk_learners\t2", "zk_synced_followers\t2", "zk_synced_non_voting_followers\t0",
        "zk_synced_observers\t0", "zk_pending_syncs\t0", "zk_leader_uptime\t1055",
        "zk_last_proposal_size\t87", "zk_min_proposal_size\t48", "zk_max_proposal_size\t93",
        "zk_peer_state\tleading - broadcast"})
    EXPECT_NE(mntr.find(key), std::string::npos) << key;
  // The leader's session tracker: one bucket, the kazoo session.
  s.session_expiry = std::vector<SessionExpiryBucket>{{1796600269000, {kFollowerSession}}};
  s.connections = {four_letter_connection("127.0.0.1:35884")};
  s.connection_expiry = std::vector<ConnectionExpiryBucket>{{1796600269000, {0}}};
  EXPECT_EQ(answer(FourLetterWord::kDump, s), zk_answer("leader", "dump"));
  s.digest_log = std::vector<ZxidDigest>{};  // no zxid yet is a multiple of 128
  EXPECT_EQ(answer(FourLetterWord::kHash, s), zk_answer("leader", "hash"));
  EXPECT_EQ(answer(FourLetterWord::kCrst, s), zk_answer("leader", "crst"));
  EXPECT_EQ(answer(FourLetterWord::kSrst, s), zk_answer("leader", "srst"));
}

TEST(FourLetterWords, StandaloneAnswersAreZooKeepers) {
  ServerStatus s = standalone_status();
  s.stats.packets_received = 13;
  s.stats.packets_sent = 12;
  s.connections = {standalone_kazoo(), four_letter_connection("127.0.0.1:54740")};
  EXPECT_EQ(answer(FourLetterWord::kSrvr, s), zk_answer("standalone", "srvr"));
  s.stats.packets_received = 14;
  s.stats.packets_sent = 13;
  s.connections = {standalone_kazoo(), four_letter_connection("127.0.0.1:54756")};
  EXPECT_EQ(answer(FourLetterWord::kStat, s), zk_answer("standalone", "stat"));
  s.connections = {four_letter_connection("127.0.0.1:54794"), standalone_kazoo()};
  EXPECT_EQ(answer(FourLetterWord::kCons, s), zk_answer("standalone", "cons"));
  EXPECT_EQ(answer(FourLetterWord::kConf, s), zk_answer("standalone", "conf"));
  EXPECT_EQ(answer(FourLetterWord::kDirs, s), zk_answer("standalone", "dirs"));
  EXPECT_EQ(answer(FourLetterWord::kWchs, s), zk_answer("standalone", "wchs"));
  s.stats.packets_received = 15;
  s.stats.packets_sent = 14;
  s.uptime_ms = 915;
  s.open_file_descriptor_count = 40;
  s.max_file_descriptor_count = 20000;
  const std::string mntr = answer(FourLetterWord::kMntr, s);
  expect_lines_subset(mntr, zk_answer("standalone", "mntr"));
  EXPECT_NE(mntr.find("zk_approximate_data_size\t58\n"), std::string::npos) << mntr;
  EXPECT_EQ(mntr.find("peer_state"), std::string::npos) << mntr;
  EXPECT_EQ(mntr.find("quorum_size"), std::string::npos) << mntr;
  // Standalone: SessionTrackerImpl's buckets, an empty one included, as ZooKeeper printed them.
  s.session_expiry =
      std::vector<SessionExpiryBucket>{{1796600271000, {}}, {1796600273000, {kStandaloneSession}}};
  s.connections = {standalone_kazoo(), four_letter_connection("127.0.0.1:54850")};
  s.connection_expiry = std::vector<ConnectionExpiryBucket>{{1796600279000, {1, 0}}};
  EXPECT_EQ(answer(FourLetterWord::kDump, s), zk_answer("standalone", "dump"));
}

TEST(FourLetterWords, EnviLinesAreZooKeepersWithoutTheJvm) {
  ServerStatus s = follower_status();
  s.environment = EnvironmentInfo{"localhost",
                                  "Linux",
                                  "amd64",
                                  "6.18.44-fc-v1300",
                                  "root",
                                  "/root",
                                  "/tmp/zk-apache-skkyfa_e/3"};
  const std::string ours = answer(FourLetterWord::kEnvi, s);
  expect_lines_subset(ours, zk_answer("leader", "envi"));
  EXPECT_TRUE(ours.starts_with("Environment:\nzookeeper.version=3.8.0-")) << ours;
  // kazoo's server_version() reads the version's leading digits from this line.
  EXPECT_EQ(lines(ours).size(), 9u);
  s.environment = {};
  EXPECT_NE(answer(FourLetterWord::kEnvi, s).find("host.name=<NA>\n"), std::string::npos);
}

}  // namespace
}  // namespace zab::runtime
