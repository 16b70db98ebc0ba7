#include "impl/runtime/peer_net.h"

#include <system_error>

#include "impl/core/check.h"

namespace zab::runtime {

PeerNet::PeerNet(asio::io_context& io, const QuorumConfig& cfg, NodeId self, Submit submit)
    : submit_(std::move(submit)),
      election_(io, cfg, self,
                [this](NodeId from, const Notification& n) {
                  submit_(Input{Receive{from, Message{n}}});
                }),
      quorum_(io, cfg, self,
              QuorumNet::Callbacks{
                  [this](NodeId from, const Message& m) {
                    submit_(Input{Receive{from, m}});
                  },
                  [this](NodeId peer) { submit_(Input{ConnectionLost{peer}}); },
              }) {}

void PeerNet::start() {
  election_.start();
  quorum_.start();
}

void PeerNet::stop() {
  election_.stop();
  quorum_.stop();
}

void PeerNet::send(NodeId to, const Message& msg) {
  switch (channel_of(msg)) {
    case Channel::kElection:
      election_.send(to, std::get<Notification>(msg));
      return;
    case Channel::kQuorum:
      quorum_.send(to, msg);
      return;
  }
  ZK_UNREACHABLE("a message on no channel");
}

void PeerNet::close(NodeId peer) {
  quorum_.close(peer);
}

}  // namespace zab::runtime
