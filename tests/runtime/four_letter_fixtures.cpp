#include "tests/runtime/four_letter_fixtures.h"

#include <gtest/gtest.h>

namespace zab::runtime::test {

using wire::FourLetterWord;

const std::string kVersion = "3.8.0-${mvngit.commit.id}, built on 2024-12-29 17:54 UTC";

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

}  // namespace zab::runtime::test
