// The quorum port: Zab's connections between a leader and its learners (Learner
// .connectToLeader on one side, LearnerCnxAcceptor and one LearnerHandler per learner on the
// other), carrying QuorumPackets.
//
// Every server listens: whether a FOLLOWERINFO is welcome is the protocol core's decision (a
// server that is not leading closes the connection), so the runtime makes none. A learner treats
// a connection its leader closed before answering anything like a refused connect: ZooKeeper's
// leader opens its quorum port only once it leads, so Learner.connectToLeader meets a refusal
// when it comes a moment early, and tries again (every 100 ms, within initLimit); a close after
// the leader answered is a lost connection. A learner opens a new connection for every FOLLOWERINFO
// it sends, closing the old one; a leader knows a connection's sid from its FOLLOWERINFO, and a
// learner's newer connection replaces its older one. A connection that breaks is reported to the
// core once, as ConnectionLost; a close the core asked for is not reported back to it.
#pragma once

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/steady_timer.hpp>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "impl/quorum/config.h"
#include "impl/quorum/messages.h"
#include "impl/runtime/stream_connection.h"

namespace zab::runtime {

class QuorumNet {
 public:
  struct Callbacks {
    std::function<void(NodeId from, const Message& m)> deliver;
    std::function<void(NodeId peer)> lost;
  };

  QuorumNet(asio::io_context& io, const QuorumConfig& cfg, NodeId self, Callbacks callbacks);

  void start();  // binds the quorum port (throws std::system_error if it cannot)
  void stop();
  void send(NodeId to, const Message& m);
  void close(NodeId peer);

  // For the four-letter words: the learners with an open connection, and the leader we follow.
  std::vector<NodeId> learners() const;
  std::optional<NodeId> leader() const;

 private:
  // The learner's connection to its leader, queued while it is being opened.
  struct ToLeader {
    NodeId leader;
    std::shared_ptr<StreamConnection> conn;
    std::vector<std::string> queued;
    // What went out on the current connection before the leader answered: sent again on the next
    // one if the leader closes it unanswered.
    std::vector<std::string> unanswered;
    bool answered = false;  // a packet came from the leader on the current connection
    std::shared_ptr<asio::steady_timer> retry;
    int attempts = 0;
    uint64_t id = 0;  // tells this attempt's callbacks from a later one's
  };

  void accept_next();
  void on_accepted(asio::ip::tcp::socket socket);
  void open_to_leader(NodeId leader, std::string first);
  void try_connect(uint64_t id);
  void retry_or_give_up(uint64_t id, const std::string& why);
  void on_leader_connected(uint64_t id, asio::ip::tcp::socket socket);
  void leader_closed(uint64_t id, const std::string& why);
  void leader_lost(uint64_t id, const std::string& why);
  void learner_connected(NodeId sid, const std::shared_ptr<StreamConnection>& conn);
  std::string encode(const Message& m, bool as_leader) const;

  asio::io_context& io_;
  const QuorumConfig& cfg_;
  NodeId self_;
  Callbacks callbacks_;
  std::string config_text_;
  asio::ip::tcp::acceptor acceptor_;
  std::optional<ToLeader> to_leader_;
  uint64_t next_id_ = 1;
  std::map<uint8_t, std::shared_ptr<StreamConnection>> learners_;
  bool stopped_ = false;
};

}  // namespace zab::runtime
