// The protocol core's peers over TCP: notifications on the election port (ElectionNet),
// everything else on the quorum port (QuorumNet). What arrives becomes the server loop's inputs,
// posted in the order it was read.
#pragma once

#include <asio/io_context.hpp>
#include <functional>

#include "impl/runtime/election_net.h"
#include "impl/runtime/quorum_net.h"
#include "impl/runtime/server_loop.h"

namespace zab::runtime {

class PeerNet final : public PeerNetwork {
 public:
  using Submit = std::function<void(server::ServerInput)>;

  PeerNet(asio::io_context& io, const QuorumConfig& cfg, NodeId self, Submit submit);

  // Binds both ports (throws std::system_error naming the port that cannot be bound).
  void start();
  void stop();

  void send(NodeId to, const Message& msg) override;
  void close(NodeId peer) override;

  const ElectionNet& election() const { return election_; }
  const QuorumNet& quorum() const { return quorum_; }

 private:
  Submit submit_;
  ElectionNet election_;
  QuorumNet quorum_;
};

}  // namespace zab::runtime
