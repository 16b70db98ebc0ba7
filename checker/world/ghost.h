// Ghost history: what the world records, beside the servers, for the properties to read. Never
// read by the servers. Kept as sorted sets, so that the ghost does not depend on the order of
// independent events; shared copy-on-write between worlds, since most steps leave it alone.
#pragma once

#include <cstdint>
#include <optional>
#include <utility>

#include "checker/world/cow.h"
#include "impl/core/hasher.h"
#include "impl/core/txn.h"
#include "impl/quorum/state.h"
#include "impl/server/zk_server.h"

namespace zab::check {

// A session expiry the leader performed (ghost, for session-bucket-expiry).
using ExpiryRecord = server::SessionExpired;

struct Ghost {
  // Every (epoch, leader) a leader was established for, sorted.
  SmallVec<std::pair<Epoch, NodeId>> established;
  // Every write acknowledged to a client as committed, by zxid.
  SmallVec<TxnRef> acknowledged;
  // Every txn known committed: acknowledged writes, and the whole history of each leader at the
  // moment a quorum acked its NEWLEADER (Zab commits the new leader's initial history then).
  SmallVec<TxnRef> committed;
  // Servers whose restart ZooKeeper would refuse (QuorumPeer.loadDataBase).
  SidSet refused_restart;
  // Sessions whose closeSession txn is committed, with its zxid (server worlds).
  SmallVec<std::pair<uint64_t, Zxid>, 2> closed_sessions;
  // Every session expiry the leaders performed, in order.
  SmallVec<ExpiryRecord, 2> expiries;
  // The first txn after which a server's tree digest was not the one the txn carried.
  std::optional<server::DigestMismatch> digest_mismatch;
  ZK_FIELDS(established, acknowledged, committed, refused_restart, closed_sessions, expiries,
            digest_mismatch)
};

// The world's ghost and the events that add to it. Each record copies the shared ghost only when
// it changes something.
class GhostRecord {
 public:
  const Ghost& operator*() const { return *ghost_; }
  const Ghost* operator->() const { return &*ghost_; }

  // `id` became an established leader: its epoch, and its whole history is committed.
  void established(NodeId id, const PeerState& peer, bool decode_sessions);
  // A write acknowledged to its client as committed (ClientReply ok), hence committed.
  void acknowledged(const TxnRef& txn, bool decode_sessions);
  // A txn known committed. With the server layer (`decode_sessions`), a committed closeSession
  // txn (ZooKeeper's OpCode.closeSession) also closes its session.
  void committed(const TxnRef& txn, bool decode_sessions);
  void expired(const ExpiryRecord& e) { ghost_.mut().expiries.push_back(e); }
  void refused_restart(NodeId id) { ghost_.mut().refused_restart.insert(id); }
  void digest_mismatch(const server::DigestMismatch& m) {
    if (!ghost_->digest_mismatch) ghost_.mut().digest_mismatch = m;
  }

  void hash_into(Hasher& h) const { hash_append(h, *ghost_); }

 private:
  Cow<Ghost> ghost_;
};

}  // namespace zab::check
