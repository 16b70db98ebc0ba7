// Opening a session and moving it between servers, as ClientCnxn.SendThread does: the
// ConnectRequest (new, or re-attaching with the session's id and password), then
// primeConnection's SetWatches and auth packets.
#include <fmt/format.h>
#include <poll.h>
#include <sys/socket.h>

#include <thread>

#include "cmd/zabcli/client_session.h"
#include "impl/runtime/client_messages.h"
#include "impl/server/client_ops.h"

namespace zab::zabcli {

std::vector<std::pair<std::string, uint16_t>> parse_connect_string(const std::string& hosts) {
  std::vector<std::pair<std::string, uint16_t>> parsed;
  size_t start = 0;
  while (start <= hosts.size()) {
    const size_t comma = hosts.find(',', start);
    const std::string host =
        hosts.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    start = comma == std::string::npos ? hosts.size() + 1 : comma + 1;
    if (host.empty()) continue;
    const auto colon = host.rfind(':');
    if (colon == std::string::npos) {
      parsed.emplace_back(host, 2181);
      continue;
    }
    unsigned long port = 0;
    try {
      size_t used = 0;
      port = std::stoul(host.substr(colon + 1), &used);
      if (used != host.size() - colon - 1) port = 0;
    } catch (const std::exception&) {
    }
    if (port == 0 || port > 65535)
      throw ClientError(fmt::format("'{}': the port is not a number from 1 to 65535", host));
    parsed.emplace_back(host.substr(0, colon), static_cast<uint16_t>(port));
  }
  if (parsed.empty()) throw ClientError("no server in the connect string '" + hosts + "'");
  return parsed;
}

ClientSession::ClientSession(const std::string& hosts, int32_t timeout_ms)
    : socket_(io_), requested_timeout_ms_(timeout_ms), timeout_ms_(timeout_ms) {
  for (auto& [name, port] : parse_connect_string(hosts))
    hosts_.push_back(Host{name, port});
  // ClientCnxn's connectTimeout: the session timeout shared among the servers.
  const auto connect_timeout =
      std::chrono::milliseconds(std::max<int32_t>(timeout_ms / hosts_.size(), 1000));
  std::string errors;
  for (size_t i = 0; i < hosts_.size(); ++i) {
    const std::string text = fmt::format("{}:{}", hosts_[i].name, hosts_[i].port);
    try {
      if (open_on(i, false, connect_timeout)) return;
      errors += fmt::format("\n  {}: the session was refused", text);
    } catch (const ConnectionLost& e) {
      errors += fmt::format("\n  {}: {}", text, e.what());
    }
  }
  throw ClientError("could not open a session with any of " + hosts + ":" + errors);
}

// A TCP connection within `timeout` (a blocking connect to an unreachable host could take
// minutes).
void ClientSession::connect_socket(const Host& host, Clock::duration timeout) {
  std::error_code ec;
  socket_.close(ec);
  asio::ip::tcp::resolver resolver(io_);
  const auto endpoints = resolver.resolve(host.name, std::to_string(host.port), ec);
  if (ec) throw ConnectionLost(fmt::format("cannot resolve {}: {}", host.name, ec.message()));
  std::string why = "no address";
  for (const auto& entry : endpoints) {
    socket_.close(ec);
    socket_.open(entry.endpoint().protocol(), ec);
    if (ec) throw ConnectionLost("cannot open a socket: " + ec.message());
    socket_.non_blocking(true);
    socket_.connect(entry.endpoint(), ec);
    if (ec == asio::error::in_progress || ec == asio::error::would_block) {
      const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(timeout).count();
      pollfd fd{socket_.native_handle(), POLLOUT, 0};
      int error = 0;
      socklen_t size = sizeof(error);
      if (::poll(&fd, 1, static_cast<int>(ms)) <= 0) {
        ec = asio::error::timed_out;
      } else if (::getsockopt(socket_.native_handle(), SOL_SOCKET, SO_ERROR, &error, &size) != 0 ||
                 error != 0) {
        ec = std::error_code(error, std::system_category());
      } else {
        ec.clear();
      }
    }
    if (!ec) {
      socket_.non_blocking(false);
      socket_.set_option(asio::ip::tcp::no_delay(true), ec);
      return;
    }
    why = ec.message();
  }
  throw ConnectionLost("cannot connect: " + why);
}

// Connects to hosts_[index] and opens (or re-attaches) the session there. False when the server
// answered that the session is expired or unknown (timeOut 0); throws ConnectionLost when the
// server could not be reached or hung up (a server without a quorum closes new connections).
bool ClientSession::open_on(size_t index, bool reattach, Clock::duration connect_timeout) {
  const Host& host = hosts_[index];
  server_ = fmt::format("{}:{}", host.name, host.port);
  connect_socket(host, connect_timeout);
  send({0, reattach
               ? server::ops::reattach(session_id_, passwd_, requested_timeout_ms_, last_zxid_seen_)
               : server::ops::connect(requested_timeout_ms_)});
  auto response = runtime::read_connect_response(read_frame(connect_timeout));
  if (!response.ok()) throw ConnectionLost("bad ConnectResponse: " + response.error().message);
  if (response->time_out <= 0) return false;
  current_ = index;
  session_id_ = static_cast<uint64_t>(response->session_id);
  passwd_ = response->passwd;
  timeout_ms_ = response->time_out;
  alive_ = true;
  prime();
  queue_event({KeeperState::kSyncConnected, EventType::kNone, std::nullopt});
  return true;
}

// ClientCnxn.primeConnection, after the ConnectResponse: the watches the session holds, relative
// to the last zxid seen (the server fires those whose node changed since), then the auth the
// session added, each answered before the next request.
void ClientSession::prime() {
  if (auto set_watches = watches_.set_watches(last_zxid_seen_)) {
    send({wire::kSetWatchesXid, std::move(*set_watches)});
    await(wire::kSetWatchesXid, data::OpCode::kSetWatches);
  }
  for (const auto& [scheme, auth] : auth_) {
    send({wire::kAuthXid, server::ops::add_auth(scheme, auth)});
    const auto reply = await(wire::kAuthXid, data::OpCode::kAuth);
    if (reply.err != Code::kOk)
      throw ConnectionLost(fmt::format("{} refused the auth '{}'", server_, scheme));
  }
}

// The connection in use broke: the Disconnected event, then the other servers in turn, starting
// after the one that failed, until one takes the session back or the session timeout has passed
// (the ensemble has expired the session by then). Throws ClientError when the session is over.
void ClientSession::fail_over(const std::string& why) {
  std::error_code ignored;
  socket_.close(ignored);
  queue_event({KeeperState::kDisconnected, EventType::kNone, std::nullopt});
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms_);
  const auto connect_timeout =
      std::chrono::milliseconds(std::max<int32_t>(timeout_ms_ / hosts_.size(), 1000));
  const size_t failed = current_;
  std::string last_error = why;
  while (Clock::now() < deadline) {
    for (size_t step = 1; step <= hosts_.size() && Clock::now() < deadline; ++step) {
      const size_t index = (failed + step) % hosts_.size();
      try {
        if (open_on(index, true, connect_timeout)) return;
        alive_ = false;
        socket_.close(ignored);
        queue_event({KeeperState::kExpired, EventType::kNone, std::nullopt});
        throw ClientError(fmt::format("session 0x{:x} expired (said {})", session_id_, server_));
      } catch (const ConnectionLost& e) {
        last_error = fmt::format("{}: {}", server_, e.what());
        socket_.close(ignored);
      }
    }
    // A round without success (a new leader may still be in election): wait a little.
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  alive_ = false;
  throw ClientError(fmt::format(
      "connection lost ({}); no server took session 0x{:x} back within {} ms (last: {})", why,
      session_id_, timeout_ms_, last_error));
}

}  // namespace zab::zabcli
