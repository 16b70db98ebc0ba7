// What each QuorumPacket type carries in ZooKeeper 3.8, as typed messages, and the mapping both
// ways. Layouts are read off the code that writes and reads them: Learner.registerWithLeader /
// syncWithLeader / request / validateSession / ping, LearnerHandler.run / syncFollower / ping,
// Leader.propose / commit / commitAndActivate / inform / sendSync / revalidateSession,
// Follower.processPacket. Decoding follows those readers: a field they read must be there, bytes
// they never read are ignored, and a zxid they ignore (UPTODATE, SYNC, REVALIDATE, REQUEST) is
// written as ZooKeeper writes it and not kept.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "impl/core/errors.h"
#include "impl/wire/quorum_packet.h"
#include "impl/wire/txn_entry.h"

namespace zab::wire {

// Zab 1.0's protocol version, in LearnerInfo and LEADERINFO.
inline constexpr int32_t kZab10ProtocolVersion = 0x10000;

// Which end of the quorum connection sent a packet: PING and REVALIDATE mean different things
// each way.
enum class Sender : uint8_t { kLeader, kLearner };

// org.apache.zookeeper.server.quorum.LearnerInfo. LearnerHandler also accepts the older 8-byte
// (sid only; protocol version 0x1) and 12-byte (no config version) layouts.
struct LearnerInfo {
  int64_t server_id = 0;
  int32_t protocol_version = kZab10ProtocolVersion;
  std::optional<int64_t> config_version;
  bool operator==(const LearnerInfo&) const = default;
};

// FOLLOWERINFO (11) or OBSERVERINFO (16), learner -> leader: zxid = acceptedEpoch << 32.
struct FollowerInfo {
  bool observer = false;
  int64_t zxid = 0;
  LearnerInfo info;
  bool operator==(const FollowerInfo&) const = default;
};
// LEADERINFO (17): zxid = newEpoch << 32, data = int protocol version.
struct LeaderInfo {
  int64_t zxid = 0;
  int32_t protocol_version = kZab10ProtocolVersion;
  bool operator==(const LeaderInfo&) const = default;
};
// ACKEPOCH (18): zxid = the learner's last logged zxid, data = int currentEpoch, or -1 when it had
// already accepted this epoch (the reply then does not count as an ack of it).
struct AckEpoch {
  int64_t last_logged_zxid = 0;
  int32_t current_epoch = 0;
  bool operator==(const AckEpoch&) const = default;
};
// DIFF (13), TRUNC (14), SNAP (15): no data. SNAP is followed on the stream by the serialized
// database and the signature (quorum_packet.h).
struct Diff {
  int64_t zxid = 0;  // the leader's last committed zxid
  bool operator==(const Diff&) const = default;
};
struct Trunc {
  int64_t zxid = 0;  // truncate the log after this zxid
  bool operator==(const Trunc&) const = default;
};
struct Snap {
  int64_t zxid = 0;  // the zxid of the database that follows
  bool operator==(const Snap&) const = default;
};
// NEWLEADER (10): zxid = newEpoch << 32, data = the quorum verifier's text (null to a pre-1.0
// learner).
struct NewLeader {
  int64_t zxid = 0;
  MaybeBuffer config;
  bool operator==(const NewLeader&) const = default;
};
struct UpToDate {  // UPTODATE (12), zxid -1
  bool operator==(const UpToDate&) const = default;
};
struct Proposal {  // PROPOSAL (2): zxid = the txn's zxid
  int64_t zxid = 0;
  TxnEntry txn;
  bool operator==(const Proposal&) const = default;
};
struct Ack {  // ACK (3)
  int64_t zxid = 0;
  bool operator==(const Ack&) const = default;
};
struct Commit {  // COMMIT (4)
  int64_t zxid = 0;
  bool operator==(const Commit&) const = default;
};
struct LeaderPing {  // PING (5) from the leader: zxid = its last proposed, no data
  int64_t zxid = 0;
  bool operator==(const LeaderPing&) const = default;
};
struct SessionTouch {
  int64_t session_id = 0;
  int32_t timeout_ms = 0;
  bool operator==(const SessionTouch&) const = default;
};
// PING from a learner: the leader's ping echoed, data = (long sessionId, int timeout) for every
// session it touched since the last one (empty data when none).
struct LearnerPing {
  int64_t zxid = 0;
  std::vector<SessionTouch> touches;
  bool operator==(const LearnerPing&) const = default;
};
struct Revalidate {  // REVALIDATE (6) from a learner, zxid -1
  int64_t session_id = 0;
  int32_t timeout_ms = 0;
  bool operator==(const Revalidate&) const = default;
};
struct RevalidateReply {  // REVALIDATE from the leader, zxid -1
  int64_t session_id = 0;
  bool valid = false;
  bool operator==(const RevalidateReply&) const = default;
};
// REQUEST (1), learner -> leader, zxid -1: a client request forwarded with the connection's
// authentication ids (the leader checks ACLs against them). `request` is the request record's
// bytes (decode_request_record reads them); createSession carries an int timeout instead.
struct LearnerRequest {
  int64_t session_id = 0;
  int32_t cxid = 0;
  OpCode type = OpCode::kCreate;
  std::string request;
  std::optional<std::vector<Id>> authinfo;
  bool operator==(const LearnerRequest&) const = default;
};
struct Sync {  // SYNC (7), leader -> learner, zxid 0: the sync a learner forwarded is done
  bool operator==(const Sync&) const = default;
};
struct Inform {  // INFORM (8), to observers: a committed txn, PROPOSAL's data
  int64_t zxid = 0;
  TxnEntry txn;
  bool operator==(const Inform&) const = default;
};
struct CommitAndActivate {  // COMMITANDACTIVATE (9): data = long designated leader
  int64_t zxid = 0;
  int64_t designated_leader = 0;
  bool operator==(const CommitAndActivate&) const = default;
};
struct InformAndActivate {  // INFORMANDACTIVATE (19): long designated leader + PROPOSAL's data
  int64_t zxid = 0;
  int64_t designated_leader = 0;
  TxnEntry txn;
  bool operator==(const InformAndActivate&) const = default;
};

using QuorumMessage =
    std::variant<FollowerInfo, LeaderInfo, AckEpoch, Diff, Trunc, Snap, NewLeader, UpToDate,
                 Proposal, Ack, Commit, LeaderPing, LearnerPing, Revalidate, RevalidateReply,
                 LearnerRequest, Sync, Inform, CommitAndActivate, InformAndActivate>;

Sender sender_of(const QuorumMessage& message);
QuorumPacket to_packet(const QuorumMessage& message);
// MARSHALLINGERROR for an unknown type, a type `sender` never sends, or data its reader cannot
// read.
Result<QuorumMessage> from_packet(const QuorumPacket& packet, Sender sender);

std::string encode_learner_info(const LearnerInfo& info);  // the 20-byte jute record
Result<LearnerInfo> decode_learner_info(std::string_view data);

}  // namespace zab::wire
