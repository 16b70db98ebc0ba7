#include "impl/core/state_machine.h"

#include <fmt/format.h>

#include "impl/core/check.h"
#include "impl/core/hasher.h"

namespace zab {

uint64_t Snapshot::fingerprint() const {
  Hasher h;
  h.u64(zxid.value);
  h.u64(image ? image->fingerprint() : 0);
  h.u64(history.fingerprint());
  return h.finish();
}

SnapshotRef make_snapshot(StateImageRef image, TxnLog history, Zxid zxid) {
  ZK_ASSERT(image != nullptr);
  return std::make_shared<const Snapshot>(Snapshot{zxid, std::move(image), std::move(history)});
}

SnapshotRef make_snapshot(StateImageRef image, TxnLog history) {
  const Zxid zxid = history.last_zxid();
  return make_snapshot(std::move(image), std::move(history), zxid);
}

std::shared_ptr<const StateImage> CounterImage::apply(const Txn& txn) const {
  if (count_ > 0 && txn.zxid() <= last_) return std::make_shared<const CounterImage>(*this);
  Hasher h;
  h.u64(digest_);
  h.u64(txn.fingerprint());
  return std::make_shared<const CounterImage>(count_ + 1, h.finish(), txn.zxid());
}

std::string CounterImage::describe() const {
  return fmt::format("counter={}", count_);
}

StateImageRef make_counter_image() {
  return std::make_shared<const CounterImage>();
}

}  // namespace zab
