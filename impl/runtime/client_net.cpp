#include "impl/runtime/client_net.h"

#include <fmt/format.h>

#include <stdexcept>

#include "impl/core/overloaded.h"
#include "impl/runtime/client_messages.h"
#include "impl/runtime/log.h"

namespace zab::runtime {
namespace {

using asio::ip::tcp;

// A client that stops reading its replies and watch events is cut off once this much waits for it
// (ZooKeeper has no bound and lets the heap fill).
constexpr size_t kClientQueueMaxBytes = size_t{64} << 20;

// NIOServerCnxn.doIO's IOException path: bytes that break the protocol before a request can be
// read (a frame length over jute.maxbuffer or negative, a first frame that is no ConnectRequest)
// close the connection, with a line for the operator; StreamConnection closes on the throw.
[[noreturn]] void refuse(const std::string& remote, const std::string& why) {
  log_warn("closing the connection of client {}: {}", remote, why);
  throw std::runtime_error(why);
}

}  // namespace

ClientNet::ClientNet(asio::io_context& io, ClientPortSettings settings, Submit submit,
                     Answer answer, LastZxid last_zxid, Clock monotonic_ms, Clock wall_ms)
    : settings_(std::move(settings)),
      submit_(std::move(submit)),
      answer_(std::move(answer)),
      last_zxid_(std::move(last_zxid)),
      monotonic_ms_(std::move(monotonic_ms)),
      wall_ms_(std::move(wall_ms)),
      acceptor_(io) {}

void ClientNet::start() {
  const tcp::endpoint endpoint(asio::ip::make_address(settings_.address), settings_.port);
  try {
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(tcp::acceptor::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen();
  } catch (const std::system_error& e) {
    throw std::system_error(e.code(),
                            fmt::format("client port {}:{}", settings_.address, settings_.port));
  }
  accept_next();
}

void ClientNet::stop() {
  stopped_ = true;
  std::error_code ignored;
  acceptor_.close(ignored);
  for (auto& [id, client] : clients_)
    client.conn->close();
  clients_.clear();
  per_address_.clear();
}

uint16_t ClientNet::bound_port() const {
  std::error_code ec;
  return acceptor_.local_endpoint(ec).port();
}

std::map<uint32_t, ConnectionStatus> ClientNet::connections() const {
  std::map<uint32_t, ConnectionStatus> out;
  for (const auto& [id, client] : clients_) {
    ConnectionStatus status = client.status;
    status.outstanding_requests = static_cast<int64_t>(client.arrivals.size());
    out.emplace(id, std::move(status));
  }
  return out;
}

void ClientNet::reset_connection_stats() {
  for (auto& [id, client] : clients_)
    client.status.stats.reset();
}

void ClientNet::accept_next() {
  acceptor_.async_accept([this](const std::error_code& ec, tcp::socket socket) {
    if (stopped_) return;
    if (!ec) on_accepted(std::move(socket));
    accept_next();
  });
}

// NIOServerCnxnFactory.doAccept: a connection over maxClientCnxns from one address is closed at
// once, before a byte is read.
void ClientNet::on_accepted(tcp::socket socket) {
  auto conn = std::make_shared<StreamConnection>(std::move(socket), kClientQueueMaxBytes);
  const std::string address = conn->remote_address();
  int& from_address = per_address_[address];
  if (settings_.max_client_cnxns > 0 && from_address >= settings_.max_client_cnxns) {
    log_warn("Too many connections from {} - max is {}", address, settings_.max_client_cnxns);
    conn->close();
    return;
  }
  from_address += 1;
  const server::ClientId id{next_id_++};
  Client& client = clients_[id.value];
  client.conn = conn;
  client.address = address;
  client.status.remote_address = conn->remote();
  client.status.established_ms = wall_ms_();
  wire::FrameReader::Options options;
  options.max_frame_bytes = settings_.max_buffer;
  auto frames = std::make_shared<wire::FrameReader>(options);
  conn->start(
      [this, id, frames](std::span<const uint8_t> bytes) { return read(id, *frames, bytes); },
      [this, id](const std::string& why) {
        if (clients_.contains(id.value)) {
          forget(id, why);
          submit_(server::ClientGone{id});
        }
      });
}

size_t ClientNet::read(server::ClientId id, wire::FrameReader& frames,
                       std::span<const uint8_t> bytes) {
  frames.feed({reinterpret_cast<const char*>(bytes.data()), bytes.size()});
  while (true) {
    auto it = clients_.find(id.value);
    if (it == clients_.end()) break;  // closed while handling an earlier frame
    auto event = frames.next();
    if (std::holds_alternative<wire::NeedMore>(event)) break;
    if (auto* e = std::get_if<Error>(&event)) refuse(it->second.status.remote_address, e->message);
    if (auto* command = std::get_if<wire::FourLetterCommand>(&event)) {
      on_four_letter_word(id, it->second, *command);
      break;
    }
    on_frame(id, it->second, std::move(std::get<wire::Frame>(event).payload));
  }
  return bytes.size();
}

void ClientNet::on_frame(server::ClientId id, Client& client, std::string payload) {
  client.status.stats.packets_received += 1;
  stats_.packets_received += 1;
  if (!client.connected) {
    auto connect = read_connect_request(payload, client.address, settings_.max_buffer);
    if (!connect.ok())
      refuse(client.status.remote_address, "bad ConnectRequest: " + connect.error().message);
    client.connected = true;
    client.arrivals.push_back(Arrival{0, data::OpCode::kCreateSession, monotonic_ms_()});
    submit_(server::FromClient{id, server::ClientRequest{0, std::move(*connect)}});
    return;
  }
  auto request = read_client_request(payload, settings_.max_buffer);
  std::visit(
      Overloaded{
          [&](server::ClientRequest& r) {
            client.arrivals.push_back(Arrival{r.cxid, server::opcode_of(r.op), monotonic_ms_()});
            submit_(server::FromClient{id, std::move(r)});
          },
          [&](RequestRefused& refused) {
            // ZooKeeper answers an unknown opcode and closes; a record that does not parse
            // closes the connection. Either way the session outlives the connection.
            log_warn("closing the connection of client {} ({}): {}", client.status.remote_address,
                     code_name(refused.err), refused.why);
            if (std::string answer = frame_refusal(refused, last_zxid_()); !answer.empty())
              client.conn->send(std::move(answer));
            client.conn->close_after_flush();
            forget(id, refused.why);
            submit_(server::ClientGone{id});
          },
      },
      request);
}

// NIOServerCnxn.checkFourLetterWord: counted as a packet, answered at once and closed, whatever
// the server's state.
void ClientNet::on_four_letter_word(server::ClientId id, Client& client,
                                    const wire::FourLetterCommand& command) {
  client.status.stats.packets_received += 1;
  stats_.packets_received += 1;
  client.status.interest_ops = 0;
  const std::string answer = answer_(command);
  if (!answer.empty()) {
    client.status.stats.packets_sent += 1;
    stats_.packets_sent += 1;
    client.conn->send(answer);
  }
  client.conn->close_after_flush();
  forget(id, std::string("four-letter word ") + std::string(wire::to_string(command.word)));
}

void ClientNet::send(server::ClientId id, const server::ToClient& msg) {
  auto it = clients_.find(id.value);
  if (it == clients_.end()) return;  // the connection is gone; the layer learns it in order
  Client& client = it->second;
  if (const auto* connected = std::get_if<wire::ConnectResponse>(&msg)) {
    if (connected->session_id != 0)
      client.status.session_id = static_cast<uint64_t>(connected->session_id);
    answered(client, 0, last_zxid_());
  }
  if (const auto* reply = std::get_if<server::ClientReply>(&msg))
    answered(client, reply->cxid, reply->zxid);
  client.status.stats.packets_sent += 1;
  stats_.packets_sent += 1;
  client.conn->send(frame_to_client(msg));
}

// ServerCnxn.updateStatsForResponse and ServerStats.updateLatency for the request this reply
// answers: replies come in request order on a connection (watch events are not replies).
void ClientNet::answered(Client& client, int32_t xid, Zxid zxid) {
  while (!client.arrivals.empty()) {
    const Arrival arrival = client.arrivals.front();
    client.arrivals.pop_front();
    if (arrival.xid != xid) continue;  // answered without a reply of its own
    const int64_t now = monotonic_ms_();
    client.status.stats.update_for_response(xid, static_cast<int64_t>(zxid.value),
                                            last_operation_name(arrival.type), arrival.at_ms, now);
    stats_.request_latency_ms.add(now - arrival.at_ms);
    return;
  }
}

void ClientNet::close(server::ClientId id) {
  auto it = clients_.find(id.value);
  if (it == clients_.end()) return;
  it->second.conn->close_after_flush();
  forget(id, "closed by the server");
}

void ClientNet::forget(server::ClientId id, const std::string& why) {
  auto it = clients_.find(id.value);
  if (it == clients_.end()) return;
  log(LogLevel::kDebug, "client connection {} ended: {}", it->second.status.remote_address, why);
  if (--per_address_[it->second.address] == 0) per_address_.erase(it->second.address);
  clients_.erase(it);
}

}  // namespace zab::runtime
