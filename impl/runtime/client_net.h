// The client port, as ZooKeeper's NIOServerCnxnFactory serves it: one StreamConnection per client;
// the first frame is a ConnectRequest (or a four-letter word, answered and closed), the rest are
// requests. Bytes become the server layer's FromClient inputs and its replies become bytes; what a
// request means is the layer's business (impl/server), not this file's.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>

#include "impl/runtime/server_loop.h"
#include "impl/runtime/stream_connection.h"
#include "impl/wire/framing.h"

namespace zab::runtime {

struct ClientPortSettings {
  std::string address = "0.0.0.0";  // clientPortAddress
  uint16_t port = 2181;              // clientPort
  // maxClientCnxns: connections from one IP address at a time; 0 means no limit.
  int max_client_cnxns = 60;
  int32_t max_buffer = data::kJuteMaxBuffer;  // jute.maxbuffer
  std::set<wire::FourLetterWord> four_letter_words;  // 4lw.commands.whitelist
};

// One connection, for `cons` and `mntr`.
struct ClientConnectionStats {
  server::ClientId id;
  std::string remote;  // "127.0.0.1:50212"
  uint64_t packets_received = 0;
  uint64_t packets_sent = 0;
  uint64_t session_id = 0;  // once the connect reply named one
};

class ClientNet final : public ClientNetwork {
 public:
  using Submit = std::function<void(server::ServerInput)>;
  // The answer to a whitelisted four-letter word, computed on the loop's thread.
  using Answer = std::function<std::string(wire::FourLetterWord)>;
  // The server's last processed zxid, for refusals the runtime writes itself.
  using LastZxid = std::function<Zxid()>;

  ClientNet(asio::io_context& io, ClientPortSettings settings, Submit submit, Answer answer,
            LastZxid last_zxid);

  // Binds the client port (throws std::system_error naming it if it cannot).
  void start();
  // Closes the port and every connection.
  void stop();
  uint16_t bound_port() const;

  void send(server::ClientId client, const server::ToClient& msg) override;
  void close(server::ClientId client) override;

  std::vector<ClientConnectionStats> connections() const;
  uint64_t packets_received() const { return packets_received_; }
  uint64_t packets_sent() const { return packets_sent_; }

 private:
  struct Client {
    std::shared_ptr<StreamConnection> conn;
    std::string address;  // the remote IP, for maxClientCnxns
    bool connected = false;  // the ConnectRequest was read
    ClientConnectionStats stats;
  };

  void accept_next();
  void on_accepted(asio::ip::tcp::socket socket);
  size_t read(server::ClientId id, wire::FrameReader& frames, std::span<const uint8_t> bytes);
  void on_frame(Client& client, std::string payload);
  void on_four_letter_word(Client& client, const wire::FourLetterCommand& command);
  void forget(server::ClientId id, const std::string& why);

  asio::io_context& io_;
  ClientPortSettings settings_;
  Submit submit_;
  Answer answer_;
  LastZxid last_zxid_;
  asio::ip::tcp::acceptor acceptor_;
  std::map<uint32_t, Client> clients_;
  std::map<std::string, int> per_address_;
  uint32_t next_id_ = 1;
  uint64_t packets_received_ = 0;
  uint64_t packets_sent_ = 0;
  bool stopped_ = false;
};

}  // namespace zab::runtime
