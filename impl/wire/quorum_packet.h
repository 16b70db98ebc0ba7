// The quorum port (wire.md §4.4): a stream of jute QuorumPacket records {int type, long zxid,
// buffer data, vector<Id> authinfo} with no length prefix, read by BinaryInputArchive.readRecord
// on both ends (Learner.readPacket, LearnerHandler.run). So a decoder must tell "the record is not
// all here yet" from "this is not a record". There is no handshake before the first packet unless
// quorum SASL is configured (quorum.auth.enableSasl; NullQuorumAuthLearner/Server send nothing),
// and we do not speak quorum SASL.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "impl/data/jute.h"
#include "impl/wire/framing.h"
#include "impl/wire/records.h"
#include "impl/wire/stream.h"

namespace zab::wire {

// Leader's packet type constants.
enum class PacketType : int32_t {
  kRequest = 1,
  kProposal = 2,
  kAck = 3,
  kCommit = 4,
  kPing = 5,
  kRevalidate = 6,
  kSync = 7,
  kInform = 8,
  kCommitAndActivate = 9,
  kNewLeader = 10,
  kFollowerInfo = 11,
  kUpToDate = 12,
  kDiff = 13,
  kTrunc = 14,
  kSnap = 15,
  kObserverInfo = 16,
  kLeaderInfo = 17,
  kAckEpoch = 18,
  kInformAndActivate = 19,
};
bool is_known_packet_type(PacketType type);
std::string to_string(PacketType type);  // "PROPOSAL"; "UNKNOWN(42)" for other values

// Null data (length -1) and a null authinfo (count -1) are what ZooKeeper sends for most packets
// (e.g. `new QuorumPacket(Leader.ACK, zxid, null, null)`), and they differ on the wire from empty
// ones, so both are optional here.
struct QuorumPacket {
  PacketType type = PacketType::kPing;
  int64_t zxid = 0;
  MaybeBuffer data;
  std::optional<std::vector<Id>> authinfo;
  bool operator==(const QuorumPacket&) const = default;
};

void write(data::JuteWriter& w, const QuorumPacket& packet);
std::string encode_quorum_packet(const QuorumPacket& packet);

// Bounds for a packet read off a stream: the data buffer and each Id string at most
// `length_max` (BinaryInputArchive.checkLength: jute.maxbuffer plus the extra allowance), and a
// packet still incomplete after `packet_bytes_max` buffered bytes is refused rather than awaited
// (ZooKeeper has no such bound on authinfo; a learner sends at most a few ids).
struct QuorumLimits {
  int32_t length_max = data::kJuteLengthMax;
  size_t packet_bytes_max = static_cast<size_t>(data::kJuteLengthMax) + (1u << 16);
};

// Reads one packet at the start of `stream`. Unknown types are not malformed: ZooKeeper's
// readers log and skip them (Follower.processPacket, LearnerHandler.run), so the caller decides.
StreamDecode<QuorumPacket> decode_quorum_packet(std::string_view stream,
                                                const QuorumLimits& limits = {});

// Accumulates a quorum connection's bytes and yields packets. After SNAP the leader writes the
// serialized database and the string "BenWasHere" before the next packet (LearnerHandler.run);
// the caller takes those bytes with take_buffered() and feeds back whatever follows them.
class QuorumPacketReader {
 public:
  QuorumPacketReader() = default;
  explicit QuorumPacketReader(QuorumLimits limits) : limits_(limits) {}

  void feed(std::string_view bytes);
  // The next packet, NeedMore, or an Error that every later call repeats.
  std::variant<NeedMore, QuorumPacket, Error> next();
  std::string take_buffered();
  size_t buffered_bytes() const { return buffer_.size() - start_; }

 private:
  QuorumLimits limits_;
  std::string buffer_;
  size_t start_ = 0;
  std::optional<Error> error_;
};

// The signature after a SNAP's serialized database (Learner.syncWithLeader checks it).
inline constexpr std::string_view kSnapSignature = "BenWasHere";
std::string encode_snap_signature();
// Reads the jute string at the start of `stream` and checks it is the signature.
StreamDecode<bool> decode_snap_signature(std::string_view stream);

}  // namespace zab::wire
