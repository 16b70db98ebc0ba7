// Three servers' loops on one event loop, talking over real loopback sockets through PeerNet
// (election and quorum ports in ZooKeeper's bytes), with in-memory disks: they elect one leader,
// every follower syncs with it, and a leader killed (its ports closed) is replaced.
#include "impl/runtime/peer_net.h"

#include <gtest/gtest.h>

#include <asio/post.hpp>
#include <chrono>
#include <memory>
#include <vector>

#include "impl/data/database.h"
#include "impl/runtime/asio_timers.h"

namespace zab::runtime {
namespace {

using namespace std::chrono_literals;

uint16_t free_port(asio::io_context& io) {
  asio::ip::tcp::acceptor probe(io, {asio::ip::make_address("127.0.0.1"), 0});
  return probe.local_endpoint().port();
}

// A disk that makes every write durable on the next turn of the event loop.
struct MemoryDisk final : Disk {
  asio::io_context& io;
  std::function<void()> synced;
  int writes = 0;
  explicit MemoryDisk(asio::io_context& io) : io(io) {}
  void write(const DiskWrite&) override { ++writes; }
  void sync() override {
    asio::post(io, [this] { synced(); });
  }
};

struct NoClients final : ClientNetwork {
  void send(server::ClientId, const server::ToClient&) override {}
  void close(server::ClientId) override {}
};

struct Node {
  std::unique_ptr<MemoryDisk> disk;
  std::unique_ptr<AsioTimers> timers;
  std::unique_ptr<PeerNet> net;
  NoClients clients;
  std::unique_ptr<ServerLoop> loop;
  bool up = false;
};

class PeerNetTest : public ::testing::Test {
 protected:
  void SetUp() override {
    cfg = make_config(3);
    cfg.tick_time_ms = 200;
    cfg.init_limit_ticks = 10;
    cfg.sync_limit_ticks = 5;
    for (auto& s : cfg.servers) {
      s.host = "127.0.0.1";
      s.quorum_port = free_port(io);
      s.election_port = free_port(io);
    }
    nodes.resize(3);
    for (int i = 0; i < 3; ++i)
      start(i);
  }

  void start(int i) {
    Node& n = nodes[i];
    const NodeId self{static_cast<uint8_t>(i + 1)};
    n.disk = std::make_unique<MemoryDisk>(io);
    n.disk->synced = [&n] { n.loop->fsync_done(); };
    n.timers = std::make_unique<AsioTimers>(
        io, [&n](TimerKind kind, uint64_t generation) { n.loop->timer_expired(kind, generation); });
    n.net = std::make_unique<PeerNet>(io, cfg, self, [&n](server::ServerInput input) {
      if (n.up) n.loop->submit(std::move(input));
    });
    n.net->start();
    n.loop = std::make_unique<ServerLoop>(
        cfg, self, initial_durable_state(std::make_shared<const data::ZkDatabase>()),
        ServerLoop::Sinks{*n.net, n.clients, *n.disk, *n.timers}, 0, 1000 * (i + 1));
    n.up = true;
  }

  void stop(int i) {
    Node& n = nodes[i];
    n.up = false;
    n.net->stop();
    n.timers.reset();
  }

  // Runs the event loop until `done` or the deadline; true if done.
  bool run_until(const std::function<bool()>& done, std::chrono::milliseconds limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < deadline) {
      io.run_for(20ms);
      if (io.stopped()) io.restart();
      if (done()) return true;
    }
    return false;
  }

  // One established leader among the running servers, and every other running one synced with it.
  std::optional<int> settled_leader() const {
    std::optional<int> leader;
    for (int i = 0; i < 3; ++i) {
      if (!nodes[i].up) continue;
      const PeerState& p = nodes[i].loop->peer();
      if (p.is_established_leader()) {
        if (leader) return std::nullopt;
        leader = i;
      } else if (p.phase != ZabPhase::kBroadcast) {
        return std::nullopt;
      }
    }
    return leader;
  }

  asio::io_context io;
  QuorumConfig cfg;
  std::vector<Node> nodes;
};

TEST_F(PeerNetTest, ElectsOneLeaderAndSyncsEveryFollower) {
  ASSERT_TRUE(run_until([&] { return settled_leader().has_value(); }, 20s));
  const int leader = *settled_leader();
  // FastLeaderElection on equal histories picks the highest sid.
  EXPECT_EQ(leader, 2);
  for (const auto& n : nodes)
    EXPECT_EQ(n.loop->peer().durable.current_epoch,
              nodes[leader].loop->peer().durable.current_epoch);
}

TEST_F(PeerNetTest, ALeaderThatGoesAwayIsReplaced) {
  ASSERT_TRUE(run_until([&] { return settled_leader().has_value(); }, 20s));
  const int old_leader = *settled_leader();
  const Epoch old_epoch = nodes[old_leader].loop->peer().durable.current_epoch;
  stop(old_leader);
  ASSERT_TRUE(run_until([&] { return settled_leader().has_value(); }, 30s));
  const int leader = *settled_leader();
  EXPECT_NE(leader, old_leader);
  EXPECT_GT(nodes[leader].loop->peer().durable.current_epoch, old_epoch);
}

}  // namespace
}  // namespace zab::runtime
