// A learner's quorum connection (QuorumNet) against a scripted leader on a loopback socket. The
// case behind it: a follower that has just elected server L connects to L a moment before L
// itself leaves the election, and L (not leading yet) closes the connection at the FOLLOWERINFO.
// ZooKeeper's L would not be listening yet, so the learner's connect is refused and retried; zabd
// must retry too, or the follower goes back to LOOKING while L waits initLimit for followers
// (seen in the cluster as a 20 s election after a leader was killed). A close after the leader
// answered is a lost connection, and the retries stop at initLimit * tickTime.
#include "impl/runtime/quorum_net.h"

#include <gtest/gtest.h>

#include <asio/read.hpp>
#include <asio/write.hpp>
#include <chrono>
#include <future>
#include <optional>
#include <thread>

#include "impl/runtime/peer_messages.h"

namespace zab::runtime {
namespace {

using asio::ip::tcp;
using namespace std::chrono_literals;

uint16_t free_port(asio::io_context& io) {
  tcp::acceptor probe(io, {asio::ip::make_address("127.0.0.1"), 0});
  return probe.local_endpoint().port();
}

class LearnerConnection : public ::testing::Test {
 protected:
  LearnerConnection() : leader_acceptor_(leader_io_) {
    cfg_ = make_config(3);
    cfg_.tick_time_ms = 100;
    cfg_.init_limit_ticks = 10;  // retries for 1 s
    for (auto& s : cfg_.servers) {
      s.host = "127.0.0.1";
      s.quorum_port = free_port(io_);
      s.election_port = free_port(io_);
    }
    const tcp::endpoint leader_end(asio::ip::make_address("127.0.0.1"),
                                   cfg_.find(NodeId{2})->quorum_port);
    leader_acceptor_.open(leader_end.protocol());
    leader_acceptor_.set_option(tcp::acceptor::reuse_address(true));
    leader_acceptor_.bind(leader_end);
    leader_acceptor_.listen();
    net_ = std::make_unique<QuorumNet>(
        io_, cfg_, NodeId{1},
        QuorumNet::Callbacks{
            [this](NodeId from, const Message& m) { delivered_.emplace_back(from, m); },
            [this](NodeId peer) { lost_.push_back(peer); }});
    net_->start();
  }
  ~LearnerConnection() override { net_->stop(); }

  // The scripted leader's side of one connection, within 3 s: reads the start of the learner's
  // FOLLOWERINFO. nullopt when no learner came.
  std::optional<tcp::socket> accept_follower_info() {
    leader_acceptor_.non_blocking(true);
    const auto deadline = std::chrono::steady_clock::now() + 3s;
    while (std::chrono::steady_clock::now() < deadline) {
      std::error_code ec;
      tcp::socket socket = leader_acceptor_.accept(ec);
      if (ec) {
        std::this_thread::sleep_for(5ms);
        continue;
      }
      socket.non_blocking(false);
      std::string bytes(4, '\0');
      asio::read(socket, asio::buffer(bytes), ec);  // the packet's length: enough to know it came
      return socket;
    }
    return std::nullopt;
  }
  void answer_leader_info(tcp::socket& socket) {
    asio::write(socket, asio::buffer(encode_quorum_message(LeaderInfo{Epoch{1}},
                                                           QuorumWriter{NodeId{2}, true, ""})));
  }

  bool run_until(const std::function<bool()>& done, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      io_.run_for(10ms);
      if (io_.stopped()) io_.restart();
      if (done()) return true;
    }
    return false;
  }

  asio::io_context io_;
  asio::io_context leader_io_;
  tcp::acceptor leader_acceptor_;
  QuorumConfig cfg_;
  std::unique_ptr<QuorumNet> net_;
  std::vector<std::pair<NodeId, Message>> delivered_;
  std::vector<NodeId> lost_;
};

TEST_F(LearnerConnection, AConnectionClosedBeforeTheLeaderAnsweredIsTriedAgain) {
  auto leader = std::async(std::launch::async, [&] {
    if (!accept_follower_info()) return;   // not leading yet: closes it at once
    auto socket = accept_follower_info();  // the same FOLLOWERINFO, on a new connection
    if (!socket) return;
    answer_leader_info(*socket);
    std::this_thread::sleep_for(300ms);  // open until the learner has read it
  });
  net_->send(NodeId{2}, FollowerInfo{Epoch{0}, LearnerType::kParticipant});
  EXPECT_TRUE(run_until([&] { return !delivered_.empty() || !lost_.empty(); }, 3000ms));
  leader.get();
  EXPECT_TRUE(lost_.empty()) << "the learner gave up on the first refusal";
  ASSERT_EQ(delivered_.size(), 1u);
  EXPECT_EQ(delivered_[0].first, NodeId{2});
  EXPECT_EQ(std::get<LeaderInfo>(delivered_[0].second).new_epoch, Epoch{1});
  EXPECT_EQ(net_->leader(), NodeId{2});
}

TEST_F(LearnerConnection, AConnectionClosedAfterTheLeaderAnsweredIsLost) {
  auto leader = std::async(std::launch::async, [&] {
    auto socket = accept_follower_info();
    if (!socket) return;
    answer_leader_info(*socket);
    std::this_thread::sleep_for(100ms);
  });
  net_->send(NodeId{2}, FollowerInfo{Epoch{0}, LearnerType::kParticipant});
  EXPECT_TRUE(run_until([&] { return !lost_.empty(); }, 3000ms));
  leader.get();
  EXPECT_EQ(delivered_.size(), 1u);
  EXPECT_EQ(lost_, std::vector<NodeId>{NodeId{2}});
}

TEST_F(LearnerConnection, RetriesStopAtInitLimit) {
  std::atomic<bool> done = false;
  std::atomic<int> refusals = 0;
  auto leader = std::async(std::launch::async, [&] {
    leader_acceptor_.non_blocking(true);
    while (!done) {
      std::error_code ec;
      tcp::socket socket = leader_acceptor_.accept(ec);
      if (ec) {
        std::this_thread::sleep_for(5ms);
        continue;
      }
      ++refusals;  // closes every connection, never answering
    }
  });
  const auto started = std::chrono::steady_clock::now();
  net_->send(NodeId{2}, FollowerInfo{Epoch{0}, LearnerType::kParticipant});
  EXPECT_TRUE(run_until([&] { return !lost_.empty(); }, 5000ms));
  done = true;
  leader.get();
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(lost_, std::vector<NodeId>{NodeId{2}});
  EXPECT_GE(took, 900ms);  // initLimit * tickTime = 1 s of 100 ms retries
  EXPECT_LT(took, 3000ms);
  EXPECT_GE(refusals.load(), 5);
}

}  // namespace
}  // namespace zab::runtime
