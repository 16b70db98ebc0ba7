// Messages between peers: FastLeaderElection notifications on the election channel and Zab's
// QuorumPackets on the quorum channel. Names follow ZooKeeper (Leader.java's packet types);
// the Zab paper's names are in the comments (glossary: impl/quorum/README.md).
#pragma once

#include <boost/container/small_vector.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>

#include "impl/core/hasher.h"
#include "impl/core/ids.h"
#include "impl/core/server_state.h"
#include "impl/core/state_machine.h"
#include "impl/core/txn.h"
#include "impl/quorum/config.h"

namespace zab {

template <class T, size_t N = 4>
using SmallVec = boost::container::small_vector<T, N>;

// A vote: the proposed leader and what FLE knows of its history. `leader` is empty only for an
// observer that has not learnt of any leader (ZooKeeper uses Long.MIN_VALUE for that).
struct Vote {
  std::optional<NodeId> leader;
  Zxid zxid;
  Epoch peer_epoch;
  ZK_FIELDS(leader, zxid, peer_epoch)
  bool operator==(const Vote&) const = default;
};
std::string to_string(const Vote& vote);

// ---- Election channel -------------------------------------------------------------------------

// FastLeaderElection.Notification: the sender's vote, its logical clock (electionEpoch) and state.
// The sender's id is the channel's source.
struct Notification {
  Vote vote;
  uint64_t election_epoch = 0;
  ServerState state = ServerState::kLooking;
  ZK_FIELDS(vote, election_epoch, state)
  bool operator==(const Notification&) const = default;
};

// ---- Quorum channel ---------------------------------------------------------------------------

// FOLLOWERINFO / OBSERVERINFO (paper: CEPOCH): a learner's acceptedEpoch, opening discovery.
struct FollowerInfo {
  Epoch accepted_epoch;
  LearnerType type = LearnerType::kParticipant;
  ZK_FIELDS(accepted_epoch, type)
  bool operator==(const FollowerInfo&) const = default;
};
// LEADERINFO (paper: NEWEPOCH): the epoch the leader proposes.
struct LeaderInfo {
  Epoch new_epoch;
  ZK_FIELDS(new_epoch)
  bool operator==(const LeaderInfo&) const = default;
};
// ACKEPOCH: the learner's currentEpoch and last zxid. An empty epoch is ZooKeeper's -1: the
// learner had already accepted this epoch, so its ack does not count towards the quorum.
struct AckEpoch {
  std::optional<Epoch> current_epoch;
  Zxid last_zxid;
  ZK_FIELDS(current_epoch, last_zxid)
  bool operator==(const AckEpoch&) const = default;
};
// Sync mode headers. DIFF: proposals (each followed by COMMIT) follow. TRUNC: drop the log after
// zxid, then proposals follow. SNAP: the whole image replaces the learner's.
struct Diff {
  Zxid zxid;
  ZK_FIELDS(zxid)
  bool operator==(const Diff&) const = default;
};
struct Trunc {
  Zxid zxid;
  ZK_FIELDS(zxid)
  bool operator==(const Trunc&) const = default;
};
struct Snap {
  SnapshotRef snapshot;
  ZK_FIELDS(snapshot)
  bool operator==(const Snap& o) const {
    return snapshot->fingerprint() == o.snapshot->fingerprint();
  }
};
// PROPOSAL (paper: PROPOSE), COMMIT, INFORM (commit with the txn, for observers).
struct Proposal {
  TxnRef txn;
  ZK_FIELDS(txn)
  bool operator==(const Proposal& o) const { return same_txn(txn, o.txn); }
};
struct Commit {
  Zxid zxid;
  ZK_FIELDS(zxid)
  bool operator==(const Commit&) const = default;
};
struct Inform {
  TxnRef txn;
  ZK_FIELDS(txn)
  bool operator==(const Inform& o) const { return same_txn(txn, o.txn); }
};
// NEWLEADER (paper: NEWLEADER) carries <newEpoch, 0>; UPTODATE (paper: COMMIT-LD) ends sync.
struct NewLeader {
  Zxid zxid;
  ZK_FIELDS(zxid)
  bool operator==(const NewLeader&) const = default;
};
struct UpToDate {
  ZK_FIELDS()
  bool operator==(const UpToDate&) const = default;
};
// ACK: of a PROPOSAL, of NEWLEADER (paper: ACK-LD) or of UPTODATE (counter 0).
struct Ack {
  Zxid zxid;
  ZK_FIELDS(zxid)
  bool operator==(const Ack&) const = default;
};
// PING: the leader's heartbeat carrying lastProposed; the learner echoes it with the sessions
// its clients touched since the last one (session id, timeout), which keeps them alive at the
// leader's SessionTracker.
struct Ping {
  Zxid zxid;
  SmallVec<std::pair<uint64_t, uint32_t>, 2> sessions;
  ZK_FIELDS(zxid, sessions)
  bool operator==(const Ping&) const = default;
};
// REQUEST: a learner forwards a client's write or sync to the leader (session, cxid, type and
// the request record, encoded by impl/server/request_codec). Opaque to the quorum core.
struct Request {
  std::string payload;
  ZK_FIELDS(payload)
  bool operator==(const Request&) const = default;
};

// REVALIDATE, learner to leader: a client re-attached here to `session_id`, asking for
// `timeout_ms`. The leader refreshes the session, makes this learner its owner and answers.
struct Revalidate {
  uint64_t session_id = 0;
  uint32_t timeout_ms = 0;
  ZK_FIELDS(session_id, timeout_ms)
  bool operator==(const Revalidate&) const = default;
};
// REVALIDATE, leader to learner: whether the session is alive (LearnerHandler's answer).
struct RevalidateReply {
  uint64_t session_id = 0;
  bool valid = false;
  ZK_FIELDS(session_id, valid)
  bool operator==(const RevalidateReply&) const = default;
};
// SYNC, leader to learner: the oldest sync this learner forwarded has passed the leader. Sent
// once every proposal outstanding when the leader read it has committed, after those COMMITs
// on the same FIFO channel (Leader.processSync / sendSync). Opaque to the quorum core.
struct SyncReply {
  ZK_FIELDS()
  bool operator==(const SyncReply&) const = default;
};

using Message = std::variant<Notification, FollowerInfo, LeaderInfo, AckEpoch, Diff, Trunc, Snap,
                             Proposal, Commit, Inform, NewLeader, UpToDate, Ack, Ping, Request,
                             Revalidate, RevalidateReply, SyncReply>;

// Opening a learner's connection to its leader: anything the leader had sent on an older
// connection in the other direction belongs to a closed socket and is never read.
inline bool opens_connection(const Message& msg) {
  return std::holds_alternative<FollowerInfo>(msg);
}

enum class Channel : uint8_t { kElection, kQuorum };
Channel channel_of(const Message& msg);
std::string_view to_string(Channel channel);

// The packet name as ZooKeeper logs it: "FOLLOWERINFO", "PROPOSAL", ...
std::string_view message_name(const Message& msg);
// One line with the fields: "PROPOSAL <1,2>", "NOTIFICATION leader=n3 zxid=<0,0> ...".
std::string describe(const Message& msg);

}  // namespace zab
