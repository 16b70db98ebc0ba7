#include "impl/runtime/stream_connection.h"

#include <fmt/format.h>

#include <asio/write.hpp>
#include <exception>

namespace zab::runtime {

StreamConnection::StreamConnection(asio::ip::tcp::socket socket, size_t send_queue_max_bytes)
    : socket_(std::move(socket)), send_queue_max_bytes_(send_queue_max_bytes) {
  std::error_code ec;
  const auto endpoint = socket_.remote_endpoint(ec);
  if (!ec) {
    remote_address_ = endpoint.address().to_string();
    remote_ = fmt::format("{}:{}", remote_address_, endpoint.port());
  }
  socket_.set_option(asio::ip::tcp::no_delay(true), ec);
}

void StreamConnection::start(Reader reader, Closed on_closed) {
  reader_ = std::move(reader);
  on_closed_ = std::move(on_closed);
  read_more();
}

void StreamConnection::read_more() {
  if (!open_ || reading_ || paused_) return;
  reading_ = true;
  socket_.async_read_some(
      asio::buffer(read_buffer_),
      [self = shared_from_this()](const std::error_code& ec, size_t n) { self->on_read(ec, n); });
}

void StreamConnection::on_read(const std::error_code& ec, size_t n) {
  reading_ = false;
  if (!open_) return;
  if (ec) {
    end(ec == asio::error::eof ? "closed by the peer" : ec.message());
    return;
  }
  bytes_received_ += n;
  inbox_.append(reinterpret_cast<const char*>(read_buffer_.data()), n);
  try {
    const size_t used = reader_(
        std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(inbox_.data()), inbox_.size()));
    inbox_.erase(0, used);
  } catch (const std::exception& e) {
    end(e.what());
    return;
  }
  read_more();
}

void StreamConnection::send(std::string bytes) {
  if (!open_ || closing_after_flush_) return;
  queued_bytes_ += bytes.size();
  if (queued_bytes_ > send_queue_max_bytes_) {
    end(fmt::format("its send queue passed {} bytes (the peer does not read)",
                    send_queue_max_bytes_));
    return;
  }
  outbox_.push_back(std::move(bytes));
  write_next();
}

void StreamConnection::write_next() {
  if (writing_ || !open_) return;
  if (outbox_.empty()) {
    if (closing_after_flush_) {
      std::error_code ignored;
      socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
      socket_.close(ignored);
      open_ = false;
    }
    return;
  }
  writing_ = true;
  asio::async_write(socket_, asio::buffer(outbox_.front()),
                    [self = shared_from_this()](const std::error_code& ec, size_t n) {
                      self->writing_ = false;
                      if (!self->open_) return;
                      if (ec) {
                        self->end(ec.message());
                        return;
                      }
                      self->bytes_sent_ += n;
                      self->queued_bytes_ -= self->outbox_.front().size();
                      self->outbox_.pop_front();
                      self->write_next();
                    });
}

void StreamConnection::close() {
  if (!open_) return;
  open_ = false;
  outbox_.clear();
  queued_bytes_ = 0;
  std::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
}

void StreamConnection::close_after_flush() {
  if (!open_) return;
  closing_after_flush_ = true;
  paused_ = true;  // nothing more is read from a connection being closed
  write_next();
}

void StreamConnection::pause_reading() {
  paused_ = true;
}

void StreamConnection::resume_reading() {
  if (closing_after_flush_) return;
  paused_ = false;
  read_more();
}

void StreamConnection::end(const std::string& why) {
  if (!open_) return;
  close();
  if (on_closed_) on_closed_(why);
}

bool StreamConnection::more_available() const {
  std::error_code ec;
  const size_t n = socket_.available(ec);
  return !ec && n > 0;
}

}  // namespace zab::runtime
