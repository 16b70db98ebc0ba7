// Connects, re-attaches, expiry and the connection-level rules of ZooKeeperServer
// (processConnectRequest, processPacket, wire.md §1.3 and §3).
#include <gtest/gtest.h>

#include "tests/server/cluster.h"

namespace zab::server::testing {
namespace {

wire::ConnectResponse connect_response(Cluster& c, ClientId client) {
  const auto r = c.connect_reply(client);
  if (!r) throw std::runtime_error("no reply to the connect");
  return *r;
}

// The session id of a connect reply (0: refused).
uint64_t session_of(const wire::ConnectResponse& r) {
  return static_cast<uint64_t>(r.session_id);
}

// The ConnectRequest with which `client` re-attaches to its session.
ConnectOp reattach_to(const Cluster& c, ClientId client, int32_t timeout_ms = 4000) {
  return std::get<ConnectOp>(
      reattach(c.session_of(client), c.passwd_of(client), timeout_ms, c.last_zxid_seen(client)));
}

TEST(Sessions, TheTimeoutIsNegotiatedWithinMinAndMax) {
  Cluster c(3);  // tickTime 2000: 4000..40000
  for (const auto& [asked, got] :
       std::vector<std::pair<int32_t, int32_t>>{{1000, 4000}, {6000, 6000}, {999999, 40000}}) {
    const auto cl = c.connect(c.followers().front(), connect(asked));
    const auto r = connect_response(c, cl);
    EXPECT_EQ(r.time_out, got) << asked;
    EXPECT_EQ(sessions::creator_of_session(session_of(r)), c.followers().front().value);
    EXPECT_EQ(r.passwd.size(), 16u);
    const auto expected = sessions::generate_password(session_of(r));
    EXPECT_EQ(r.passwd, std::string(expected.begin(), expected.end()));
  }
  ServerConfig config;
  config.min_session_timeout_ms = 5000;
  config.max_session_timeout_ms = 7000;
  Cluster d(3, config);
  EXPECT_EQ(connect_response(d, d.connect(d.leader(), connect(1000))).time_out, 5000);
  EXPECT_EQ(connect_response(d, d.connect(d.leader(), connect(60000))).time_out, 7000);
}

TEST(Sessions, TheSecretSeedsThePasswords) {
  ServerConfig config;
  config.password_secret = 0x1234;
  Cluster c(3, config);
  const auto cl = c.connect(c.leader());
  const auto r = connect_response(c, cl);
  const auto expected = sessions::generate_password(session_of(r), 0x1234);
  EXPECT_EQ(r.passwd, std::string(expected.begin(), expected.end()));
  EXPECT_NE(r.passwd, [&] {
    const auto stock = sessions::generate_password(session_of(r));
    return std::string(stock.begin(), stock.end());
  }());
}

// What a client sends after the server closed its connection is discarded with the socket.
TEST(Sessions, RequestsOnAClosedConnectionAreDiscarded) {
  Cluster c(3);
  const auto cl = c.connect(c.followers().front());
  c.send(cl, close_session());
  c.settle();
  ASSERT_TRUE(c.closed(cl));
  c.take(cl);
  const auto stray = c.open(c.followers().front(), create("/stray", "", 0), 7);
  c.settle();
  EXPECT_TRUE(c.take(stray).empty());
  EXPECT_FALSE(c.closed(stray));  // nothing was sent at all
  EXPECT_EQ(c.db(c.leader()).tree().find("/stray"), nullptr);
}

TEST(Sessions, RequestsSentBeforeTheConnectReplyAreAnsweredAfterItInOrder) {
  Cluster c(3);
  const NodeId f = c.followers().front();
  const auto cl = c.open(f, connect());
  c.send(cl, create("/early", "", 1));
  c.send(cl, exists("/early", false));
  c.settle();
  ASSERT_NE(session_of(connect_response(c, cl)), 0u);  // the connect reply came first
  const auto msgs = c.take(cl);
  ASSERT_EQ(msgs.size(), 2u);
  EXPECT_EQ(std::get<ClientReply>(msgs[0]).cxid, 1);
  EXPECT_EQ(std::get<ClientReply>(msgs[0]).err, Code::kOk);
  EXPECT_EQ(std::get<ClientReply>(msgs[1]).err, Code::kOk);  // the create came first
}

TEST(Sessions, AClientThatSawMoreThanTheServerIsRefused) {
  Cluster c(3);
  const NodeId lagging = c.followers().back();
  const auto writer = c.connect(c.leader());
  ASSERT_EQ(c.call(writer, create("/w", "", 0)).err, Code::kOk);
  // The leader's stream to `lagging` is held, so it does not apply the setData.
  c.send(writer, set_data("/w", "1", -1));
  c.settle_except({{c.leader(), lagging}});
  ASSERT_EQ(std::get<ClientReply>(c.take(writer).at(0)).err, Code::kOk);
  ASSERT_LT(c.peer(lagging).last_processed, c.last_zxid_seen(writer));
  ConnectOp op = reattach_to(c, writer);
  const auto moved = c.open(lagging, op);
  c.settle_except({{c.leader(), lagging}});
  EXPECT_TRUE(c.closed(moved));
  EXPECT_TRUE(c.take(moved).empty());  // no reply: the client tries another server
}

TEST(Sessions, ReattachToAnotherServerKeepsTheSessionAndMovesIt) {
  Cluster c(3);
  const NodeId f1 = c.followers().front();
  const NodeId f2 = c.followers().back();
  const auto first = c.connect(f1);
  const uint64_t session = c.session_of(first);
  ASSERT_EQ(c.call(first, create("/eph", "", 1)).err, Code::kOk);

  // The client loses touch with f1 (its socket is still open there) and re-attaches to f2.
  const auto second = c.connect(f2, reattach_to(c, first, 6000));
  const auto r = connect_response(c, second);
  EXPECT_EQ(session_of(r), session);
  EXPECT_EQ(r.time_out, 6000);  // renegotiated
  EXPECT_EQ(r.passwd, c.passwd_of(first));
  EXPECT_EQ(c.layer(c.leader()).tracker->find(session)->owner, f2);
  // Its ephemeral lives on, and it owns it from here.
  const auto eph = c.call(second, get_ephemerals("/"));
  EXPECT_EQ(std::get<wire::GetEphemeralsResponse>(eph.body).ephemerals,
            std::vector<std::string>{"/eph"});
  EXPECT_EQ(c.call(second, set_data("/eph", "x", -1)).err, Code::kOk);

  // A write still coming through the old connection fails at the leader with SESSIONMOVED,
  // which f1 answers by closing that connection (ZOOKEEPER-710), without a reply.
  c.send(first, set_data("/eph", "stale", -1));
  c.settle();
  EXPECT_TRUE(c.closed(first));
  EXPECT_TRUE(c.take(first).empty());
  EXPECT_EQ(*c.db(f2).tree().find("/eph")->data, "x");
  EXPECT_FALSE(c.closed(second));
}

TEST(Sessions, ReattachOnTheSameServerClosesTheOlderConnection) {
  Cluster c(3);
  const NodeId f = c.followers().front();
  const auto first = c.connect(f);
  const auto second = c.connect(f, reattach_to(c, first));
  EXPECT_TRUE(c.closed(first));
  EXPECT_EQ(session_of(connect_response(c, second)), c.session_of(first));
}

TEST(Sessions, ReattachToTheLeader) {
  Cluster c(3);
  const auto first = c.connect(c.followers().front());
  const auto second = c.connect(c.leader(), reattach_to(c, first));
  EXPECT_EQ(session_of(connect_response(c, second)), c.session_of(first));
  EXPECT_EQ(c.layer(c.leader()).tracker->find(c.session_of(first))->owner, c.leader());
  EXPECT_EQ(c.call(second, create("/x", "", 1)).err, Code::kOk);
}

TEST(Sessions, AWrongPasswordGetsTheExpiredReply) {
  Cluster c(3);
  const auto first = c.connect(c.followers().front());
  ConnectOp op = reattach_to(c, first);
  op.request.passwd[0] ^= 1;
  const auto second = c.connect(c.followers().back(), op);
  const auto r = connect_response(c, second);
  EXPECT_EQ(r.time_out, 0);
  EXPECT_EQ(r.session_id, 0);
  EXPECT_EQ(r.passwd, std::string(16, '\0'));
  EXPECT_TRUE(c.closed(second));
  EXPECT_FALSE(c.closed(first));  // nothing happened to the session
}

TEST(Sessions, AnExpiredSessionGetsTheExpiredReply) {
  Cluster c(3);
  const auto first = c.connect(c.followers().front());
  ASSERT_EQ(c.call(first, create("/gone", "", 1)).err, Code::kOk);
  const ConnectOp op = reattach_to(c, first);
  c.disconnect(first);
  c.advance_time(4000 + 2000 + 1000);  // the timeout, its bucket, and a tick to see it
  EXPECT_EQ(c.db(c.leader()).tree().find("/gone"), nullptr);
  const auto again = c.connect(c.followers().back(), op);
  const auto r = connect_response(c, again);
  EXPECT_EQ(r.time_out, 0);
  EXPECT_EQ(r.session_id, 0);
  EXPECT_TRUE(c.closed(again));
}

// Without the checker's stand-in touches, a session lives as long as its client pings.
TEST(Sessions, PingsKeepASessionAliveAndSilenceExpiresIt) {
  ServerConfig config;
  config.tick_touches_connections = false;
  Cluster c(3, config);
  const auto pinging = c.connect(c.followers().front());
  const auto silent = c.connect(c.followers().back());
  ASSERT_EQ(c.call(pinging, create("/p", "", 1)).err, Code::kOk);
  ASSERT_EQ(c.call(silent, create("/s", "", 1)).err, Code::kOk);
  for (int i = 0; i < 8; ++i) {
    c.advance_time(1000);
    const auto pong = c.call(pinging, ping());
    EXPECT_EQ(pong.cxid, wire::kPingXid);
    EXPECT_EQ(pong.err, Code::kOk);
  }
  EXPECT_NE(c.db(c.leader()).tree().find("/p"), nullptr);
  EXPECT_EQ(c.db(c.leader()).tree().find("/s"), nullptr);
  EXPECT_TRUE(c.closed(silent));  // its server closed it when the closeSession was applied
  EXPECT_FALSE(c.closed(pinging));
}

TEST(Sessions, ANewConnectionAfterCloseGetsANewSession) {
  Cluster c(3);
  const auto a = c.connect(c.leader());
  const uint64_t first = c.session_of(a);
  ASSERT_EQ(c.call(a, close_session()).err, Code::kOk);
  const auto b = c.connect(c.leader());
  EXPECT_NE(c.session_of(b), first);
  EXPECT_NE(c.session_of(b), 0u);
}

TEST(Sessions, ARequestAfterTheCloseGetsSessionExpired) {
  Cluster c(3);
  const auto cl = c.connect(c.followers().front());
  c.send(cl, close_session());
  c.send(cl, create("/late", "", 1));  // pipelined behind the close (ZOOKEEPER-1208)
  c.settle();
  EXPECT_TRUE(c.closed(cl));
  for (int id = 1; id <= 3; ++id)
    EXPECT_EQ(c.db(n(id)).tree().find("/late"), nullptr);
}

}  // namespace
}  // namespace zab::server::testing
