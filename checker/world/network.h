// The servers' network: one FIFO channel per (sender, receiver, channel kind), like TCP, and the
// links a partition cut. Messages are immutable and shared: a world copy shares everything in
// flight with its parent, and an entry costs a few words.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "impl/core/hasher.h"
#include "impl/core/ids.h"
#include "impl/quorum/messages.h"
#include "impl/quorum/state.h"

namespace zab::check {

// A channel entry: a message, or (null) the mark that the sender closed the quorum connection
// (the receiver reads it, in order, as ConnectionLost).
struct Envelope {
  std::shared_ptr<const Message> msg;
  ZK_FIELDS(msg)
};

// One entry in flight on the channel from -> to of `kind`.
struct InFlight {
  NodeId from;
  NodeId to;
  Channel kind = Channel::kElection;
  Envelope env;
  ZK_FIELDS(from, to, kind, env)
};

// A read-only view of one channel's contents, oldest first.
struct ChannelQueue {
  NodeId from;
  NodeId to;
  Channel kind = Channel::kElection;
  std::vector<Envelope> items;
};

class Network {
 public:
  // Sized for server ids 1..max_id.
  void resize(size_t slots) { cut_.resize(slots); }

  // Everything in flight, sorted by (from, to, kind), oldest first within a channel.
  const SmallVec<InFlight, 4>& in_flight() const { return entries_; }
  const Envelope* head(NodeId from, NodeId to, Channel kind) const;
  std::optional<ChannelQueue> channel(NodeId from, NodeId to, Channel kind) const;
  std::vector<ChannelQueue> channels() const;
  // Whether entry i is the oldest of its channel (only heads can be delivered).
  bool is_head(size_t i) const;

  // FIFO within a channel: a new entry goes after everything already on its channel.
  void push(NodeId from, NodeId to, Channel kind, Envelope env);
  void pop(NodeId from, NodeId to, Channel kind);
  void clear_queue(NodeId from, NodeId to, Channel kind);
  // Everything from or to `id` is lost (a crash).
  void clear_node(NodeId id);
  // TCP semantics for the quorum connection: whatever is in flight either way is lost, and the
  // other end reads the close, in order, after anything sent before it.
  void close_connection(NodeId from, NodeId to);

  bool cut(NodeId a, NodeId b) const { return cut_[a.value].contains(b); }
  const SidSet& cuts_of(NodeId id) const { return cut_[id.value]; }
  // A partition loses what is in flight on the link both ways, and each end reads a close (both
  // eventually notice: read timeouts).
  void partition(NodeId a, NodeId b);
  void heal(NodeId a, NodeId b);

 private:
  SmallVec<InFlight, 4> entries_;
  SmallVec<SidSet, 8> cut_;  // indexed by server id
};

}  // namespace zab::check
