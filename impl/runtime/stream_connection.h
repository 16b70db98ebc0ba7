// One TCP connection on the event loop: bytes in, handed to a reader that consumes whole
// records; bytes out, written in order from a bounded queue. Every connection of zabd (election,
// quorum, client) is one of these; what the bytes mean is the owner's business.
//
// A connection ends once: the peer closed it, a read or write failed, the reader rejected the
// bytes, the send queue overflowed, or the owner closed it. `on_closed` runs exactly once, on
// the loop's thread, unless the owner closed it itself (`close`), in which case it never runs:
// a server does not tell itself about a close it decided.
#pragma once

#include <asio/ip/tcp.hpp>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <span>
#include <string>

namespace zab::runtime {

class StreamConnection : public std::enable_shared_from_this<StreamConnection> {
 public:
  // Consumes a prefix of the unread bytes (whole records) and returns its length; throws
  // std::exception with a reason to reject the stream (the connection closes).
  using Reader = std::function<size_t(std::span<const uint8_t>)>;
  using Closed = std::function<void(const std::string& why)>;

  StreamConnection(asio::ip::tcp::socket socket, size_t send_queue_max_bytes);

  void start(Reader reader, Closed on_closed);
  // Queues bytes for writing after everything queued before them.
  void send(std::string bytes);
  // Closes at once (queued bytes are dropped); on_closed does not run.
  void close();
  // Closes once everything queued has been written (a reply before the close, a 4lw answer).
  void close_after_flush();
  // Stop / resume reading (backpressure while the server is blocked on an fsync).
  void pause_reading();
  void resume_reading();

  bool open() const { return open_; }
  // Whether the socket holds bytes not yet read (asked from inside the reader).
  bool more_available() const;
  size_t queued_bytes() const { return queued_bytes_; }
  const std::string& remote() const { return remote_; }                  // "127.0.0.1:50212"
  const std::string& remote_address() const { return remote_address_; }  // "127.0.0.1"
  uint64_t bytes_received() const { return bytes_received_; }
  uint64_t bytes_sent() const { return bytes_sent_; }

 private:
  void read_more();
  void on_read(const std::error_code& ec, size_t n);
  void write_next();
  void end(const std::string& why);

  asio::ip::tcp::socket socket_;
  size_t send_queue_max_bytes_;
  Reader reader_;
  Closed on_closed_;
  std::string inbox_;  // bytes read and not yet consumed
  std::array<uint8_t, 64 * 1024> read_buffer_{};
  std::deque<std::string> outbox_;
  size_t queued_bytes_ = 0;
  bool writing_ = false;
  bool reading_ = false;
  bool paused_ = false;
  bool open_ = true;
  bool closing_after_flush_ = false;
  std::string remote_;
  std::string remote_address_;
  uint64_t bytes_received_ = 0;
  uint64_t bytes_sent_ = 0;
};

}  // namespace zab::runtime
