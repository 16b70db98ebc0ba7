#include "impl/core/txn.h"

#include <algorithm>

#include "impl/core/check.h"
#include "impl/core/hasher.h"

namespace zab {

Txn::Txn(Zxid zxid, std::string payload) : zxid_(zxid), payload_(std::move(payload)) {
  Hasher h;
  h.u64(zxid_.value);
  h.str(payload_);
  fingerprint_ = h.finish();
}

TxnRef make_txn(Zxid zxid, std::string payload) {
  return std::make_shared<const Txn>(zxid, std::move(payload));
}

bool same_txn(const TxnRef& a, const TxnRef& b) {
  if (a == b) return true;
  if (!a || !b) return false;
  return *a == *b;
}

TxnLog TxnLog::append(TxnRef txn) const {
  ZK_ASSERT(txn != nullptr);
  Hasher h;
  h.u64(fingerprint());
  h.u64(txn->fingerprint());
  const auto chain = h.finish();
  const auto size = static_cast<uint32_t>(this->size() + 1);
  return TxnLog(std::make_shared<const Entry>(Entry{tip_, std::move(txn), chain, size}));
}

TxnLog TxnLog::truncate_after(Zxid zxid) const {
  auto tip = tip_;
  while (tip && tip->txn->zxid() > zxid)
    tip = tip->prev;
  return TxnLog(std::move(tip));
}

std::optional<Zxid> TxnLog::first_at_or_above(Zxid zxid) const {
  std::optional<Zxid> first;
  for (const Entry* e = tip_.get(); e && e->txn->zxid() >= zxid; e = e->prev.get())
    first = e->txn->zxid();
  return first;
}

const TxnLog::Entry* TxnLog::entry_at_size(size_t size) const {
  const Entry* e = tip_.get();
  while (e && e->size > size)
    e = e->prev.get();
  return e;
}

TxnLog TxnLog::prefix(size_t length) const {
  auto tip = tip_;
  while (tip && tip->size > length)
    tip = tip->prev;
  return TxnLog(std::move(tip));
}

TxnLog TxnLog::suffix(size_t length) const {
  if (length >= size()) length = size();
  std::vector<TxnRef> kept;
  kept.reserve(length);
  for (const Entry* e = tip_.get(); e && kept.size() < length; e = e->prev.get())
    kept.push_back(e->txn);
  TxnLog out;
  for (auto it = kept.rbegin(); it != kept.rend(); ++it)
    out = out.append(*it);
  return out;
}

std::vector<TxnRef> TxnLog::entries() const {
  std::vector<TxnRef> out(size());
  size_t i = out.size();
  for (const Entry* e = tip_.get(); e; e = e->prev.get())
    out[--i] = e->txn;
  return out;
}

std::vector<TxnRef> TxnLog::entries_after(Zxid after) const {
  std::vector<TxnRef> out;
  for (const Entry* e = tip_.get(); e && e->txn->zxid() > after; e = e->prev.get())
    out.push_back(e->txn);
  std::reverse(out.begin(), out.end());
  return out;
}

TxnRef TxnLog::find(Zxid zxid) const {
  for (const Entry* e = tip_.get(); e; e = e->prev.get())
    if (e->txn->zxid() == zxid) return e->txn;
  return nullptr;
}

bool TxnLog::is_prefix_of(const TxnLog& other) const {
  if (size() > other.size()) return false;
  if (empty()) return true;
  const Entry* theirs = other.entry_at_size(size());
  ZK_ASSERT(theirs != nullptr && theirs->size == size());
  // Chain hashes cover the whole prefix; compare entries as well so that a hash collision can
  // never make two different histories look equal.
  if (theirs->chain_hash != tip_->chain_hash) return false;
  const Entry* mine = tip_.get();
  while (mine && theirs && mine != theirs) {
    if (!same_txn(mine->txn, theirs->txn)) return false;
    mine = mine->prev.get();
    theirs = theirs->prev.get();
  }
  return true;
}

bool TxnLog::operator==(const TxnLog& other) const {
  return size() == other.size() && is_prefix_of(other);
}

std::string TxnLog::describe() const {
  std::string out = "[";
  for (const auto& txn : entries()) {
    if (out.size() > 1) out += " ";
    out += to_string(txn->zxid());
  }
  return out + "]";
}

}  // namespace zab
