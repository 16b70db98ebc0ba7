// The election port (QuorumCnxManager, FastLeaderElection; wire.md §4.4). The connecting side
// first sends an initial message: long protocol version, long sid, int length + its election
// address(es) "host:port" joined by '|'. (A first long >= 0 is the sid itself, from a peer before
// 3.5.0, with nothing after it.) Then both sides exchange messages framed as int length + payload
// (0 < length <= 512 KiB); each payload is a FastLeaderElection notification.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "impl/core/errors.h"
#include "impl/core/server_state.h"
#include "impl/wire/framing.h"
#include "impl/wire/stream.h"

namespace zab::wire {

// QuorumCnxManager.PROTOCOL_VERSION_V1 (since 3.5.0) and _V2 (3.6.0, multiple addresses; sent only
// with multiAddress.enabled).
inline constexpr int64_t kElectionProtocolV1 = -65536;
inline constexpr int64_t kElectionProtocolV2 = -65535;
// QuorumCnxManager.maxBuffer: the longest address string an initial message may carry.
inline constexpr int32_t kInitialMessageAddressMax = 2048;
// QuorumCnxManager.PACKETMAXSIZE: the longest election message RecvWorker accepts.
inline constexpr int32_t kElectionMessageMax = 512 * 1024;

struct ElectionAddress {
  std::string host;  // without IPv6 brackets
  uint16_t port = 0;
  bool operator==(const ElectionAddress&) const = default;
};
std::string to_string(const ElectionAddress& address);  // "host:port", "[::1]:3888"

struct InitialMessage {
  int64_t protocol_version = kElectionProtocolV1;  // >= 0: an old peer that sent only its sid
  int64_t sid = 0;
  // InitialMessage.parse drops wildcard addresses (0.0.0.0, ::); we recognise them literally,
  // without a name lookup.
  std::vector<ElectionAddress> addresses;
  bool operator==(const InitialMessage&) const = default;
};

// The addresses must not be empty for V1/V2 (ZK_ASSERT).
std::string encode_initial_message(const InitialMessage& message);
// InitialMessage.parse's checks: a known protocol version, 0 < length <= 2048, every address
// "host:port" or "[v6]:port" with a decimal port; an initial message still incomplete when
// `length` bytes have come is an error only once they have.
StreamDecode<InitialMessage> decode_initial_message(std::string_view stream);

// A reader of election messages (after the initial message on the connecting side's stream).
FrameReader election_frame_reader();
// payload -> int length + payload (a notification must not be empty).
std::string frame_election_message(std::string_view payload);

// QuorumPeer.ServerState, sent as its ordinal.
using zab::ServerState;

// Which generation of the notification layout a message used (FastLeaderElection's
// Messenger.WorkerReceiver tells them apart by length).
enum class NotificationLayout : uint8_t {
  kNoPeerEpoch,  // 28 bytes: state, leader, zxid, electionEpoch; peerEpoch = zxid's epoch
  kNoVersion,    // 40 bytes: + peerEpoch + an int that is not read; version 0
  kVersioned,    // + int version, and for version > 1 int configLength + config
};

// Notification.CURRENTVERSION.
inline constexpr int32_t kNotificationVersion = 2;

struct Notification {
  ServerState state = ServerState::kLooking;
  int64_t leader = 0;  // proposed leader's sid
  int64_t zxid = 0;    // proposed leader's last zxid
  int64_t election_epoch = 0;
  int64_t peer_epoch = 0;  // proposed leader's epoch
  int32_t version = kNotificationVersion;
  std::optional<std::string> config;  // the QuorumVerifier's text, when version > 1
  NotificationLayout layout = NotificationLayout::kVersioned;
  bool operator==(const Notification&) const = default;
};

// FastLeaderElection.buildMsg for the layout: kVersioned needs version > 1 (ZK_ASSERT: a 40-byte
// message always reads as kNoVersion) and writes the config, empty when nullopt; kNoVersion
// writes 0x1 in the unread int, as the 40-byte buildMsg does.
std::string encode_notification_message(const Notification& notification);
// Tolerant as WorkerReceiver: 28 and 40 bytes are the old layouts; otherwise peerEpoch and version
// must be there, and for version > 1 a config length in [0, message length] with that many bytes.
// Unlike WorkerReceiver, which drops a notification with an unknown state only after answering a
// non-voter, an unknown state is malformed here. Bytes after the last field are ignored, as
// WorkerReceiver ignores them (room for a later version).
Result<Notification> decode_notification_message(std::string_view payload);

}  // namespace zab::wire
