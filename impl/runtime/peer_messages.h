// The quorum core's messages in ZooKeeper 3.8's bytes (impl/wire) and back: FastLeaderElection
// notifications on the election port, QuorumPackets on the quorum port. The translation keeps
// what the core needs and fills what ZooKeeper's readers expect (LearnerInfo, protocol versions,
// the configuration text in notifications and NEWLEADER), so that the same bytes can one day
// talk to Apache ZooKeeper servers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "impl/core/errors.h"
#include "impl/quorum/config.h"
#include "impl/quorum/messages.h"
#include "impl/wire/quorum_packet.h"

namespace zab::runtime {

// QuorumVerifier.toString of a static configuration: one `server.N=host:q:e:role` line per
// server and `version=0` (what NEWLEADER and version-2 notifications carry).
std::string quorum_verifier_text(const QuorumConfig& cfg);

// ---- Election port ------------------------------------------------------------------------

// The framed election message (int length + notification).
std::string encode_election_message(const Notification& n, const std::string& config_text);
// A notification's payload (without its length). An unknown state or a proposed leader outside
// 1..15 (other than an observer's "no leader yet") is an error naming what is wrong.
Result<Notification> decode_election_payload(std::string_view payload);

// ---- Quorum port --------------------------------------------------------------------------

// Who is writing: PING, and which packets each end may send, depend on it.
struct QuorumWriter {
  NodeId self;
  bool leader = false;
  std::string config_text;  // for NEWLEADER
};
// One message's bytes on the quorum stream: the packet, and after a SNAP the serialized database
// and the signature.
std::string encode_quorum_message(const Message& m, const QuorumWriter& writer);

// A quorum connection's incoming bytes, read as the core's messages. `from_leader` says which
// end wrote them (the learner reads the leader's packets and vice versa).
class QuorumMessageReader {
 public:
  explicit QuorumMessageReader(bool from_leader, wire::QuorumLimits limits = {})
      : from_leader_(from_leader), packets_(limits) {}

  // `more_available`: the socket already holds more bytes than these (a cue for when to retry
  // decoding a large snapshot; correctness never depends on it).
  void feed(std::string_view bytes, bool more_available = false);
  struct NeedMore {};
  // The next message; an Error ends the stream (every later call repeats it). `sid` of a
  // FOLLOWERINFO / OBSERVERINFO is in `learner_sid` after it is returned.
  std::variant<NeedMore, Message, Error> next();
  std::optional<int64_t> learner_sid() const { return learner_sid_; }

 private:
  std::variant<NeedMore, Message, Error> read_snap_body(Zxid zxid);

  bool from_leader_;
  wire::QuorumPacketReader packets_;
  std::optional<Zxid> snap_pending_;  // a SNAP was read; its database comes next
  std::string snap_buffer_;           // the database's bytes so far
  size_t snap_tried_at_ = 0;          // buffer size at the last decoding attempt
  size_t snap_bytes_max_ = size_t{1} << 32;
  bool more_available_ = false;
  std::optional<int64_t> learner_sid_;
  std::optional<Error> error_;
};

}  // namespace zab::runtime
