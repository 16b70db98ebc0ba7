// A ZooKeeper client session for zabcli, over one blocking TCP connection: connect (trying each
// host of a connect string in turn), send a request and wait for its reply, ping when idle. Watch
// notifications that arrive meanwhile are kept for the caller. Works with zabd and Apache
// ZooKeeper alike: the bytes are impl/wire's, through impl/runtime/client_messages.
#pragma once

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <stdexcept>
#include <string>
#include <vector>

#include "impl/server/client_protocol.h"
#include "impl/server/client_responses.h"

namespace zab::zabcli {

// The connection failed or the server broke the protocol; the message says which.
struct ClientError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class ClientSession {
 public:
  // `hosts`: "host:port[,host:port...]". Throws ClientError when no host accepts a session.
  ClientSession(const std::string& hosts, int32_t timeout_ms);
  ~ClientSession();

  // Sends `op` and returns its reply (an error code in reply.err). Throws ClientError if the
  // connection breaks or no reply comes within the session timeout.
  server::ClientReply call(server::ClientOp op);
  // A ping, to keep the session alive while the user is idle.
  void ping();
  // Closes the session (closeSession) and the connection.
  void close();

  uint64_t session_id() const { return session_id_; }
  int32_t negotiated_timeout_ms() const { return timeout_ms_; }
  const std::string& server() const { return server_; }
  // Notifications read so far, oldest first; the caller takes them.
  std::deque<wire::WatcherEvent>& events() { return events_; }

 private:
  bool connect_to(const std::string& host, uint16_t port, int32_t timeout_ms);
  std::string read_frame();
  server::ClientReply await(int32_t xid, data::OpCode type);

  asio::io_context io_;
  asio::ip::tcp::socket socket_;
  std::string server_;
  uint64_t session_id_ = 0;
  int32_t timeout_ms_ = 0;
  int32_t next_xid_ = 1;
  std::deque<wire::WatcherEvent> events_;
  bool open_ = false;
};

}  // namespace zab::zabcli
