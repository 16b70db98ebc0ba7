#include "impl/core/bugs.h"

namespace zab {

const std::vector<BugInfo>& all_bugs() {
  static const std::vector<BugInfo> bugs = {
      {Bug::kZk4643, "zk-4643",
       "follower writes currentEpoch before the synced transactions are durable"},
      {Bug::kZk4646, "zk-4646",
       "follower ACKs NEWLEADER before the log writer has synced the transactions"},
      {Bug::kZk1154, "zk-1154", "leader sends DIFF where TRUNC or SNAP is needed"},
      {Bug::kZk1419, "zk-1419", "FLE vote order not transitive (id tie-break ignores the epoch)"},
      {Bug::kZk1277, "zk-1277", "zxid counter overflow does not force a new election"},
      {Bug::kCommitBeforeQuorum, "commit-before-quorum",
       "leader commits a proposal before a quorum has acknowledged it"},
      {Bug::kZk2355, "zk-2355",
       "follower sets lastProcessedZxid at the DIFF header, before the proposals arrive"},
      {Bug::kZk1208, "zk-1208", "a closing session still accepts an ephemeral create"},
      {Bug::kExpiryNoRounding, "expiry-no-rounding",
       "session expiry not rounded up to the next tickTime bucket"},
  };
  return bugs;
}

std::optional<Bug> parse_bug(std::string_view name) {
  for (const auto& info : all_bugs())
    if (info.name == name) return info.bug;
  return std::nullopt;
}

std::string_view bug_name(Bug bug) {
  for (const auto& info : all_bugs())
    if (info.bug == bug) return info.name;
  return "?";
}

std::vector<std::string> BugSet::names() const {
  std::vector<std::string> out;
  for (const auto& info : all_bugs())
    if (has(info.bug)) out.emplace_back(info.name);
  return out;
}

}  // namespace zab
