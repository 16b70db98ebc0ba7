#include "impl/wire/election.h"

#include <fmt/format.h>

#include <charconv>

#include "impl/core/check.h"
#include "impl/data/jute.h"

namespace zab::wire {
namespace {

using data::JuteReader;
using data::JuteWriter;

constexpr size_t kNoPeerEpochBytes = 28;
constexpr size_t kNoVersionBytes = 40;

bool is_wildcard(std::string_view host) {
  return host == "0.0.0.0" || host == "::" || host == "0:0:0:0:0:0:0:0";
}

// ConfigUtils.getHostAndPort, then the port check of InitialMessage.parse. Stricter than Java in
// two corners no peer produces: the ':' after ']' must be there, and no trailing ':'.
Result<ElectionAddress> parse_address(std::string_view text) {
  std::string_view host;
  std::string_view port;
  if (text.starts_with('[')) {
    const size_t close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return make_error(Code::kMarshallingError, "badly formed address: {}", text);
    }
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    const size_t colon = text.find(':');
    if (colon == std::string_view::npos) {
      return make_error(Code::kMarshallingError, "no port number in: {}", text);
    }
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
  }
  if (host.empty() || port.find(':') != std::string_view::npos) {
    return make_error(Code::kMarshallingError, "badly formed address: {}", text);
  }
  uint16_t value = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || ec != std::errc() || end != port.data() + port.size()) {
    return make_error(Code::kMarshallingError, "bad port number: {}", port);
  }
  return ElectionAddress{std::string(host), value};
}

Result<std::vector<ElectionAddress>> parse_addresses(std::string_view text) {
  std::vector<ElectionAddress> out;
  size_t from = 0;
  while (true) {
    const size_t bar = text.find('|', from);
    auto address =
        parse_address(text.substr(from, bar == std::string_view::npos ? bar : bar - from));
    if (!address) return address.error();
    if (!is_wildcard(address->host)) out.push_back(std::move(address).value());
    if (bar == std::string_view::npos) return out;
    from = bar + 1;
  }
}

}  // namespace

std::string to_string(const ElectionAddress& address) {
  if (address.host.find(':') != std::string::npos) {
    return fmt::format("[{}]:{}", address.host, address.port);
  }
  return fmt::format("{}:{}", address.host, address.port);
}

std::string encode_initial_message(const InitialMessage& message) {
  JuteWriter w;
  w.i64(message.protocol_version);
  if (message.protocol_version >= 0) return w.take();  // an old peer's bare sid
  ZK_ASSERT(!message.addresses.empty());
  w.i64(message.sid);
  std::string text;
  for (const auto& address : message.addresses) {
    if (!text.empty()) text += '|';
    text += to_string(address);
  }
  w.buffer(text);
  return w.take();
}

StreamDecode<InitialMessage> decode_initial_message(std::string_view stream) {
  using Decode = StreamDecode<InitialMessage>;
  JuteReader r(stream);
  InitialMessage message;
  message.protocol_version = r.i64();
  if (!r.ok()) return Decode::need_more_bytes();
  if (message.protocol_version >= 0) {  // QuorumCnxManager.handleConnection: the sid itself
    message.sid = message.protocol_version;
    return Decode::done(std::move(message), r.position());
  }
  if (message.protocol_version != kElectionProtocolV1 &&
      message.protocol_version != kElectionProtocolV2) {
    return Decode::failed(make_error(Code::kMarshallingError,
                                     "unrecognized election protocol version {}",
                                     message.protocol_version));
  }
  message.sid = r.i64();
  const int32_t length = r.i32();
  if (!r.ok()) return Decode::need_more_bytes();
  if (length <= 0 || length > kInitialMessageAddressMax) {
    return Decode::failed(
        make_error(Code::kMarshallingError, "unreasonable initial message length {}", length));
  }
  const std::string text = r.raw(static_cast<size_t>(length));
  if (!r.ok()) return Decode::need_more_bytes();
  auto addresses = parse_addresses(text);
  if (!addresses) return Decode::failed(addresses.error());
  message.addresses = std::move(addresses).value();
  return Decode::done(std::move(message), r.position());
}

FrameReader election_frame_reader() {
  return FrameReader(FrameReader::Options{kElectionMessageMax, false, false});
}

std::string frame_election_message(std::string_view payload) {
  ZK_ASSERT(!payload.empty() && payload.size() <= static_cast<size_t>(kElectionMessageMax));
  return frame(payload);
}

std::string encode_notification_message(const Notification& n) {
  JuteWriter w;
  w.i32(static_cast<int32_t>(n.state));
  w.i64(n.leader);
  w.i64(n.zxid);
  w.i64(n.election_epoch);
  switch (n.layout) {
    case NotificationLayout::kNoPeerEpoch:
      break;
    case NotificationLayout::kNoVersion:
      w.i64(n.peer_epoch);
      w.i32(0x1);
      break;
    case NotificationLayout::kVersioned:
      ZK_ASSERT(n.version > 1);
      w.i64(n.peer_epoch);
      w.i32(n.version);
      w.buffer(n.config.value_or(std::string()));
      break;
  }
  return w.take();
}

Result<Notification> decode_notification_message(std::string_view payload) {
  if (payload.size() < kNoPeerEpochBytes) {
    return make_error(Code::kMarshallingError, "short notification: {} bytes", payload.size());
  }
  JuteReader r(payload);
  Notification n;
  const int32_t state = r.i32();
  if (state < 0 || state > 3) {
    return make_error(Code::kMarshallingError, "notification with unknown state {}", state);
  }
  n.state = static_cast<ServerState>(state);
  n.leader = r.i64();
  n.zxid = r.i64();
  n.election_epoch = r.i64();
  if (payload.size() == kNoPeerEpochBytes) {
    n.layout = NotificationLayout::kNoPeerEpoch;
    n.peer_epoch = static_cast<int64_t>(static_cast<uint64_t>(n.zxid) >> 32);
    n.version = 0;
    return n;
  }
  n.peer_epoch = r.i64();
  if (payload.size() == kNoVersionBytes) {
    n.layout = NotificationLayout::kNoVersion;
    n.version = 0;
    return n;
  }
  n.version = r.i32();
  if (r.ok() && n.version > 1) {
    const int32_t length = r.i32();
    if (r.ok() && (length < 0 || static_cast<size_t>(length) > payload.size())) {
      r.reject(fmt::format("invalid config length {}", length));
    }
    if (r.ok()) n.config = r.raw(static_cast<size_t>(length));
  }
  if (!r.ok()) {
    return make_error(Code::kMarshallingError, "partial or malformed notification: {}",
                      r.status().error().message);
  }
  return n;
}

}  // namespace zab::wire
