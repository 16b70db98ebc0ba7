#include "impl/runtime/quorum_net.h"

#include <chrono>

#include "impl/core/check.h"
#include "impl/runtime/log.h"
#include "impl/runtime/peer_messages.h"

namespace zab::runtime {
namespace {

using asio::ip::tcp;

// A SNAP carries the whole database; a learner that lets more than this pile up is not reading.
constexpr size_t kQuorumQueueMaxBytes = size_t{1} << 30;
// Learner.connectToLeader retries every leaderConnectDelayDuringRetryMs (100 ms by default)
// until initLimit * tickTime has passed.
constexpr auto kConnectRetryDelay = std::chrono::milliseconds(100);

tcp::endpoint resolve(asio::io_context& io, const std::string& host, uint16_t port) {
  tcp::resolver resolver(io);
  return *resolver.resolve(host, std::to_string(port)).begin();
}

std::string_view view(std::span<const uint8_t> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

}  // namespace

QuorumNet::QuorumNet(asio::io_context& io, const QuorumConfig& cfg, NodeId self,
                     Callbacks callbacks)
    : io_(io),
      cfg_(cfg),
      self_(self),
      callbacks_(std::move(callbacks)),
      config_text_(quorum_verifier_text(cfg)),
      acceptor_(io) {}

void QuorumNet::start() {
  const ServerSpec* me = cfg_.find(self_);
  const tcp::endpoint endpoint = resolve(io_, me->host, me->quorum_port);
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(tcp::acceptor::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen();
  accept_next();
}

void QuorumNet::stop() {
  stopped_ = true;
  std::error_code ignored;
  acceptor_.close(ignored);
  if (to_leader_) {
    if (to_leader_->conn) to_leader_->conn->close();
    if (to_leader_->retry) to_leader_->retry->cancel();
  }
  for (auto& [sid, conn] : learners_)
    conn->close();
}

std::vector<NodeId> QuorumNet::learners() const {
  std::vector<NodeId> out;
  for (const auto& [sid, conn] : learners_)
    out.push_back(NodeId{sid});
  return out;
}

std::optional<NodeId> QuorumNet::leader() const {
  if (to_leader_ && to_leader_->conn && to_leader_->conn->open()) return to_leader_->leader;
  return std::nullopt;
}

std::string QuorumNet::encode(const Message& m, bool as_leader) const {
  return encode_quorum_message(m, QuorumWriter{self_, as_leader, config_text_});
}

void QuorumNet::send(NodeId to, const Message& m) {
  if (stopped_) return;
  if (opens_connection(m)) {
    open_to_leader(to, encode(m, false));
    return;
  }
  if (to_leader_ && to_leader_->leader == to) {
    std::string bytes = encode(m, false);
    if (to_leader_->conn) {
      if (!to_leader_->answered) to_leader_->unanswered.push_back(bytes);
      to_leader_->conn->send(std::move(bytes));
    } else {
      to_leader_->queued.push_back(std::move(bytes));
    }
    return;
  }
  if (auto it = learners_.find(to.value); it != learners_.end()) {
    it->second->send(encode(m, true));
    return;
  }
  // No connection: it broke, and the core has been or will be told (ConnectionLost).
}

void QuorumNet::close(NodeId peer) {
  if (to_leader_ && to_leader_->leader == peer) {
    if (to_leader_->conn) to_leader_->conn->close();
    if (to_leader_->retry) to_leader_->retry->cancel();
    to_leader_.reset();
  }
  if (auto it = learners_.find(peer.value); it != learners_.end()) {
    it->second->close();
    learners_.erase(it);
  }
}

// ---- Learner side ----------------------------------------------------------------------------

void QuorumNet::open_to_leader(NodeId leader, std::string first) {
  if (to_leader_) close(to_leader_->leader);  // a new FOLLOWERINFO: the old socket is done
  to_leader_ = ToLeader{};
  to_leader_->leader = leader;
  to_leader_->id = next_id_++;
  to_leader_->queued.push_back(std::move(first));
  to_leader_->retry = std::make_shared<asio::steady_timer>(io_);
  try_connect(to_leader_->id);
}

void QuorumNet::try_connect(uint64_t id) {
  if (!to_leader_ || to_leader_->id != id || stopped_) return;
  const ServerSpec* spec = cfg_.find(to_leader_->leader);
  ZK_ASSERT(spec != nullptr);
  auto socket = std::make_shared<tcp::socket>(io_);
  tcp::endpoint endpoint;
  try {
    endpoint = resolve(io_, spec->host, spec->quorum_port);
  } catch (const std::exception& e) {
    leader_lost(id, std::string("cannot resolve the leader's address: ") + e.what());
    return;
  }
  to_leader_->attempts += 1;
  socket->async_connect(endpoint, [this, id, socket](const std::error_code& ec) {
    if (!to_leader_ || to_leader_->id != id || stopped_) return;
    if (!ec) {
      on_leader_connected(id, std::move(*socket));
      return;
    }
    retry_or_give_up(id, ec.message());
  });
}

// Another try after kConnectRetryDelay, unless the tries so far used up initLimit * tickTime.
void QuorumNet::retry_or_give_up(uint64_t id, const std::string& why) {
  const auto limit = std::chrono::milliseconds(uint64_t{cfg_.init_limit_ticks} * cfg_.tick_time_ms);
  if (kConnectRetryDelay * to_leader_->attempts >= limit) {
    leader_lost(
        id, fmt::format("connectToLeader gave up after {} tries: {}", to_leader_->attempts, why));
    return;
  }
  to_leader_->retry->expires_after(kConnectRetryDelay);
  to_leader_->retry->async_wait([this, id](const std::error_code& wait) {
    if (!wait) try_connect(id);
  });
}

void QuorumNet::on_leader_connected(uint64_t id, tcp::socket socket) {
  auto conn = std::make_shared<StreamConnection>(std::move(socket), kQuorumQueueMaxBytes);
  const NodeId leader = to_leader_->leader;
  auto reader = std::make_shared<QuorumMessageReader>(/*from_leader=*/true);
  std::weak_ptr<StreamConnection> weak = conn;
  conn->start(
      [this, id, leader, reader, weak](std::span<const uint8_t> bytes) {
        const auto self = weak.lock();
        reader->feed(view(bytes), self && self->more_available());
        while (true) {
          auto next = reader->next();
          if (std::holds_alternative<QuorumMessageReader::NeedMore>(next)) break;
          if (auto* e = std::get_if<Error>(&next)) throw std::runtime_error(e->message);
          if (to_leader_ && to_leader_->id == id && !to_leader_->answered) {
            to_leader_->answered = true;
            to_leader_->unanswered.clear();
          }
          callbacks_.deliver(leader, std::get<Message>(next));
        }
        return bytes.size();
      },
      [this, id](const std::string& why) { leader_closed(id, why); });
  to_leader_->conn = conn;
  to_leader_->answered = false;
  to_leader_->unanswered = to_leader_->queued;
  for (auto& bytes : to_leader_->queued)
    conn->send(std::move(bytes));
  to_leader_->queued.clear();
}

// The connection to the leader ended. Before the leader answered anything, it is the refusal of a
// server that does not lead yet (see quorum_net.h): the same bytes go again on a new connection.
void QuorumNet::leader_closed(uint64_t id, const std::string& why) {
  if (!to_leader_ || to_leader_->id != id) return;
  if (to_leader_->answered) {
    leader_lost(id, why);
    return;
  }
  log(LogLevel::kDebug, "quorum: server {} closed the connection unanswered ({}); trying again",
      to_leader_->leader.value, why);
  to_leader_->conn.reset();
  to_leader_->queued = std::move(to_leader_->unanswered);
  to_leader_->unanswered.clear();
  retry_or_give_up(id, "closed by the server before it answered: " + why);
}

void QuorumNet::leader_lost(uint64_t id, const std::string& why) {
  if (!to_leader_ || to_leader_->id != id) return;
  const NodeId leader = to_leader_->leader;
  log_info("quorum: connection to leader {} lost: {}", leader.value, why);
  if (to_leader_->conn) to_leader_->conn->close();
  to_leader_.reset();
  callbacks_.lost(leader);
}

// ---- Leader side -----------------------------------------------------------------------------

void QuorumNet::accept_next() {
  acceptor_.async_accept([this](const std::error_code& ec, tcp::socket socket) {
    if (stopped_) return;
    if (!ec) on_accepted(std::move(socket));
    accept_next();
  });
}

// LearnerHandler.run: the first packet must be FOLLOWERINFO or OBSERVERINFO; its LearnerInfo
// names the learner.
void QuorumNet::on_accepted(tcp::socket socket) {
  auto conn = std::make_shared<StreamConnection>(std::move(socket), kQuorumQueueMaxBytes);
  std::weak_ptr<StreamConnection> weak = conn;
  auto reader = std::make_shared<QuorumMessageReader>(/*from_leader=*/false);
  auto sid = std::make_shared<std::optional<NodeId>>();
  const std::string remote = conn->remote();
  conn->start(
      [this, reader, sid, weak](std::span<const uint8_t> bytes) {
        const auto self = weak.lock();
        reader->feed(view(bytes), self && self->more_available());
        while (true) {
          auto next = reader->next();
          if (std::holds_alternative<QuorumMessageReader::NeedMore>(next)) break;
          if (auto* e = std::get_if<Error>(&next)) throw std::runtime_error(e->message);
          const Message& m = std::get<Message>(next);
          if (!*sid) {
            if (!opens_connection(m))
              throw std::runtime_error("the first packet was not FOLLOWERINFO or OBSERVERINFO");
            const int64_t id = reader->learner_sid().value_or(0);
            if (id < 1 || id > kMaxServers || id == self_.value ||
                !cfg_.is_member(NodeId{static_cast<uint8_t>(id)}))
              throw std::runtime_error(
                  fmt::format("a learner introduced itself as server {}, not a member", id));
            *sid = NodeId{static_cast<uint8_t>(id)};
            if (auto conn = weak.lock()) learner_connected(**sid, conn);
          }
          callbacks_.deliver(**sid, m);
        }
        return bytes.size();
      },
      [this, sid, weak, remote](const std::string& why) {
        if (!*sid) {
          log_warn("quorum: refused a connection from {}: {}", remote, why);
          return;
        }
        auto it = learners_.find((*sid)->value);
        if (it == learners_.end() || it->second != weak.lock()) return;  // replaced already
        learners_.erase(it);
        log_info("quorum: connection with learner {} lost: {}", (*sid)->value, why);
        callbacks_.lost(**sid);
      });
}

void QuorumNet::learner_connected(NodeId sid, const std::shared_ptr<StreamConnection>& conn) {
  auto it = learners_.find(sid.value);
  if (it != learners_.end() && it->second != conn) it->second->close();  // its older socket
  learners_[sid.value] = conn;
}

}  // namespace zab::runtime
