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

#include "impl/runtime/java_text.h"

namespace zab::runtime {
namespace {

using wire::FourLetterWord;

const std::string kVersion = "3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC";

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

wire::FourLetterCommand command(FourLetterWord word) {
  return wire::FourLetterCommand{word, std::nullopt};
}

std::string answer(FourLetterWord word, const ServerStatus& status) {
  return answer_four_letter_word(command(word), FourLetterWhitelist::all(), status).text;
}

const data::AclList kOpen = {data::Acl{data::perms::kAll, data::Id{"world", "anyone"}}};

// The capture's tree: /a, /a/b = "hello", the ephemeral /e = "x", written by kazoo at zxids
// base+1.. (base = epoch << 32); /zookeeper/config holds the membership in an ensemble.
data::ZkDatabaseRef capture_database(uint64_t session, int64_t zxid_base,
                                     const std::string& membership) {
  data::DataTree tree;
  tree = tree.create_node("/a", "", kOpen, 0, -1, zxid_base + 2, 1000).value();
  tree = tree.create_node("/a/b", "hello", kOpen, 0, -1, zxid_base + 3, 1001).value();
  tree = tree.create_node("/e", "x", kOpen, static_cast<int64_t>(session), -1, zxid_base + 4, 1002)
             .value();
  data::ZkDatabase db(std::move(tree),
                      data::SessionTable{}.insert(static_cast<int64_t>(session), 10000));
  if (!membership.empty()) db = db.with_config(membership, 0, 0);
  return std::make_shared<const data::ZkDatabase>(std::move(db));
}

// getData(/a/b, watch), getChildren(/a, watch), exists(/missing, watch).
sessions::WatchManager capture_watches(uint64_t session) {
  sessions::WatchManager w;
  EXPECT_EQ(w.add_data_watch(session, "/a/b"), Code::kOk);
  EXPECT_EQ(w.add_child_watch(session, "/a"), Code::kOk);
  EXPECT_EQ(w.add_data_watch(session, "/missing"), Code::kOk);
  return w;
}

// kazoo's connection after its 9 requests: connect (SESS, cxid 0), then 8 ops, the last an
// exists; `latencies_ms` in order, the last answered at `last_response_ms`.
ConnectionStatus kazoo_connection(std::string address, uint64_t session, int64_t established_ms,
                                  int64_t last_zxid, int64_t last_response_ms,
                                  const std::vector<int64_t>& latencies_ms) {
  ConnectionStatus c;
  c.remote_address = std::move(address);
  c.interest_ops = 1;
  c.session_id = session;
  c.session_timeout_ms = 10000;
  c.established_ms = established_ms;
  c.stats.packets_received = 9;
  c.stats.packets_sent = 9;
  for (size_t i = 0; i < latencies_ms.size(); ++i) {
    const std::string_view op = i == 0 ? "SESS" : i + 1 == latencies_ms.size() ? "EXIS" : "GETD";
    c.stats.update_for_response(static_cast<int64_t>(i), last_zxid, op,
                                last_response_ms - latencies_ms[i], last_response_ms);
  }
  return c;
}

// The connection asking the question: its one packet received, no longer selectable.
ConnectionStatus four_letter_connection(std::string address) {
  ConnectionStatus c;
  c.remote_address = std::move(address);
  c.interest_ops = 0;
  c.stats.packets_received = 1;
  return c;
}

AvgMinMax latencies(const std::vector<int64_t>& points) {
  AvgMinMax a;
  for (const int64_t p : points)
    a.add(p);
  return a;
}

// The follower of the capture (server 1 of 3), which served kazoo.
constexpr uint64_t kFollowerSession = 0x10000dfab6c0000;
const std::vector<int64_t> kFollowerLatencies = {31, 10, 10, 10, 10, 5, 3, 3, 0};  // 0/9.1111/31
const std::string kMembership =
    "server.1=127.0.0.1:44269:51865:participant\n"
    "server.2=127.0.0.1:40267:50313:participant\n"
    "server.3=127.0.0.1:60955:54729:participant\n"
    "version=0";

ServerStatus follower_status() {
  ServerStatus s;
  s.serving = true;
  s.mode = ServerMode::kFollower;
  s.version = kVersion;
  s.last_processed_zxid = Zxid{0x100000004};
  s.stats.request_latency_ms = latencies(kFollowerLatencies);
  s.database = capture_database(kFollowerSession, int64_t{1} << 32, kMembership);
  s.watches = capture_watches(kFollowerSession);
  s.peer = PeerStatus{PeerState::kFollowing, ZabState::kBroadcast, SyncMode::kNone, 3};
  s.conf = ServerConf{48017,
                      -1,
                      "/tmp/zk-apache-skkyfa_e/1/data/version-2",
                      "/tmp/zk-apache-skkyfa_e/1/data/version-2",
                      4194917,
                      4194917,
                      2000,
                      60,
                      4000,
                      40000,
                      -1,
                      1,
                      QuorumConf{10, 5, 51865, 44269, false, kMembership}};
  return s;
}

ConnectionStatus follower_kazoo() {
  return kazoo_connection("127.0.0.1:52226", kFollowerSession, 1796600258227, 0x100000004, 14658987,
                          kFollowerLatencies);
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
  s.session_expiry = {{1796600269000, {kFollowerSession}}};
  s.connections = {four_letter_connection("127.0.0.1:35884")};
  s.connection_expiry = std::vector<ConnectionExpiryBucket>{{1796600269000, {0}}};
  EXPECT_EQ(answer(FourLetterWord::kDump, s), zk_answer("leader", "dump"));
  s.digest_log = std::vector<ZxidDigest>{};  // no zxid yet is a multiple of 128
  EXPECT_EQ(answer(FourLetterWord::kHash, s), zk_answer("leader", "hash"));
  EXPECT_EQ(answer(FourLetterWord::kCrst, s), zk_answer("leader", "crst"));
  EXPECT_EQ(answer(FourLetterWord::kSrst, s), zk_answer("leader", "srst"));
}

constexpr uint64_t kStandaloneSession = 0x10000dfb8a80000;
const std::vector<int64_t> kStandaloneLatencies = {22, 5, 2, 2, 1, 1, 1, 1, 0};  // 0/3.8889/22

ServerStatus standalone_status() {
  ServerStatus s;
  s.serving = true;
  s.mode = ServerMode::kStandalone;
  s.version = kVersion;
  s.last_processed_zxid = Zxid{0x4};
  s.stats.request_latency_ms = latencies(kStandaloneLatencies);
  s.database = capture_database(kStandaloneSession, 0, "");
  s.watches = capture_watches(kStandaloneSession);
  s.conf = ServerConf{44783,
                      -1,
                      "/tmp/zk-apache-bdokelss/1/data/version-2",
                      "/tmp/zk-apache-bdokelss/1/data/version-2",
                      4194777,
                      4194777,
                      2000,
                      60,
                      4000,
                      40000,
                      -1,
                      0,
                      std::nullopt};
  return s;
}

ConnectionStatus standalone_kazoo() {
  return kazoo_connection("127.0.0.1:54720", kStandaloneSession, 1796600261267, 0x4, 14662021,
                          kStandaloneLatencies);
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
  s.session_expiry = {{1796600271000, {}}, {1796600273000, {kStandaloneSession}}};
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
  s.digest_log =
      std::vector<ZxidDigest>{{Zxid{0x100000080}, 0x8000000000000001ULL}, {Zxid{0x100000100}, 42}};
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
