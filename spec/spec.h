// The executable spec of Zab: an abstract model of the protocol, written action by action as the
// Zab paper (Junqueira, Reed, Serafini, "Zab: High-performance broadcast for primary-backup
// systems", DSN 2011) states it, with ZooKeeper's refinements where the implementation differs
// (each action cites both). It is a model for the same explorers as the implementation
// (checker/search/model.h), so `zabcheck spec` runs BFS, DFS and random walks over it.
//
// Abstractions, and why:
//  - Election (Phase 0) is one step: a quorum of LOOKING servers agrees on the one of them with
//    the most recent history, (currentEpoch, last zxid, sid) highest. FastLeaderElection's own
//    correctness stays with the implementation checks.
//  - A message is an atomic step of its two ends (sent and received at once). Zab assumes FIFO
//    channels (TCP), and each end handles one peer's messages in order (a LearnerHandler per
//    follower), so the only orders lost are those of messages in flight to a server that then
//    crashes or gives up, which a step of the sender followed by the receiver's timeout covers.
//    Explicit channels would multiply the states by the channel contents for no new behaviour.
//  - Phase 3 proposals reach a follower one at a time in history order (`ack`), which is the
//    FIFO channel read lazily: the follower's history is a prefix of its leader's.
//  - Faults: crash and restart (budgets), and a follower giving up on a leader that is still
//    there (a socket timeout, syncLimit: budget --timeouts); giving up on a leader that crashed
//    or quit is free, and a leader quits when it no longer has a quorum.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checker/search/model.h"
#include "impl/core/ids.h"

namespace zab::spec {

inline constexpr int kServersMax = 5;

enum class Role : uint8_t { kLooking, kFollowing, kLeading };

// Where a follower is in Phases 1 and 2 with its leader.
enum class FollowerPhase : uint8_t {
  kConnected,   // chose its leader, FOLLOWERINFO (CEPOCH) not yet sent
  kInfoSent,    // FOLLOWERINFO sent, waiting for NEWEPOCH (LEADERINFO)
  kEpochAcked,  // ACKEPOCH sent, waiting for NEWLEADER
  kSynced,      // took the leader's history and sent ACK-LD, waiting for COMMIT-LD (UPTODATE)
  kBroadcast,   // Phase 3
};

// Where a leader is.
enum class LeaderPhase : uint8_t {
  kDiscovery,      // collecting FOLLOWERINFOs
  kEpochProposed,  // NEWEPOCH(e') decided, collecting ACKEPOCHs
  kSync,           // currentEpoch = e', collecting ACK-LDs of NEWLEADER
  kBroadcast,      // established: COMMIT-LD sent, proposing
};

struct Server {
  // Durable (survive a crash): f.p, f.a and the history h_f.
  uint8_t accepted_epoch = 0;
  uint8_t current_epoch = 0;
  std::vector<Zxid> history;
  // Volatile.
  bool up = true;
  Role role = Role::kLooking;
  uint8_t committed = 0;  // the prefix of history delivered (committed)
  // FOLLOWING only.
  uint8_t leader = 0;
  FollowerPhase fphase = FollowerPhase::kConnected;
  // LEADING only (bit i: server i). The leader counts itself in every quorum.
  LeaderPhase lphase = LeaderPhase::kDiscovery;
  uint8_t summary_epoch = 0;  // f.a when elected (Leader.lead's leaderStateSummary)
  uint8_t new_epoch = 0;      // e' once proposed
  uint8_t max_accepted = 0;   // the highest f.p among the FOLLOWERINFOs so far
  uint8_t learners = 0;       // followers connected (a LearnerHandler each)
  uint8_t info = 0;           // FOLLOWERINFO received
  uint8_t epoch_acks = 0;     // ACKEPOCH that count (f.p was below e')
  uint8_t synced = 0;         // ACK-LD received
  std::vector<uint8_t> acks;  // per history entry: who logged it (entries not yet committed)

