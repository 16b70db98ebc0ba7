#include "impl/runtime/election_net.h"

#include <asio/connect.hpp>

#include "impl/runtime/log.h"
#include "impl/runtime/peer_messages.h"
#include "impl/wire/election.h"

namespace zab::runtime {
namespace {

using asio::ip::tcp;

// Election messages are small; a peer that lets this much pile up is not reading.
constexpr size_t kElectionQueueMaxBytes = 4u << 20;

tcp::endpoint resolve(asio::io_context& io, const std::string& host, uint16_t port) {
  tcp::resolver resolver(io);
  return *resolver.resolve(host, std::to_string(port)).begin();
}

}  // namespace

ElectionNet::ElectionNet(asio::io_context& io, const QuorumConfig& cfg, NodeId self,
                         Deliver deliver)
    : io_(io),
      cfg_(cfg),
      self_(self),
      deliver_(std::move(deliver)),
      config_text_(quorum_verifier_text(cfg)),
      acceptor_(io) {
  const ServerSpec* me = cfg_.find(self_);
  wire::InitialMessage hello;
  hello.sid = self_.value;
  hello.addresses.push_back(wire::ElectionAddress{me->host, me->election_port});
  initial_message_ = wire::encode_initial_message(hello);
}

void ElectionNet::start() {
  const ServerSpec* me = cfg_.find(self_);
  const tcp::endpoint endpoint = resolve(io_, me->host, me->election_port);
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(tcp::acceptor::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen();
  accept_next();
}

void ElectionNet::stop() {
  stopped_ = true;
  std::error_code ignored;
  acceptor_.close(ignored);
  for (auto& [sid, link] : links_)
    if (link.conn) link.conn->close();
}

bool ElectionNet::connected(NodeId peer) const {
  const auto it = links_.find(peer.value);
  return it != links_.end() && it->second.conn && it->second.conn->open();
}

void ElectionNet::send(NodeId to, const Notification& n) {
  if (stopped_) return;
  Link& link = links_[to.value];
  link.pending = encode_election_message(n, config_text_);  // only the latest waits
  if (link.conn && link.conn->open()) {
    flush(to);
    return;
  }
  connect(to);
}

void ElectionNet::flush(NodeId peer) {
  Link& link = links_[peer.value];
  if (!link.pending || !link.conn || !link.conn->open()) return;
  link.conn->send(std::move(*link.pending));
  link.pending.reset();
}

void ElectionNet::accept_next() {
  acceptor_.async_accept([this](const std::error_code& ec, tcp::socket socket) {
    if (stopped_) return;
    if (!ec) on_accepted(std::move(socket));
    accept_next();
  });
}

// QuorumCnxManager.handleConnection: read the initial message, keep the connection only if the
// other side has the higher id; otherwise hang up and connect back.
void ElectionNet::on_accepted(tcp::socket socket) {
  auto conn = std::make_shared<StreamConnection>(std::move(socket), kElectionQueueMaxBytes);
  std::weak_ptr<StreamConnection> weak = conn;
  const std::string remote = conn->remote();
  auto peer = std::make_shared<std::optional<NodeId>>();  // known once introduced
  auto frames = std::make_shared<wire::FrameReader>(wire::election_frame_reader());
  auto reader = [this, weak, peer, frames](std::span<const uint8_t> bytes) -> size_t {
    const std::string_view stream(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    if (*peer) return read_frames(**peer, *frames, stream);
    auto hello = wire::decode_initial_message(stream);
    if (hello.need_more()) return 0;
    if (!hello.ok()) throw std::runtime_error("bad initial message: " + hello.error->message);
    const int64_t sid = hello.value->sid;
    auto conn = weak.lock();
    if (sid < 1 || sid > kMaxServers || sid == self_.value ||
        !cfg_.is_member(NodeId{static_cast<uint8_t>(sid)}))
      throw std::runtime_error(fmt::format(
          "it introduced itself as server {}, not another member of the ensemble", sid));
    const NodeId from{static_cast<uint8_t>(sid)};
    if (from < self_) {
      // The lower id hangs up; we connect back (and keep that one).
      if (conn) conn->close();
      connect(from);
      return bytes.size();
    }
    *peer = from;
    if (conn) adopt(from, conn);
    return hello.consumed + read_frames(from, *frames, stream.substr(hello.consumed));
  };
  auto closed = [this, weak, peer, remote](const std::string& why) {
    if (*peer)
      forget(**peer, weak.lock(), why);
    else
      log_warn("election: refused a connection from {}: {}", remote, why);
  };
  conn->start(reader, closed);
}

void ElectionNet::connect(NodeId peer) {
  Link& link = links_[peer.value];
  if (link.connecting || (link.conn && link.conn->open()) || stopped_) return;
  const ServerSpec* spec = cfg_.find(peer);
  if (!spec) return;
  link.connecting = true;
  tcp::endpoint endpoint;
  try {
    endpoint = resolve(io_, spec->host, spec->election_port);
  } catch (const std::exception& e) {
    link.connecting = false;
    log_warn("election: cannot resolve {} for server {}: {}", spec->host, peer.value, e.what());
    return;
  }
  auto socket = std::make_shared<tcp::socket>(io_);
  socket->async_connect(endpoint, [this, peer, socket](const std::error_code& ec) {
    links_[peer.value].connecting = false;
    if (stopped_) return;
    if (ec) return;  // unreachable for now: FastLeaderElection's resend reconnects
    on_connected(peer, std::move(*socket));
  });
}

// QuorumCnxManager.initiateConnection: introduce ourselves; a lower id then hangs up and waits
// for the higher one to connect back.
void ElectionNet::on_connected(NodeId peer, tcp::socket socket) {
  auto conn = std::make_shared<StreamConnection>(std::move(socket), kElectionQueueMaxBytes);
  conn->send(initial_message_);
  if (self_ < peer) {
    conn->start([](std::span<const uint8_t> b) { return b.size(); }, [](const std::string&) {});
    conn->close_after_flush();
    return;
  }
  auto frames = std::make_shared<wire::FrameReader>(wire::election_frame_reader());
  std::weak_ptr<StreamConnection> weak = conn;
  conn->start(
      [this, peer, frames](std::span<const uint8_t> bytes) {
        return read_frames(
            peer, *frames,
            std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
      },
      [this, peer, weak](const std::string& why) { forget(peer, weak.lock(), why); });
  adopt(peer, conn);
}

void ElectionNet::adopt(NodeId peer, const std::shared_ptr<StreamConnection>& conn) {
  Link& link = links_[peer.value];
  if (link.conn && link.conn != conn) link.conn->close();  // the newer connection wins
  link.conn = conn;
  flush(peer);
}

void ElectionNet::forget(NodeId peer, const std::shared_ptr<StreamConnection>& conn,
                         const std::string& why) {
  Link& link = links_[peer.value];
  if (link.conn == conn) link.conn.reset();
  log(LogLevel::kDebug, "election: connection with server {} lost: {}", peer.value, why);
}

size_t ElectionNet::read_frames(NodeId peer, wire::FrameReader& frames, std::string_view bytes) {
  frames.feed(bytes);
  while (true) {
    auto event = frames.next();
    if (std::holds_alternative<wire::NeedMore>(event)) break;
    if (auto* e = std::get_if<Error>(&event)) throw std::runtime_error(e->message);
    if (auto* f = std::get_if<wire::Frame>(&event)) {
      auto n = decode_election_payload(f->payload);
      if (!n.ok()) throw std::runtime_error("bad notification: " + n.error().message);
      deliver_(peer, *n);
    }
  }
  return bytes.size();
}

}  // namespace zab::runtime
