// The client port, as ZooKeeper's NIOServerCnxnFactory serves it: one StreamConnection per client;
// the first frame is a ConnectRequest (or a four-letter word, answered and closed), the rest are
// requests. Bytes become the server layer's FromClient inputs and its replies become bytes; what a
// request means is the layer's business (impl/server), not this file's.
#pragma once

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "impl/runtime/server_loop.h"
#include "impl/runtime/server_status.h"
#include "impl/runtime/stream_connection.h"
#include "impl/wire/framing.h"

namespace zab::runtime {

struct ClientPortSettings {
  std::string address = "0.0.0.0";  // clientPortAddress
  uint16_t port = 2181;             // clientPort
  // maxClientCnxns: connections from one IP address at a time; 0 means no limit.
  int max_client_cnxns = 60;
  int32_t max_buffer = data::kJuteMaxBuffer;  // jute.maxbuffer
};

class ClientNet final : public ClientNetwork {
 public:
  using Submit = std::function<void(server::ServerInput)>;
  // The answer to a four-letter word (the whitelist is the answer's business), on the loop's
  // thread.
  using Answer = std::function<std::string(const wire::FourLetterCommand&)>;
  // The server's last processed zxid, for refusals the runtime writes itself.
  using LastZxid = std::function<Zxid()>;
  // Milliseconds: a monotonic clock for latencies and the wall clock for `cons`.
  using Clock = std::function<int64_t()>;

  ClientNet(asio::io_context& io, ClientPortSettings settings, Submit submit, Answer answer,
            LastZxid last_zxid, Clock monotonic_ms, Clock wall_ms);

  // Binds the client port (throws std::system_error naming it if it cannot).
  void start();
  // Closes the port and every connection.
  void stop();
  uint16_t bound_port() const;

  void send(server::ClientId client, const server::ToClient& msg) override;
  void close(server::ClientId client) override;

  // Every open connection, by client id (`cons`, `stat`); the session fields are the server
  // layer's to fill.
  std::map<uint32_t, ConnectionStatus> connections() const;
  // ServerStats: packets and request latencies (`srvr`, `mntr`; `srst` resets them).
  ServerStats& stats() { return stats_; }
  void reset_connection_stats();

 private:
  // A request read and not yet answered: its xid, opcode and arrival, for its latency.
  struct Arrival {
    int32_t xid;
    data::OpCode type;
    int64_t at_ms;
  };
  struct Client {
    std::shared_ptr<StreamConnection> conn;
    std::string address;     // the remote IP, for maxClientCnxns
    bool connected = false;  // the ConnectRequest was read
    ConnectionStatus status;
    std::deque<Arrival> arrivals;
  };

  void answered(Client& client, int32_t xid, Zxid zxid);
  void accept_next();
  void on_accepted(asio::ip::tcp::socket socket);
  size_t read(server::ClientId id, wire::FrameReader& frames, std::span<const uint8_t> bytes);
  void on_frame(server::ClientId id, Client& client, std::string payload);
  void on_four_letter_word(server::ClientId id, Client& client,
                           const wire::FourLetterCommand& command);
  void forget(server::ClientId id, const std::string& why);

  ClientPortSettings settings_;
  Submit submit_;
  Answer answer_;
  LastZxid last_zxid_;
  Clock monotonic_ms_;
  Clock wall_ms_;
  ServerStats stats_;
  asio::ip::tcp::acceptor acceptor_;
  std::map<uint32_t, Client> clients_;
  std::map<std::string, int> per_address_;
  uint32_t next_id_ = 1;
  bool stopped_ = false;
};

}  // namespace zab::runtime
