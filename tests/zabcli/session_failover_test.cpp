// zabcli's ClientSession against scripted servers on loopback sockets: the first server hangs up
// mid-session, and the session must re-attach on the second with its id, password and last zxid,
// set its watch again and re-send its auth (ClientCnxn.primeConnection), answering the request in
// flight CONNECTIONLOSS; a server that calls the session expired ends it. Each server is a thread
// with a script; every wait is bounded by the session's own timeouts.
#include <gtest/gtest.h>

#include <asio/ip/tcp.hpp>
#include <asio/read.hpp>
#include <asio/write.hpp>
#include <future>
#include <thread>

#include "cmd/zabcli/client_session.h"
#include "impl/runtime/client_messages.h"
#include "impl/server/client_ops.h"

namespace zab::zabcli {
namespace {

using asio::ip::tcp;

constexpr int64_t kSessionId = 0x4200000001;
const std::string kPasswd = "0123456789abcdef";

// One scripted server: a listening socket on 127.0.0.1 and frame helpers.
class ScriptedServer {
 public:
  ScriptedServer() : acceptor_(io_, tcp::endpoint(asio::ip::address_v4::loopback(), 0)) {}
  uint16_t port() const { return acceptor_.local_endpoint().port(); }
  tcp::socket accept() { return acceptor_.accept(); }

  static std::string read_frame(tcp::socket& socket) {
    unsigned char length[4];
    asio::read(socket, asio::buffer(length));
    std::string payload((size_t{length[0]} << 24) | (size_t{length[1]} << 16) |
                            (size_t{length[2]} << 8) | size_t{length[3]},
                        '\0');
    asio::read(socket, asio::buffer(payload));
    return payload;
  }
  static wire::ConnectRequest read_connect(tcp::socket& socket) {
    auto op = runtime::read_connect_request(read_frame(socket), "127.0.0.1");
    EXPECT_TRUE(op.ok());
    return op.ok() ? op->request : wire::ConnectRequest{};
  }
  static server::ClientRequest read_request(tcp::socket& socket) {
    auto request = runtime::read_client_request(read_frame(socket));
    EXPECT_TRUE(std::holds_alternative<server::ClientRequest>(request));
    return std::get<server::ClientRequest>(request);
  }
  static void send(tcp::socket& socket, const server::ToClient& message) {
    asio::write(socket, asio::buffer(runtime::frame_to_client(message)));
  }
  static void accept_session(tcp::socket& socket, int32_t time_out) {
    send(socket, wire::ConnectResponse{0, time_out, time_out > 0 ? kSessionId : 0,
                                       time_out > 0 ? kPasswd : std::string(16, '\0'), false});
  }
  static void reply(tcp::socket& socket, int32_t xid, uint64_t zxid, wire::ClientResponseRecord r) {
    send(socket, server::ClientReply{xid, Zxid{zxid}, Code::kOk, std::move(r)});
  }

