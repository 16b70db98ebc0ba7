// A ZooKeeper client session for zabcli, over one blocking TCP connection at a time, with the
// Java client's (ClientCnxn's) behaviour where a shell can see it:
//  - a connect string of several servers: the session opens on the first that takes it, in
//    order (the Java client shuffles; a fixed order keeps runs reproducible);
//  - on connection loss (a broken socket, a server silent for 2/3 of the session timeout, a
//    malformed frame) the session fails over to the next server, re-attaching with its id,
//    password and last zxid seen, sets its watches again (SetWatches) and re-sends its auth
//    (primeConnection); the request in flight is answered CONNECTIONLOSS, as in Java, and is not
//    retried;
//  - watch notifications and session state changes (Disconnected, SyncConnected, Expired,
//    AuthFailed, Closed) are queued as the Java client's WatchedEvents for the shell to print.
// Works with zabd and Apache ZooKeeper alike: the bytes are impl/wire's, through
// impl/runtime/client_messages.
#pragma once

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "cmd/zabcli/watch_registry.h"
#include "impl/core/watch_event.h"
#include "impl/server/client_protocol.h"
#include "impl/server/client_responses.h"

namespace zab::zabcli {

// No server took the session, or the session ended (expired, refused its auth, no server took
// it back after a connection loss); the message says which.
struct ClientError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Inside the session: the connection in use broke (the cause in what()); the session fails over.
struct ConnectionLost : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// What the Java client hands its Watcher: a notification from the server, or a change of the
// session's state (type None, no path).
struct WatchedEvent {
  KeeperState state = KeeperState::kSyncConnected;
  EventType type = EventType::kNone;
  std::optional<std::string> path;
};
// WatchedEvent.toString: "WatchedEvent state:SyncConnected type:NodeDataChanged path:/x" ("null"
// for no path).
std::string to_string(const WatchedEvent& event);

// "host:port[,host:port...]" as (host, port) pairs; the port defaults to 2181. Throws ClientError
// for an empty list or a bad port.
std::vector<std::pair<std::string, uint16_t>> parse_connect_string(const std::string& hosts);

class ClientSession {
 public:
  // Opens a session on the first server of `hosts` that takes it. Throws ClientError when none
  // does.
  ClientSession(const std::string& hosts, int32_t timeout_ms);
  ~ClientSession();
  ClientSession(const ClientSession&) = delete;
  ClientSession& operator=(const ClientSession&) = delete;

  // Sends `op` and returns its reply (an error code in reply.err; CONNECTIONLOSS when the
  // connection broke, the session having moved to another server by then). Throws ClientError
  // when the session ended.
  server::ClientReply call(server::ClientOp op);
  // The auth packet (xid -4): OK, or AUTHFAILED, after which the server closed the connection and
  // the session is no longer usable (the Java client's AUTH_FAILED state). Kept for re-attaching.
  Code add_auth(const std::string& scheme, const std::string& auth);
  // A ping, to keep the session alive while the user is idle.
  void ping();
  // The socket is readable while no request is in flight: reads what came (a notification, or
  // the end of the connection, which fails over).
  void read_pending();
  // Closes the session (closeSession) and the connection; queues the Closed event.
  void close();

  bool alive() const { return alive_; }
  int socket_fd() { return socket_.native_handle(); }
  uint64_t session_id() const { return session_id_; }
  int32_t negotiated_timeout_ms() const { return timeout_ms_; }
  const std::string& server() const { return server_; }  // "host:port" now in use
  // Events read so far, oldest first; the caller takes them.
  std::deque<WatchedEvent>& events() { return events_; }
  // Called after each event is queued (the interactive shell prints it at once, as zkCli's event
  // thread does: "Disconnected" shows before the session has found another server).
  void set_event_listener(std::function<void()> listener) { listener_ = std::move(listener); }

 private:
  using Clock = std::chrono::steady_clock;
  struct Host {
    std::string name;
    uint16_t port = 0;
  };

  // session_connect.cpp: opening, re-attaching and failing over.
  bool open_on(size_t index, bool reattach, Clock::duration connect_timeout);
  void connect_socket(const Host& host, Clock::duration timeout);
  void prime();
  void fail_over(const std::string& why);

  // client_session.cpp: frames and replies.
  void send(const server::ClientRequest& request);
  std::string read_frame(Clock::duration timeout);
  void read_exact(char* data, size_t size, Clock::time_point deadline);
  server::ClientReply await(int32_t xid, data::OpCode type);
  std::optional<server::ClientReply> take_frame(const std::string& payload, int32_t xid,
                                                data::OpCode type);
  void on_notification(const wire::WatcherEvent& event);
  void queue_event(WatchedEvent event);
  Clock::duration read_timeout() const;

  asio::io_context io_;
  asio::ip::tcp::socket socket_;
  std::vector<Host> hosts_;
  size_t current_ = 0;  // index in hosts_ of the server in use
  std::string server_;
  uint64_t session_id_ = 0;
  std::string passwd_;
  int32_t requested_timeout_ms_ = 0;
  int32_t timeout_ms_ = 0;  // negotiated
  Zxid last_zxid_seen_;
  int32_t next_xid_ = 1;
  WatchRegistry watches_;
  std::vector<std::pair<std::string, std::string>> auth_;  // (scheme, auth) sent so far
  std::deque<WatchedEvent> events_;
  std::function<void()> listener_;
  bool alive_ = false;
};

}  // namespace zab::zabcli
