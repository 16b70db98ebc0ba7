// Transactions and the persistent transaction log.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "impl/core/ids.h"

namespace zab {

// One transaction as Zab moves it: its zxid and an opaque payload. The quorum core never looks
// inside the payload; the replicated state machine (the data tree, or a test counter) decodes it,
// as ZooKeeper's Zab layer carries serialized TxnHeader + record bytes.
class Txn {
 public:
  Txn(Zxid zxid, std::string payload);
  Zxid zxid() const { return zxid_; }
  const std::string& payload() const { return payload_; }
  uint64_t fingerprint() const { return fingerprint_; }
  bool operator==(const Txn& other) const {
    return zxid_ == other.zxid_ && payload_ == other.payload_;
  }

 private:
  Zxid zxid_;
  std::string payload_;
  uint64_t fingerprint_;
};
// Transactions are immutable and shared by every log, message and queue that holds them.
using TxnRef = std::shared_ptr<const Txn>;
TxnRef make_txn(Zxid zxid, std::string payload);
bool same_txn(const TxnRef& a, const TxnRef& b);

// A sequence of transactions as an immutable persistent list: appending or truncating returns a
// new log that shares every untouched entry with the old one, so copying a world copies one
// pointer per log, and two logs with a common history share it in memory. Each entry caches the
// hash of the whole prefix up to it, so fingerprints and prefix checks are cheap.
class TxnLog {
 public:
  TxnLog() = default;

  TxnLog append(TxnRef txn) const;
  // The longest prefix whose entries all have zxid <= `zxid`.
  TxnLog truncate_after(Zxid zxid) const;
  // The zxid of the first entry (oldest first) at or above `zxid`: where ZooKeeper's
  // FileTxnLog.truncate cuts (after that entry); none when every entry is below `zxid`.
  std::optional<Zxid> first_at_or_above(Zxid zxid) const;
  // The first `length` entries.
  TxnLog prefix(size_t length) const;
  // The last `length` entries as a log of their own, sharing no entry with this one (so that the
  // older entries can be freed): its fingerprint and prefix relations are those of a log that
  // starts with them. For bounded histories outside the checker; O(size).
  TxnLog suffix(size_t length) const;

  size_t size() const { return tip_ ? tip_->size : 0; }
  bool empty() const { return !tip_; }
  // Zxid of the last entry, or <0,0> for an empty log.
  Zxid last_zxid() const { return tip_ ? tip_->txn->zxid() : Zxid{}; }
  TxnRef last() const { return tip_ ? tip_->txn : nullptr; }
  // Entries oldest first.
  std::vector<TxnRef> entries() const;
  // Entries with zxid > `after`, oldest first.
  std::vector<TxnRef> entries_after(Zxid after) const;
  TxnRef find(Zxid zxid) const;
  bool contains(Zxid zxid) const { return find(zxid) != nullptr; }
  // True when this log's entries are a prefix of (or equal to) `other`'s.
  bool is_prefix_of(const TxnLog& other) const;

  uint64_t fingerprint() const { return tip_ ? tip_->chain_hash : 0; }
  bool operator==(const TxnLog& other) const;
  std::string describe() const;  // "[<1,1> <1,2>]"

 private:
  struct Entry {
    std::shared_ptr<const Entry> prev;
    TxnRef txn;
    uint64_t chain_hash;
    uint32_t size;
  };
  explicit TxnLog(std::shared_ptr<const Entry> tip) : tip_(std::move(tip)) {}
  const Entry* entry_at_size(size_t size) const;

  std::shared_ptr<const Entry> tip_;
};

}  // namespace zab
