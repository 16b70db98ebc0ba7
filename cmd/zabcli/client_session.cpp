#include "cmd/zabcli/client_session.h"

#include <fmt/format.h>
#include <poll.h>

#include <asio/write.hpp>

#include "impl/runtime/client_messages.h"
#include "impl/server/client_ops.h"

namespace zab::zabcli {

std::string to_string(const WatchedEvent& event) {
  return fmt::format("WatchedEvent state:{} type:{} path:{}", to_string(event.state),
                     to_string(event.type), event.path.value_or("null"));
}

ClientSession::~ClientSession() {
  std::error_code ignored;
  socket_.close(ignored);
}

// ClientCnxn's readTimeout: a connection that brought nothing for 2/3 of the session timeout is
// taken for lost (the server answers a ping long before that).
ClientSession::Clock::duration ClientSession::read_timeout() const {
  return std::chrono::milliseconds(std::max(timeout_ms_ * 2 / 3, 1000));
}

void ClientSession::send(const server::ClientRequest& request) {
  std::error_code ec;
  asio::write(socket_, asio::buffer(runtime::frame_client_request(request)), ec);
  if (ec) throw ConnectionLost("cannot send to " + server_ + ": " + ec.message());
}

void ClientSession::read_exact(char* data, size_t size, Clock::time_point deadline) {
  size_t done = 0;
  while (done < size) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    pollfd fd{socket_.native_handle(), POLLIN, 0};
    if (left.count() <= 0 || ::poll(&fd, 1, static_cast<int>(left.count())) <= 0)
      throw ConnectionLost(fmt::format("no answer from {} in time", server_));
    std::error_code ec;
    const size_t got = socket_.read_some(asio::buffer(data + done, size - done), ec);
    if (ec == asio::error::eof) throw ConnectionLost(server_ + " closed the connection");
    if (ec) throw ConnectionLost(fmt::format("reading from {}: {}", server_, ec.message()));
    done += got;
  }
}

// One frame's payload: its 4-byte length, then that many bytes, all within `timeout`.
std::string ClientSession::read_frame(Clock::duration timeout) {
  const auto deadline = Clock::now() + timeout;
  unsigned char length_bytes[4];
  read_exact(reinterpret_cast<char*>(length_bytes), 4, deadline);
  const uint32_t length = (uint32_t{length_bytes[0]} << 24) | (uint32_t{length_bytes[1]} << 16) |
                          (uint32_t{length_bytes[2]} << 8) | uint32_t{length_bytes[3]};
  if (length > static_cast<uint32_t>(data::kJuteLengthMax))
    throw ConnectionLost(fmt::format("{} sent a frame of {} bytes", server_, length));
  std::string payload(length, '\0');
  if (length > 0) read_exact(payload.data(), length, deadline);
  return payload;
}

void ClientSession::queue_event(WatchedEvent event) {
  events_.push_back(std::move(event));
  if (listener_) listener_();
}

void ClientSession::on_notification(const wire::WatcherEvent& event) {
  watches_.on_event(event);
  WatchedEvent watched;
  watched.state = keeper_state_from_int(event.state).value_or(KeeperState::kUnknown);
  watched.type = event_type_from_int(event.type).value_or(EventType::kNone);
  watched.path = event.path;
  queue_event(std::move(watched));
}

// One frame read while waiting for the reply to `xid`: a notification is queued, a ping reply
// dropped (nullopt for both); the reply to `xid` is returned; anything else breaks the protocol
// (the connection is then given up).
std::optional<server::ClientReply> ClientSession::take_frame(const std::string& payload,
                                                             int32_t xid, data::OpCode type) {
  auto got_xid = runtime::read_reply_xid(payload);
  if (!got_xid.ok()) throw ConnectionLost("bad reply: " + got_xid.error().message);
  const data::OpCode as = *got_xid == xid ? type : data::OpCode::kPing;
  auto message = runtime::read_server_message(payload, as);
  if (!message.ok()) throw ConnectionLost("bad reply: " + message.error().message);
  if (auto* event = std::get_if<wire::WatcherEvent>(&*message)) {
    on_notification(*event);
    return std::nullopt;
  }
  auto* reply = std::get_if<server::ClientReply>(&*message);
  if (reply == nullptr) throw ConnectionLost("a ConnectResponse in the middle of a session");
  // ClientCnxn.readResponse: the last zxid seen goes with a re-attach, so that no server behind
  // it takes the session.
  if (reply->zxid > last_zxid_seen_ && reply->zxid != server::kNoZxid)
    last_zxid_seen_ = reply->zxid;
  if (*got_xid == xid) return std::move(*reply);
  if (*got_xid != wire::kPingXid)
    throw ConnectionLost(fmt::format("a reply to xid {} while waiting for {}", *got_xid, xid));
  return std::nullopt;
}

server::ClientReply ClientSession::await(int32_t xid, data::OpCode type) {
  while (true) {
    if (auto reply = take_frame(read_frame(read_timeout()), xid, type)) return std::move(*reply);
  }
}

server::ClientReply ClientSession::call(server::ClientOp op) {
  if (!alive_) throw ClientError("the session is closed");
  const data::OpCode type = server::opcode_of(op);
  const int32_t xid = next_xid_++;
  try {
    send({xid, op});
    server::ClientReply reply = await(xid, type);
    watches_.on_reply(op, reply.err);
    return reply;
  } catch (const ConnectionLost& e) {
    fail_over(e.what());
    server::ClientReply lost;
    lost.cxid = xid;
    lost.err = Code::kConnectionLoss;
    return lost;
  }
}

Code ClientSession::add_auth(const std::string& scheme, const std::string& auth) {
  if (!alive_) throw ClientError("the session is closed");
  try {
    send({wire::kAuthXid, server::ops::add_auth(scheme, auth)});
    const server::ClientReply reply = await(wire::kAuthXid, data::OpCode::kAuth);
    if (reply.err == Code::kAuthFailed) {
      // The server closes the connection after refusing; the Java client's state AUTH_FAILED
      // ends the session for the shell.
      queue_event({KeeperState::kAuthFailed, EventType::kNone, std::nullopt});
      alive_ = false;
      std::error_code ignored;
      socket_.close(ignored);
      return reply.err;
    }
    if (reply.err == Code::kOk) auth_.emplace_back(scheme, auth);
    return reply.err;
  } catch (const ConnectionLost& e) {
    fail_over(e.what());
    return Code::kConnectionLoss;
  }
}

void ClientSession::ping() {
  if (!alive_) return;
  try {
    send({wire::kPingXid, server::ops::ping()});
    await(wire::kPingXid, data::OpCode::kPing);
  } catch (const ConnectionLost& e) {
    fail_over(e.what());
  }
}

void ClientSession::read_pending() {
  if (!alive_) return;
  try {
    // Only a notification or a late ping reply can come while nothing is in flight.
    take_frame(read_frame(read_timeout()), wire::kPingXid, data::OpCode::kPing);
  } catch (const ConnectionLost& e) {
    fail_over(e.what());
  }
}

void ClientSession::close() {
  if (!alive_) return;
  try {
    send({next_xid_++, server::ops::close_session()});
    await(next_xid_ - 1, data::OpCode::kCloseSession);
  } catch (const ConnectionLost&) {
    // The server ends the session on its own once the timeout passes.
  }
  alive_ = false;
  std::error_code ignored;
  socket_.close(ignored);
  queue_event({KeeperState::kClosed, EventType::kNone, std::nullopt});
}

}  // namespace zab::zabcli
