#include "impl/wire/quorum_packet.h"

#include <fmt/format.h>

namespace zab::wire {
namespace {

// Turns a reader's failure over a stream prefix into "wait" or "malformed".
template <class T>
StreamDecode<T> stream_failure(const data::JuteReader& r, std::string_view what, size_t buffered,
                               size_t bytes_max) {
  if (r.truncated() && buffered < bytes_max) return StreamDecode<T>::need_more_bytes();
  if (r.truncated()) {
    return StreamDecode<T>::failed(
        make_error(Code::kMarshallingError, "{} still incomplete after {} bytes", what, buffered));
  }
  return StreamDecode<T>::failed(
      make_error(Code::kMarshallingError, "{}: {}", what, r.status().error().message));
}

}  // namespace

bool is_known_packet_type(PacketType type) {
  const auto v = static_cast<int32_t>(type);
  return v >= 1 && v <= 19;
}

std::string to_string(PacketType type) {
  switch (type) {
    case PacketType::kRequest:
      return "REQUEST";
    case PacketType::kProposal:
      return "PROPOSAL";
    case PacketType::kAck:
      return "ACK";
    case PacketType::kCommit:
      return "COMMIT";
    case PacketType::kPing:
      return "PING";
    case PacketType::kRevalidate:
      return "REVALIDATE";
    case PacketType::kSync:
      return "SYNC";
    case PacketType::kInform:
      return "INFORM";
    case PacketType::kCommitAndActivate:
      return "COMMITANDACTIVATE";
    case PacketType::kNewLeader:
      return "NEWLEADER";
    case PacketType::kFollowerInfo:
      return "FOLLOWERINFO";
    case PacketType::kUpToDate:
      return "UPTODATE";
    case PacketType::kDiff:
      return "DIFF";
    case PacketType::kTrunc:
      return "TRUNC";
    case PacketType::kSnap:
      return "SNAP";
    case PacketType::kObserverInfo:
      return "OBSERVERINFO";
    case PacketType::kLeaderInfo:
      return "LEADERINFO";
    case PacketType::kAckEpoch:
      return "ACKEPOCH";
    case PacketType::kInformAndActivate:
      return "INFORMANDACTIVATE";
  }
  return fmt::format("UNKNOWN({})", static_cast<int32_t>(type));
}

void write(data::JuteWriter& w, const QuorumPacket& packet) {
  w.i32(static_cast<int32_t>(packet.type));
  w.i64(packet.zxid);
  w.nullable_buffer(packet.data);
  if (!packet.authinfo) {
    w.i32(-1);
    return;
  }
  w.i32(static_cast<int32_t>(packet.authinfo->size()));
  for (const auto& id : *packet.authinfo)
    w.id(id);
}

std::string encode_quorum_packet(const QuorumPacket& packet) {
  data::JuteWriter w;
  write(w, packet);
  return w.take();
}

StreamDecode<QuorumPacket> decode_quorum_packet(std::string_view stream,
                                                const QuorumLimits& limits) {
  data::JuteReader r(stream, limits.length_max);
  QuorumPacket packet;
  packet.type = static_cast<PacketType>(r.i32());
  packet.zxid = r.i64();
  packet.data = r.nullable_buffer();
  const int32_t n = r.vector_count(8, "authinfo Id");  // two string lengths each
  if (n >= 0) {
    packet.authinfo.emplace();
    for (int32_t k = 0; k < n && r.ok(); ++k)
      packet.authinfo->push_back(r.id());
  }
  if (!r.ok()) {
    return stream_failure<QuorumPacket>(r, "QuorumPacket", stream.size(), limits.packet_bytes_max);
  }
  return StreamDecode<QuorumPacket>::done(std::move(packet), r.position());
}

void QuorumPacketReader::feed(std::string_view bytes) {
  if (error_) return;
  if (start_ > 0 && start_ >= buffer_.size() / 2) {
    buffer_.erase(0, start_);
    start_ = 0;
  }
  buffer_.append(bytes);
}

std::variant<NeedMore, QuorumPacket, Error> QuorumPacketReader::next() {
  if (error_) return *error_;
  auto decoded = decode_quorum_packet(std::string_view(buffer_).substr(start_), limits_);
  if (decoded.error) {
    error_ = decoded.error;
    buffer_.clear();
    start_ = 0;
    return *error_;
  }
  if (decoded.need_more()) return NeedMore{};
  start_ += decoded.consumed;
  return std::move(*decoded.value);
}

std::string QuorumPacketReader::take_buffered() {
  std::string out = buffer_.substr(start_);
  buffer_.clear();
  start_ = 0;
  return out;
}

std::string encode_snap_signature() {
  data::JuteWriter w;
  w.ustring(kSnapSignature);
  return w.take();
}

StreamDecode<bool> decode_snap_signature(std::string_view stream) {
  data::JuteReader r(stream);
  const std::string signature = r.ustring();
  if (r.ok() && signature != kSnapSignature) r.reject("missing signature after the snapshot");
  if (!r.ok()) {
    return stream_failure<bool>(r, "SNAP signature", stream.size(), 4 + kSnapSignature.size());
  }
  return StreamDecode<bool>::done(true, r.position());
}

}  // namespace zab::wire
