// Seeded bugs: switches that bring back real ZooKeeper failures, so that the checker can prove it
// finds them. Each switch is a few lines at the exact protocol step that regressed; grep for
// `bugs.has(Bug::...)` to find them. Their names, JIRA issues, sentences and smallest
// configurations are the checker's table (checker/world/seeded_bugs.cpp).
#pragma once

#include <cstdint>

namespace zab {

enum class Bug : uint8_t {
  kZk4643,              // ZOOKEEPER-4643: currentEpoch written before the synced txns are durable
  kZk4646,              // ZOOKEEPER-4646: NEWLEADER ACKed before the log writer synced the txns
  kZk1154,              // ZOOKEEPER-1154: leader sends DIFF where TRUNC (or SNAP) is needed
  kZk1419,              // ZOOKEEPER-1419: FLE vote order not transitive (tie-break ignores epoch)
  kZk1277,              // ZOOKEEPER-1277: zxid counter overflow does not force a new election
  kCommitBeforeQuorum,  // leader commits a proposal before a quorum has acked it
  kZk2355,              // ZOOKEEPER-2355: follower sets lastProcessedZxid at the DIFF header
  kZk1208,              // ZOOKEEPER-1208: a closing session still accepts an ephemeral create
  kExpiryNoRounding,    // session expiry not rounded up to the next bucket
  kZk3642,              // ZOOKEEPER-3642: learner keeps an unpersisted SNAP image after shutdown
  kSyncWithoutQuorumRound,    // leader answers a sync with no round to a quorum (as ZooKeeper does)
  kDigestIgnoresOutstanding,  // leader's TxnDigest leaves out the proposals still outstanding
  kTruncKeepsNext,            // TRUNC to an unlogged zxid keeps the next txn (as ZooKeeper does)
  kTruncBeforeApply,          // leader TRUNCs a txn it logged but has not applied (as ZooKeeper)
};

class BugSet {
 public:
  bool has(Bug bug) const { return (bits_ >> static_cast<int>(bug)) & 1u; }
  void add(Bug bug) { bits_ |= uint32_t(1u << static_cast<int>(bug)); }
  bool empty() const { return bits_ == 0; }
  uint32_t bits() const { return bits_; }
  bool operator==(const BugSet&) const = default;

 private:
  uint32_t bits_ = 0;
};

}  // namespace zab
