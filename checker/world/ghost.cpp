#include "checker/world/ghost.h"

#include <algorithm>

#include "impl/data/txn.h"

namespace zab::check {

namespace {
bool by_zxid(const TxnRef& a, const TxnRef& b) {
  return a->zxid() < b->zxid();
}
}  // namespace

void GhostRecord::established(NodeId id, const PeerState& peer, bool decode_sessions) {
  auto& est = ghost_.mut().established;
  const auto entry = std::make_pair(peer.leading->epoch, id);
  est.insert(std::upper_bound(est.begin(), est.end(), entry), entry);
  for (const auto& txn : peer.applied.entries())
    committed(txn, decode_sessions);
}

void GhostRecord::acknowledged(const TxnRef& txn, bool decode_sessions) {
  auto& acked = ghost_.mut().acknowledged;
  acked.insert(std::upper_bound(acked.begin(), acked.end(), txn, by_zxid), txn);
  committed(txn, decode_sessions);
}

void GhostRecord::committed(const TxnRef& txn, bool decode_sessions) {
  for (const auto& known : ghost_->committed)
    if (known->zxid() == txn->zxid() && same_txn(known, txn)) return;
  auto& ghost = ghost_.mut();
  ghost.committed.insert(
      std::upper_bound(ghost.committed.begin(), ghost.committed.end(), txn, by_zxid), txn);
  if (!decode_sessions) return;
  // The session a committed closeSession ends (DataTree.processTxn, OpCode.closeSession).
  const auto decoded = data::decode_txn(txn->payload());
  if (decoded.ok() && decoded->header.type == data::OpCode::kCloseSession) {
    auto& closed = ghost.closed_sessions;
    closed.emplace_back(static_cast<uint64_t>(decoded->header.client_id), txn->zxid());
    std::sort(closed.begin(), closed.end());
  }
}

}  // namespace zab::check