 private:
  asio::io_context io_;
  tcp::acceptor acceptor_;
};

std::string hosts(const ScriptedServer& a, const ScriptedServer& b) {
  return "127.0.0.1:" + std::to_string(a.port()) + ",127.0.0.1:" + std::to_string(b.port());
}

TEST(SessionFailover, ReattachesOnTheNextServerWithWatchesAndAuth) {
  ScriptedServer first, second;
  // The first server: a session, one watching getData answered at zxid 0x100000005, the auth, and
  // then it goes away while the next request waits.
  auto first_script = std::async(std::launch::async, [&] {
    tcp::socket s = first.accept();
    EXPECT_EQ(ScriptedServer::read_connect(s).session_id, 0);
    ScriptedServer::accept_session(s, 6000);
    auto get = ScriptedServer::read_request(s);
    ScriptedServer::reply(s, get.cxid, 0x100000005, wire::GetDataResponse{"v", {}});
    auto auth = ScriptedServer::read_request(s);
    EXPECT_EQ(auth.cxid, wire::kAuthXid);
    ScriptedServer::reply(s, wire::kAuthXid, 0, wire::EmptyResponse{});
    ScriptedServer::read_request(s);  // the request that will be lost
  });
  // The second server: the re-attach, SetWatches, the auth again, then one request.
  auto second_script = std::async(std::launch::async, [&] {
    tcp::socket s = second.accept();
    const auto connect = ScriptedServer::read_connect(s);
    EXPECT_EQ(connect.session_id, kSessionId);
    EXPECT_EQ(connect.passwd, kPasswd);
    EXPECT_EQ(connect.last_zxid_seen, 0x100000005);
    ScriptedServer::accept_session(s, 6000);
    auto set_watches = ScriptedServer::read_request(s);
    EXPECT_EQ(set_watches.cxid, wire::kSetWatchesXid);
    const auto& record = std::get<server::RequestOp>(set_watches.op).record;
    EXPECT_EQ(std::get<wire::SetWatches>(record).data_watches, std::vector<std::string>{"/a"});
    ScriptedServer::reply(s, wire::kSetWatchesXid, 0, wire::EmptyResponse{});
    auto auth = ScriptedServer::read_request(s);
    const auto& packet = std::get<wire::AuthPacket>(std::get<server::RequestOp>(auth.op).record);
    EXPECT_EQ(packet.scheme, "digest");
    EXPECT_EQ(packet.auth, "alice:secret");
    ScriptedServer::reply(s, wire::kAuthXid, 0, wire::EmptyResponse{});
    auto exists = ScriptedServer::read_request(s);
    // A notification first, then the reply: the client queues the event.
    ScriptedServer::send(s, wire::WatcherEvent{3, 3, "/a"});
    ScriptedServer::reply(s, exists.cxid, 0x100000006, wire::ExistsResponse{});
    ScriptedServer::read_request(s);  // closeSession
  });

  ClientSession session(hosts(first, second), 6000);
  EXPECT_EQ(session.session_id(), static_cast<uint64_t>(kSessionId));
  EXPECT_EQ(session.call(server::ops::get_data("/a", true)).err, Code::kOk);
  EXPECT_EQ(session.add_auth("digest", "alice:secret"), Code::kOk);
  // The first server reads this request and hangs up without answering.
  EXPECT_EQ(session.call(server::ops::exists("/b")).err, Code::kConnectionLoss);
  first_script.get();
  EXPECT_TRUE(session.alive());
  EXPECT_EQ(session.server(), "127.0.0.1:" + std::to_string(second.port()));
  EXPECT_EQ(session.call(server::ops::exists("/b")).err, Code::kOk);
  session.close();
  second_script.get();

  std::vector<std::string> events;
  for (const auto& event : session.events())
    events.push_back(to_string(event));
  EXPECT_EQ(events, (std::vector<std::string>{
                        "WatchedEvent state:SyncConnected type:None path:null",
                        "WatchedEvent state:Disconnected type:None path:null",
                        "WatchedEvent state:SyncConnected type:None path:null",
                        "WatchedEvent state:SyncConnected type:NodeDataChanged path:/a",
                        "WatchedEvent state:Closed type:None path:null"}));
}

TEST(SessionFailover, AnExpiredAnswerEndsTheSession) {
  ScriptedServer first, second;
  auto first_script = std::async(std::launch::async, [&] {
    tcp::socket s = first.accept();
    ScriptedServer::read_connect(s);
    ScriptedServer::accept_session(s, 6000);
  });
  auto second_script = std::async(std::launch::async, [&] {
    tcp::socket s = second.accept();
    EXPECT_EQ(ScriptedServer::read_connect(s).session_id, kSessionId);
    ScriptedServer::accept_session(s, 0);  // expired
  });
  ClientSession session(hosts(first, second), 6000);
  first_script.get();
  EXPECT_THROW(session.call(server::ops::get_data("/a")), ClientError);
  EXPECT_FALSE(session.alive());
  second_script.get();
  ASSERT_FALSE(session.events().empty());
  EXPECT_EQ(to_string(session.events().back()), "WatchedEvent state:Expired type:None path:null");
}

TEST(SessionFailover, NoServerTakesTheSession) {
  ScriptedServer refusing;
  auto script = std::async(std::launch::async, [&] {
    tcp::socket s = refusing.accept();
    ScriptedServer::read_connect(s);
    ScriptedServer::accept_session(s, 0);
  });
  try {
    ClientSession session("127.0.0.1:" + std::to_string(refusing.port()), 3000);
    ADD_FAILURE() << "a refused session opened";
  } catch (const ClientError& e) {
    EXPECT_NE(std::string(e.what()).find("refused"), std::string::npos) << e.what();
  }
  script.get();
}

TEST(ParseConnectString, HostsPortsAndErrors) {
  using Hosts = std::vector<std::pair<std::string, uint16_t>>;
  EXPECT_EQ(parse_connect_string("a:1,b:2"), (Hosts{{"a", 1}, {"b", 2}}));
  EXPECT_EQ(parse_connect_string("a,,b:3,"), (Hosts{{"a", 2181}, {"b", 3}}));
  EXPECT_THROW(parse_connect_string(""), ClientError);
  EXPECT_THROW(parse_connect_string("a:x"), ClientError);
  EXPECT_THROW(parse_connect_string("a:70000"), ClientError);
  EXPECT_THROW(parse_connect_string("a:1x"), ClientError);
}

}  // namespace
}  // namespace zab::zabcli
