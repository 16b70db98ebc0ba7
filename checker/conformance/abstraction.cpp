// The abstraction function: a world's servers, read as the spec's durable state.
#include "checker/conformance/abstraction.h"

#include <fmt/format.h>

#include <algorithm>

namespace zab::conform {
namespace {

// The txns recovery would load (Peer::recover: the newest snapshot, then the log after it).
std::vector<Zxid> durable_history(const DurableState& disk) {
  std::vector<Zxid> out;
  const auto& snap = newest_snapshot(disk);
  for (const auto& txn : snap->history.entries())
    out.push_back(txn->zxid());
  const Zxid after = std::max(snap->zxid, out.empty() ? Zxid{} : out.back());
  for (const auto& txn : disk.log.entries_after(after))
    out.push_back(txn->zxid());
  return out;
}

}  // namespace

Abstracted abstract(const check::World& w) {
  Abstracted out;
  spec::State s;
  for (const NodeId id : w.ids()) {
    if (!w.config().quorum.is_participant(id)) continue;
    if (s.servers.size() == spec::kServersMax) {
      out.problem = fmt::format("more than {} participants", spec::kServersMax);
      return out;
    }
    const check::ServerSlot& slot = w.server(id);
    spec::Server sv;
    sv.up = slot.up;
    // The history accepted: the disk with the writes issued and not yet synced, then the txns
    // queued for the log writer (SyncRequestProcessor). Zab's leader proposes, and a follower
    // accepts, when the txn enters that queue; the fsync only makes it survive a crash.
    DurableState accepted_disk = slot.disk;
    for (const DiskWrite& write : slot.unsynced)
      apply_write(accepted_disk, write);
    sv.history = durable_history(accepted_disk);
    if (slot.up)
      for (const LogRequest& r : slot.peer.log_writer_queue)
        if (sv.history.empty() || r.txn->zxid() > sv.history.back())
          sv.history.push_back(r.txn->zxid());
    out.logged.push_back(durable_history(slot.disk));
    // The currentEpoch file as written, not as the updatingEpoch marker would raise it at
    // recovery: the marker bridges the "sync" step (conformance.h), whose end is the write.
    const uint32_t current = slot.disk.current_epoch.value;
    const uint32_t accepted = slot.disk.accepted_epoch.value;
    if (std::max(current, accepted) > 255) {
      out.problem = fmt::format("{}'s epoch {} is above the spec's 255", to_string(id),
                                std::max(current, accepted));
      return out;
    }
    sv.accepted_epoch = static_cast<uint8_t>(accepted);
    sv.current_epoch = static_cast<uint8_t>(current);
    s.servers.push_back(std::move(sv));
  }
  out.state = std::move(s);
  return out;
}

spec::State project(const spec::State& s) {
  spec::State out;
  for (const spec::Server& sv : s.servers) {
    spec::Server p;
    p.up = sv.up;
    p.accepted_epoch = sv.accepted_epoch;
    p.current_epoch = sv.current_epoch;
    p.history = sv.history;
    out.servers.push_back(std::move(p));
  }
  return out;
}

std::string describe(const spec::Server& sv, size_t index) {
  std::string h;
  for (const Zxid z : sv.history)
    h += (h.empty() ? "" : " ") + to_string(z);
  return fmt::format("s{} {} f.p={} f.a={} h=[{}]", index + 1, sv.up ? "up" : "down",
                     sv.accepted_epoch, sv.current_epoch, h);
}

std::string describe(const spec::State& s) {
  std::string out;
  for (size_t i = 0; i < s.servers.size(); ++i)
    out += (i ? "; " : "") + describe(s.servers[i], i);
  return out;
}

}  // namespace zab::conform
