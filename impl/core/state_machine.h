// The replicated state machine behind Zab: committed transactions are applied to it in zxid
// order. The quorum core sees it only through this interface; the data tree (impl/data) and
// the tests' counter machine implement it.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "impl/core/txn.h"

namespace zab {

// One immutable version of the replicated state. Applying a transaction returns a new version and
// leaves this one untouched, so a snapshot is just a pointer, and worlds in the checker share
// every version they have in common.
class StateImage {
 public:
  virtual ~StateImage() = default;
  // The image after `txn`. Deterministic: equal images and equal txns give equal results.
  virtual std::shared_ptr<const StateImage> apply(const Txn& txn) const = 0;
  // A digest of the content (ZooKeeper's tree digest): equal content, equal digest.
  virtual uint64_t fingerprint() const = 0;
  virtual std::string describe() const = 0;
};
using StateImageRef = std::shared_ptr<const StateImage>;

// A snapshot as ZooKeeper takes it: the image and the zxid of the last transaction in it. The
// history is the sequence of transactions the image was built from (a ghost used by properties
// and reports; it shares its entries with the logs).
struct Snapshot {
  Zxid zxid;
  StateImageRef image;
  TxnLog history;
  uint64_t fingerprint() const;
};
using SnapshotRef = std::shared_ptr<const Snapshot>;
// A snapshot of `image` named `zxid` (ZooKeeper names it by the database's lastProcessedZxid,
// which after a TRUNC or SNAP need not be the last txn in the history).
SnapshotRef make_snapshot(StateImageRef image, TxnLog history, Zxid zxid);
// The same, named by the last txn of `history` (tests and the empty snapshot.0).
SnapshotRef make_snapshot(StateImageRef image, TxnLog history);

// The tests' replicated state machine: counts applied transactions and chains their payloads.
// A txn at or below the last one it applied leaves it as it is: it stands for ZooKeeper's data
// tree, whose txns are idempotent when replayed in order over a tree that already holds them
// (a create that exists fails, a setData carries its version), which is what a learner does
// after a TRUNC that kept a txn the leader then sends again (seeded bug trunc-keeps-next).
class CounterImage final : public StateImage {
 public:
  CounterImage() = default;
  CounterImage(uint64_t count, uint64_t digest, Zxid last)
      : count_(count), digest_(digest), last_(last) {}
  std::shared_ptr<const StateImage> apply(const Txn& txn) const override;
  uint64_t fingerprint() const override { return digest_; }
  std::string describe() const override;
  uint64_t count() const { return count_; }

 private:
  uint64_t count_ = 0;
  uint64_t digest_ = 0;
  Zxid last_;
};
StateImageRef make_counter_image();

}  // namespace zab
