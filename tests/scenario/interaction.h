// Interaction tests on bare Peers, in the style of etcd raft's interaction tests: a script feeds
// inputs to real Peers (impl/quorum) and prints every effect each step emits (describe()), and
// the output is compared with a golden text. The harness interprets effects only as far as the
// next input needs (messages into FIFO channels, SelfAck into a queue, armed timers); it keeps no
// disk. On every step it also checks the contract of impl/quorum/effects.h that an outbox alone
// can show, and prints any breach as a `!! contract:` line.
//
// Commands (one per line; blocks are "command\n----\noutput\n" separated by blank lines):
//   config servers=3 [observers=N] [bug=ID]   (first; the ensemble and any seeded bug)
//   boot n1 n2 ...                            recover each from an empty data directory
//   deliver nA->nB election|quorum            nB reads the head of that channel
//   fire nX TIMER                             an armed timer fires (e.g. election-finalize)
//   log-writer nX | apply nX                  a stage drains
//   self-ack nX                               the oldest SelfAck loops back as LocalAck
//   propose nX PAYLOAD                        a client write (ClientPropose)
//   crash nX                                  nX stops; every peer reads the close
//   restart nX                                nX recovers from what it had written
//   settle [election]                         (silent) run until quiet: deliveries in channel
//                                             order, self-acks, stages, then finalizeWait
//                                             (with `election`: election traffic only)
//   state [nX ...]                            role, phase, epochs, log, applied, armed timers
#pragma once

#include <deque>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "impl/quorum/peer.h"

namespace zab::testing {

class Interaction {
 public:
  // Runs one command; returns its output (empty for config). Throws std::runtime_error for a
  // malformed command or one the state does not allow (an empty channel, an unarmed timer).
  std::string run(std::string_view command);

 private:
  using Key = std::tuple<NodeId, NodeId, Channel>;  // (from, to, channel)
  struct Before {
    ServerState state;
    std::vector<NodeId> connected;  // quorum connections of its role
  };

  void configure(const std::vector<std::string_view>& words);
  void boot(NodeId id, const DurableState& disk);
  void deliver(NodeId from, NodeId to, Channel channel);
  void step(NodeId id, const Input& input, const std::string& what);
  void interpret(NodeId id, const Effect& e);
  void check_contract(NodeId id, const Before& before, const Effects& effects);
  bool settle_once(bool election_only);
  void crash(NodeId id);
  std::string state_of(NodeId id) const;
  PeerState& peer(NodeId id);

  QuorumConfig cfg_;
  std::map<NodeId, PeerState> peers_;    // the servers that are up
  std::map<NodeId, DurableState> down_;  // the crashed ones' data directories
  std::map<Key, std::deque<std::optional<Message>>> channels_;  // nullopt: a connection close
  std::map<NodeId, std::deque<Zxid>> self_acks_;
  std::map<NodeId, std::set<TimerKind>> timers_;
  uint64_t requests_ = 0;  // client writes proposed so far
  std::string out_;        // the output of the command being run
  bool silent_ = false;    // settle prints only contract breaches and its summary
};

}  // namespace zab::testing