  bool operator==(const Server&) const = default;
};

// What the properties need to remember of the past (never read by the protocol's actions).
struct Ghost {
  std::vector<uint8_t> established;  // per epoch: the servers that established it (bits)
  std::vector<Zxid> delivered;       // the longest committed sequence seen
  std::vector<Zxid> ever_committed;  // every zxid ever committed somewhere, sorted
  bool operator==(const Ghost&) const = default;
};

struct State {
  std::vector<Server> servers;
  uint8_t proposals = 0;  // client transactions proposed so far
  uint8_t crashes = 0;    // crashes so far
  uint8_t restarts = 0;   // restarts so far
  uint8_t timeouts = 0;   // followers that gave up on a leader still connected to them
  Ghost ghost;
  bool operator==(const State&) const = default;
};

enum class Kind : uint8_t {
  kElect,            // a: the elected server
  kJoin,             // a: LOOKING server, b: leader it follows
  kFollowerInfo,     // a: follower, b: its leader
  kNewEpoch,         // a: leader
  kAckEpoch,         // a: follower, b: leader
  kEpochAcked,       // a: leader
  kNewLeader,        // a: follower, b: leader
  kCommitLd,         // a: leader
  kUpToDate,         // a: follower, b: leader
  kPropose,          // a: leader
  kAck,              // a: follower, b: leader
  kCommit,           // a: leader
  kDeliver,          // a: follower, b: leader
  kFollowerGivesUp,  // a: follower
  kLeaderGivesUp,    // a: leader
  kCrash,            // a
  kRestart,          // a
};

struct Action {
  Kind kind;
  uint8_t a = 0;
  uint8_t b = 0;
  bool operator==(const Action&) const = default;
};

// Seeded mutations of the spec: each breaks one step the way a plausible implementation bug
// would, and a test checks that the explorers catch it.
enum class SpecBug : uint8_t {
  kNone,
  kSkipEpochAckQuorum,      // the leader moves to sync without a quorum of ACKEPOCHs
  kCountEqualEpochAck,      // an ACKEPOCH for an epoch already accepted counts (ZK sends -1)
  kCommitWithoutQuorum,     // the leader commits a proposal before a quorum ACKs it
  kElectionIgnoresHistory,  // election picks the highest sid, and no "follower ahead" check
  kNoSync,                  // NEWLEADER does not give the follower the leader's history
  kCounterRestarts,         // every proposal gets counter 1 (the zxid counter is not advanced)
};
std::string_view to_string(SpecBug bug);

// Names for traces, findings and reports: "s1" for server 0, and the words describe() prints.
std::string sid(int index);
std::string_view to_string(Role role);
std::string_view to_string(FollowerPhase phase);
std::string_view to_string(LeaderPhase phase);
std::optional<SpecBug> parse_spec_bug(std::string_view name);
std::vector<SpecBug> all_spec_bugs();  // without kNone

struct SpecConfig {
  int servers = 3;
  int txns = 1;
  int crashes = 1;
  int restarts = 1;
  int timeouts = 1;  // a follower gives up on a live leader (a partition, syncLimit)
  int max_epoch = 2;
  SpecBug bug = SpecBug::kNone;
  std::vector<std::string> properties;  // the ids to check (empty: all of property_ids())
  // Why the configuration cannot be checked, or nullopt.
  std::optional<std::string> problem() const;
  std::string flags() const;  // "--servers 3 --txns 1 ..." (reproduces the run)
};

// The spec and its properties, as a model for checker/search.
class SpecModel {
 public:
  using State = spec::State;
  using Action = spec::Action;
  struct Sharing {
    void evict_unshared() {}
  };

  explicit SpecModel(SpecConfig config) : cfg_(config) {}
  const SpecConfig& config() const { return cfg_; }
  State start() const;

  void actions(const State& s, std::vector<Action>& out) const;
  void perform(State& s, const Action& a) const;
  uint64_t fingerprint(const State& s) const;
  bool within_bounds(const State& s) const;
  std::string name(const State& s, const Action& a) const;
  std::optional<Action> parse(const State& s, std::string_view line) const;
  std::optional<search::FaultClass> fault_class(const Action& a) const;

  std::optional<search::Violation> check_invariants(const State& s) const;
  std::optional<search::Violation> check_transition(const State& before, const Action& a,
                                                    const State& after) const;
  size_t goal_count() const;
  std::string_view goal_id(size_t i) const;
  bool goal_reached(size_t i, const State& s) const;

  // No liveness properties and no partial-order reduction: the spec is small.
  size_t eventually_count() const { return 0; }
  std::string_view eventually_id(size_t) const { return {}; }
  bool eventually_checked(size_t) const { return false; }
  search::LivenessBits liveness_bits(const State&) const { return {}; }
  std::string eventually_detail(size_t, uint64_t, uint64_t) const { return {}; }
  uint64_t por_bit(const Action&) const { return 0; }
  uint64_t por_conflicts(const Action&) const { return 0; }
  bool por_independent(const State&, const Action&, const State&) const { return false; }
  bool por_supported(const State&) const { return false; }
  void share(State&, Sharing&) const {}

  // The property ids the spec checks, in the order it checks them.
  static const std::vector<std::string_view>& property_ids();
  // One line per server ("s1 LEADING e'=2 f.p=2 f.a=2 h=[<1,1>] c=1"), for traces and tests.
  std::string describe(const State& s) const;

 private:
  int quorum() const { return cfg_.servers / 2 + 1; }
  bool is_quorum(uint8_t mask) const;
  bool bug(SpecBug b) const { return cfg_.bug == b; }
  bool checks(std::string_view id) const;
  void elect(State& s, int l) const;
  void ack_epoch(State& s, int f, int l) const;
  void step_broadcast(State& s, const Action& a) const;
  void give_up(Server& sv) const;
  void note_commits(State& s) const;

  SpecConfig cfg_;
};

static_assert(search::Model<SpecModel>);

}  // namespace zab::spec
