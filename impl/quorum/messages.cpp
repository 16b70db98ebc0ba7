#include "impl/quorum/messages.h"

#include <fmt/format.h>

namespace zab {

std::string to_string(const Vote& vote) {
  return fmt::format("({},{},{})", vote.leader ? to_string(*vote.leader) : std::string("none"),
                     to_string(vote.zxid), vote.peer_epoch.value);
}

Channel channel_of(const Message& msg) {
  return std::holds_alternative<Notification>(msg) ? Channel::kElection : Channel::kQuorum;
}

std::string_view to_string(Channel channel) {
  switch (channel) {
    case Channel::kElection:
      return "election";
    case Channel::kQuorum:
      return "quorum";
  }
  return "?";
}

namespace {
struct NameOf {
  std::string_view operator()(const Notification&) const { return "NOTIFICATION"; }
  std::string_view operator()(const FollowerInfo& m) const {
    return m.type == LearnerType::kObserver ? "OBSERVERINFO" : "FOLLOWERINFO";
  }
  std::string_view operator()(const LeaderInfo&) const { return "LEADERINFO"; }
  std::string_view operator()(const AckEpoch&) const { return "ACKEPOCH"; }
  std::string_view operator()(const Diff&) const { return "DIFF"; }
  std::string_view operator()(const Trunc&) const { return "TRUNC"; }
  std::string_view operator()(const Snap&) const { return "SNAP"; }
  std::string_view operator()(const Proposal&) const { return "PROPOSAL"; }
  std::string_view operator()(const Commit&) const { return "COMMIT"; }
  std::string_view operator()(const Inform&) const { return "INFORM"; }
  std::string_view operator()(const NewLeader&) const { return "NEWLEADER"; }
  std::string_view operator()(const UpToDate&) const { return "UPTODATE"; }
  std::string_view operator()(const Ack&) const { return "ACK"; }
  std::string_view operator()(const Ping&) const { return "PING"; }
  std::string_view operator()(const Request&) const { return "REQUEST"; }
  std::string_view operator()(const Revalidate&) const { return "REVALIDATE"; }
  std::string_view operator()(const RevalidateReply&) const { return "REVALIDATE"; }
  std::string_view operator()(const SyncReply&) const { return "SYNC"; }
};

struct Describe {
  std::string operator()(const Notification& m) const {
    return fmt::format("NOTIFICATION vote={} round={} state={}", to_string(m.vote),
                       m.election_epoch, to_string(m.state));
  }
  std::string operator()(const FollowerInfo& m) const {
    return fmt::format("{} acceptedEpoch={}", NameOf{}(m), m.accepted_epoch.value);
  }
  std::string operator()(const LeaderInfo& m) const {
    return fmt::format("LEADERINFO newEpoch={}", m.new_epoch.value);
  }
  std::string operator()(const AckEpoch& m) const {
    return fmt::format("ACKEPOCH currentEpoch={} lastZxid={}",
                       m.current_epoch ? std::to_string(m.current_epoch->value) : "-1",
                       to_string(m.last_zxid));
  }
  std::string operator()(const Diff& m) const { return "DIFF " + to_string(m.zxid); }
  std::string operator()(const Trunc& m) const { return "TRUNC " + to_string(m.zxid); }
  std::string operator()(const Snap& m) const { return "SNAP " + to_string(m.snapshot->zxid); }
  std::string operator()(const Proposal& m) const { return "PROPOSAL " + to_string(m.txn->zxid()); }
  std::string operator()(const Commit& m) const { return "COMMIT " + to_string(m.zxid); }
  std::string operator()(const Inform& m) const { return "INFORM " + to_string(m.txn->zxid()); }
  std::string operator()(const NewLeader& m) const { return "NEWLEADER " + to_string(m.zxid); }
  std::string operator()(const UpToDate&) const { return "UPTODATE"; }
  std::string operator()(const Ack& m) const { return "ACK " + to_string(m.zxid); }
  std::string operator()(const Ping& m) const {
    return m.sessions.empty() ? "PING " + to_string(m.zxid)
                              : fmt::format("PING {} touching {} session(s)", to_string(m.zxid),
                                            m.sessions.size());
  }
  std::string operator()(const Request& m) const {
    return fmt::format("REQUEST ({} bytes)", m.payload.size());
  }
  std::string operator()(const Revalidate& m) const {
    return fmt::format("REVALIDATE session={:#x} timeout={}", m.session_id, m.timeout_ms);
  }
  std::string operator()(const RevalidateReply& m) const {
    return fmt::format("REVALIDATE session={:#x} valid={}", m.session_id, m.valid);
  }
  std::string operator()(const SyncReply&) const { return "SYNC"; }
};
}  // namespace

std::string_view message_name(const Message& msg) {
  return std::visit(NameOf{}, msg);
}
std::string describe(const Message& msg) {
  return std::visit(Describe{}, msg);
}

}  // namespace zab
