#include "checker/world/seeded_bugs.h"

namespace zab::check {

namespace {

RunConfig from(std::string_view start, int txns) {
  RunConfig r;
  r.from = std::string(start);
  r.writes = txns;
  return r;
}

RunConfig faults(RunConfig r, int crashes, int restarts, int drops = 0) {
  r.crashes = crashes;
  r.restarts = restarts;
  r.drops = drops;
  return r;
}

// Zab's recovery with one election schedule per election, bounded to epoch 3.
RunConfig recovery(RunConfig r) {
  r.max_epoch = 3;
  r.settle_elections = true;
  return r;
}

// One server and one scripted client.
RunConfig client(std::string_view script, int ticks = 0) {
  RunConfig r;
  r.servers = 1;
  r.writes = 0;
  r.clients = 1;
  r.script = std::string(script);
  r.ticks = ticks;
  return r;
}

// The fixed leader gives up at the third write and the next epoch is out of bounds, which keeps
// the bug-free run small; the buggy one carries into epoch 2 within epoch 1.
RunConfig overflow() {
  RunConfig r = from("elected", 4);
  r.counter_bits = 2;
  r.max_epoch = 1;
  return r;
}

RunConfig partitioned(RunConfig r) {
  r.partitions = 1;
  return r;
}

// A leader cut off and replaced, with two clients doing sync + read.
RunConfig sync_read() {
  RunConfig r = from("deposed-leader", 0);
  r.clients = 2;
  r.script = "sync-read";
  return r;
}

}  // namespace

const std::vector<SeededBug>& seeded_bugs() {
  static const std::vector<SeededBug> bugs = {
      {Bug::kZk4643, "zk-4643", "ZOOKEEPER-4643",
       "follower writes currentEpoch before the synced transactions are durable",
       recovery(faults(from("lagging-one-down", 0), 2, 2)), "committed-never-lost"},
      {Bug::kZk4646, "zk-4646", "ZOOKEEPER-4646",
       "follower ACKs NEWLEADER before the log writer has synced the transactions",
       recovery(faults(from("unlogged-reelected", 0), 3, 2)), "committed-never-lost"},
      {Bug::kZk1154, "zk-1154", "ZOOKEEPER-1154", "leader sends DIFF where TRUNC or SNAP is needed",
       from("diverged", 0), "prefix-agreement"},
      {Bug::kZk1419, "zk-1419", "ZOOKEEPER-1419",
       "FLE vote order not transitive (id tie-break ignores the epoch)", from("epoch-skew", 0),
       "no-vote-cycle"},
      {Bug::kZk1277, "zk-1277", "ZOOKEEPER-1277",
       "zxid counter overflow does not force a new election", overflow(), "zxid-monotonic"},
      {Bug::kCommitBeforeQuorum, "commit-before-quorum", "",
       "leader commits a proposal before a quorum has acknowledged it",
       faults(from("elected", 1), 1, 0), "committed-never-lost"},
      {Bug::kZk2355, "zk-2355", "ZOOKEEPER-2355",
       "follower sets lastProcessedZxid at the DIFF header, before the proposals arrive",
       faults(from("lagging", 0), 0, 0, 1), "replica-consistency"},
      {Bug::kZk1208, "zk-1208", "ZOOKEEPER-1208",
       "a closing session still accepts an ephemeral create", client("pipelined-close"),
       "ephemeral-cleanup"},
      {Bug::kExpiryNoRounding, "expiry-no-rounding", "",
       "session expiry not rounded up to the next tickTime bucket", client("vanish", 8),
       "session-bucket-expiry"},
      // Within these bounds only spec-conformance sees it; primary-integrity needs 3 crashes and
      // 3 restarts from lagging-one-down (README, "Conformance"; corpus/zk-3642-committed-lost).
      {Bug::kZk3642, "zk-3642", "ZOOKEEPER-3642",
       "learner keeps a SNAP image it never persisted after its leader fails before NEWLEADER",
       faults(from("empty", 1), 1, 0), "spec-conformance"},
      {Bug::kSyncWithoutQuorumRound, "sync-without-quorum-round", "",
       "leader answers a sync with no round to a quorum (ZooKeeper's behaviour): a deposed "
       "leader that has not noticed answers from before its successor's writes",
       sync_read(), "sync-linearizable"},
      {Bug::kDigestIgnoresOutstanding, "digest-ignores-outstanding", "",
       "leader stamps a txn with the digest of its applied tree plus the txn, leaving out the "
       "proposals still outstanding (what PrepRequestProcessor's outstandingChanges are for)",
       client("sequential"), "txn-digest-agrees"},
      {Bug::kTruncKeepsNext, "trunc-keeps-next", "",
       "learner told to TRUNC to a zxid it never logged keeps the txn after it, and snapshots "
       "newer than the target stay (ZooKeeper 3.8's FileTxnLog.truncate and truncateLog)",
       recovery(faults(from("first-unlogged", 0), 0, 1)), "replica-consistency"},
      {Bug::kTruncBeforeApply, "trunc-before-apply", "",
       "leader TRUNCs a reconnecting learner to its newest *applied* txn, cutting a txn the "
       "learner logged and a quorum committed that the leader has not applied yet (ZooKeeper "
       "3.8's LearnerHandler.syncFollower; README, \"Findings\")",
       [] {
         RunConfig r = partitioned(faults(from("steady", 0), 1, 0));
         r.max_epoch = 3;
         return r;
       }(),
       "committed-never-lost"},
  };
  return bugs;
}

const SeededBug* find_seeded_bug(std::string_view id) {
  for (const auto& b : seeded_bugs())
    if (b.id == id) return &b;
  return nullptr;
}

}  // namespace zab::check
