#include "cmd/zabcli/client_session.h"

#include <fmt/format.h>
#include <poll.h>

#include <asio/connect.hpp>
#include <asio/read.hpp>
#include <asio/write.hpp>

#include "impl/core/overloaded.h"
#include "impl/runtime/client_messages.h"
#include "impl/server/client_ops.h"

namespace zab::zabcli {
namespace {

using asio::ip::tcp;

std::pair<std::string, uint16_t> split_host(const std::string& host_port) {
  const auto colon = host_port.rfind(':');
  if (colon == std::string::npos) return {host_port, 2181};
  const std::string port = host_port.substr(colon + 1);
  unsigned long value = 0;
  try {
    value = std::stoul(port);
  } catch (const std::exception&) {
    throw ClientError(fmt::format("'{}': the port is not a number", host_port));
  }
  if (value == 0 || value > 65535) throw ClientError(fmt::format("'{}': no such port", host_port));
  return {host_port.substr(0, colon), static_cast<uint16_t>(value)};
}

}  // namespace

ClientSession::ClientSession(const std::string& hosts, int32_t timeout_ms) : socket_(io_) {
  std::string errors;
  size_t start = 0;
  while (start <= hosts.size()) {
    const size_t comma = hosts.find(',', start);
    const std::string host =
        hosts.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    start = comma == std::string::npos ? hosts.size() + 1 : comma + 1;
    if (host.empty()) continue;
    const auto [name, port] = split_host(host);
    try {
      if (connect_to(name, port, timeout_ms)) return;
      errors += fmt::format("\n  {}: the session was refused (expired or unknown)", host);
    } catch (const std::exception& e) {
      errors += fmt::format("\n  {}: {}", host, e.what());
    }
    std::error_code ignored;
    socket_.close(ignored);
  }
  throw ClientError("could not open a session with any of " + hosts + ":" + errors);
}

ClientSession::~ClientSession() {
  std::error_code ignored;
  socket_.close(ignored);
}

bool ClientSession::connect_to(const std::string& host, uint16_t port, int32_t timeout_ms) {
  tcp::resolver resolver(io_);
  asio::connect(socket_, resolver.resolve(host, std::to_string(port)));
  asio::write(socket_,
              asio::buffer(runtime::frame_client_request({0, server::ops::connect(timeout_ms)})));
  timeout_ms_ = timeout_ms;  // bounds the wait for the answer
  auto response = runtime::read_connect_response(read_frame());
  if (!response.ok()) throw ClientError("bad ConnectResponse: " + response.error().message);
  if (response->time_out <= 0) return false;
  session_id_ = static_cast<uint64_t>(response->session_id);
  timeout_ms_ = response->time_out;
  server_ = fmt::format("{}:{}", host, port);
  open_ = true;
  return true;
}

// One frame's payload, waiting at most the session timeout for it.
std::string ClientSession::read_frame() {
  auto wait_readable = [&] {
    pollfd fd{socket_.native_handle(), POLLIN, 0};
    const int ready = ::poll(&fd, 1, std::max(timeout_ms_, 1000));
    if (ready <= 0) throw ClientError("no answer from the server within the session timeout");
  };
  uint8_t length_bytes[4];
  wait_readable();
  asio::read(socket_, asio::buffer(length_bytes));
  const uint32_t length = (uint32_t{length_bytes[0]} << 24) | (uint32_t{length_bytes[1]} << 16) |
                          (uint32_t{length_bytes[2]} << 8) | uint32_t{length_bytes[3]};
  if (length > static_cast<uint32_t>(data::kJuteLengthMax))
    throw ClientError(fmt::format("the server sent a frame of {} bytes", length));
  std::string payload(length, '\0');
  if (length > 0) {
    wait_readable();
    asio::read(socket_, asio::buffer(payload));
  }
  return payload;
}

server::ClientReply ClientSession::await(int32_t xid, data::OpCode type) {
  while (true) {
    const std::string payload = read_frame();
    auto got_xid = runtime::read_reply_xid(payload);
    if (!got_xid.ok()) throw ClientError("bad reply: " + got_xid.error().message);
    const data::OpCode as = *got_xid == xid ? type : data::OpCode::kPing;
    auto message = runtime::read_server_message(payload, as);
    if (!message.ok()) throw ClientError("bad reply: " + message.error().message);
    if (auto* event = std::get_if<wire::WatcherEvent>(&*message)) {
      events_.push_back(*event);
      continue;
    }
    if (*got_xid == xid) return std::get<server::ClientReply>(*message);
    if (*got_xid != wire::kPingXid)
      throw ClientError(fmt::format("a reply to xid {} while waiting for {}", *got_xid, xid));
  }
}

server::ClientReply ClientSession::call(server::ClientOp op) {
  if (!open_) throw ClientError("the session is closed");
  const data::OpCode type = server::opcode_of(op);
  const int32_t xid = next_xid_++;
  try {
    asio::write(socket_, asio::buffer(runtime::frame_client_request({xid, std::move(op)})));
    return await(xid, type);
  } catch (const std::system_error& e) {
    open_ = false;
    throw ClientError(std::string("connection lost: ") + e.what());
  }
}

void ClientSession::ping() {
  if (!open_) return;
  try {
    asio::write(socket_,
                asio::buffer(runtime::frame_client_request({wire::kPingXid, server::ops::ping()})));
    await(wire::kPingXid, data::OpCode::kPing);
  } catch (const std::system_error& e) {
    open_ = false;
    throw ClientError(std::string("connection lost: ") + e.what());
  }
}

void ClientSession::close() {
  if (!open_) return;
  try {
    call(server::ops::close_session());
  } catch (const ClientError&) {
  }
  open_ = false;
  std::error_code ignored;
  socket_.close(ignored);
}

}  // namespace zab::zabcli
