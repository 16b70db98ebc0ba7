// The election port, as ZooKeeper's QuorumCnxManager runs it: one connection per pair of
// servers, kept by the side with the higher id. A server that wants to talk to a higher one
// connects, introduces itself (the initial message) and hangs up, and the higher one connects
// back; an incoming connection from a lower id is dropped the same way. While a peer is
// unreachable only the latest notification for it waits (QuorumCnxManager's send queue of
// capacity 1): FastLeaderElection resends on its own timer, so older ones are worthless.
//
// Losing an election connection tells the protocol core nothing (notifications carry no state);
// the next notification for that peer reconnects.
#pragma once

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "impl/quorum/config.h"
#include "impl/quorum/messages.h"
#include "impl/runtime/stream_connection.h"
#include "impl/wire/framing.h"

namespace zab::runtime {

class ElectionNet {
 public:
  using Deliver = std::function<void(NodeId from, const Notification& n)>;

  ElectionNet(asio::io_context& io, const QuorumConfig& cfg, NodeId self, Deliver deliver);

  // Binds the election port (throws std::system_error naming it if it cannot).
  void start();
  void stop();
  void send(NodeId to, const Notification& n);

  // For the four-letter words and tests.
  bool connected(NodeId peer) const;

 private:
  struct Link {
    std::shared_ptr<StreamConnection> conn;  // the one kept connection, when up
    std::optional<std::string> pending;      // the latest framed notification not yet sent
    bool connecting = false;
  };

  void accept_next();
  void on_accepted(asio::ip::tcp::socket socket);
  void connect(NodeId peer);
  void on_connected(NodeId peer, asio::ip::tcp::socket socket);
  void adopt(NodeId peer, const std::shared_ptr<StreamConnection>& conn);
  void forget(NodeId peer, const std::shared_ptr<StreamConnection>& conn, const std::string& why);
  size_t read_frames(NodeId peer, wire::FrameReader& frames, std::string_view bytes);
  void flush(NodeId peer);

  asio::io_context& io_;
  const QuorumConfig& cfg_;
  NodeId self_;
  Deliver deliver_;
  std::string config_text_;
  std::string initial_message_;
  asio::ip::tcp::acceptor acceptor_;
  std::map<uint8_t, Link> links_;
  bool stopped_ = false;
};

}  // namespace zab::runtime
