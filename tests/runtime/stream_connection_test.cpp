// StreamConnection on a real loopback socket pair: records reach the reader whole and in order,
// a peer's close is reported once, the owner's own close is not, and a peer that does not read
// is cut off at the send-queue bound.
#include "impl/runtime/stream_connection.h"

#include <gtest/gtest.h>

#include <asio/connect.hpp>
#include <asio/io_context.hpp>
#include <chrono>
#include <string>
#include <vector>

namespace zab::runtime {
namespace {

using asio::ip::tcp;

struct Pair {
  asio::io_context io;
  std::shared_ptr<StreamConnection> a, b;
  explicit Pair(size_t queue_max = 1 << 20) {
    tcp::acceptor acceptor(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
    tcp::socket client(io), server(io);
    client.connect(acceptor.local_endpoint());
    acceptor.accept(server);
    a = std::make_shared<StreamConnection>(std::move(client), queue_max);
    b = std::make_shared<StreamConnection>(std::move(server), queue_max);
  }
  template <class Done>
  bool run_until(Done done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!done() && std::chrono::steady_clock::now() < deadline)
      io.run_for(std::chrono::milliseconds(10));
    return done();
  }
};

// Records are "<len byte><payload>".
size_t read_records(std::span<const uint8_t> bytes, std::vector<std::string>& out) {
  size_t used = 0;
  while (used < bytes.size() && used + 1 + bytes[used] <= bytes.size()) {
    out.emplace_back(reinterpret_cast<const char*>(bytes.data() + used + 1), bytes[used]);
    used += 1 + bytes[used];
  }
  return used;
}

std::string record(const std::string& s) {
  return std::string(1, static_cast<char>(s.size())) + s;
}

TEST(StreamConnection, RecordsArriveWholeAndInOrder) {
  Pair p;
  std::vector<std::string> got;
  p.a->start([](auto) { return size_t{0}; }, [](const std::string&) {});
  p.b->start([&](auto bytes) { return read_records(bytes, got); }, [](const std::string&) {});
  const std::string big(200, 'x');
  for (int i = 0; i < 1000; ++i)
    p.a->send(record(i % 2 ? big : std::to_string(i)));
  ASSERT_TRUE(p.run_until([&] { return got.size() == 1000; }));
  EXPECT_EQ(got[0], "0");
  EXPECT_EQ(got[1], big);
  EXPECT_EQ(got[998], "998");
}

TEST(StreamConnection, APeersCloseIsReportedOnceAndTheOwnersOwnCloseIsNot) {
  Pair p;
  int a_closed = 0, b_closed = 0;
  std::string why;
  p.a->start([](auto b) { return b.size(); }, [&](const std::string&) { ++a_closed; });
  p.b->start([](auto b) { return b.size(); },
             [&](const std::string& w) {
               ++b_closed;
               why = w;
             });
  p.a->send("bye");
  p.a->close_after_flush();
  ASSERT_TRUE(p.run_until([&] { return b_closed == 1; }));
  p.io.run_for(std::chrono::milliseconds(50));
  EXPECT_EQ(b_closed, 1);
  EXPECT_EQ(a_closed, 0);
  EXPECT_EQ(why, "closed by the peer");
}

TEST(StreamConnection, ARejectedStreamClosesWithTheReadersReason) {
  Pair p;
  std::string why;
  p.a->start([](auto b) { return b.size(); }, [](const std::string&) {});
  p.b->start([](auto) -> size_t { throw std::runtime_error("frame of 2147483647 bytes"); },
             [&](const std::string& w) { why = w; });
  p.a->send("xxxx");
  ASSERT_TRUE(p.run_until([&] { return !why.empty(); }));
  EXPECT_EQ(why, "frame of 2147483647 bytes");
  EXPECT_FALSE(p.b->open());
}

TEST(StreamConnection, APeerThatDoesNotReadIsCutOffAtTheQueueBound) {
  Pair p(/*queue_max=*/256 * 1024);
  std::string why;
  p.a->start([](auto b) { return b.size(); }, [&](const std::string& w) { why = w; });
  p.b->pause_reading();  // b never reads: a's kernel buffers fill, then its queue
  p.b->start([](auto b) { return b.size(); }, [](const std::string&) {});
  const std::string chunk(64 * 1024, 'y');
  for (int i = 0; i < 400 && p.a->open(); ++i) {
    p.a->send(chunk);
    p.io.run_for(std::chrono::milliseconds(1));
  }
  EXPECT_FALSE(p.a->open());
  EXPECT_NE(why.find("send queue passed"), std::string::npos) << why;
}

}  // namespace
}  // namespace zab::runtime
