// Sessions, ephemerals and watches (worlds with scripted clients).
#include <fmt/format.h>

#include "impl/data/database.h"
#include "impl/data/path.h"
#include "impl/data/txn.h"
#include "properties/catalogue.h"
#include "properties/history.h"

namespace zab::props {
namespace {

const data::ZkDatabase* database_of(const check::ServerSlot& s) {
  return dynamic_cast<const data::ZkDatabase*>(s.peer.image.get());
}

// Does a committed txn trigger a data watch (child == false) or a child watch on `path`?
// DataTree's rules: create / delete / setData of the node fire its data watches; creating or
// deleting a child, or deleting the node, fires its child watches.
bool touches_path(std::string_view changed, bool node_event_only, std::string_view path,
                  bool child) {
  if (!child) return changed == path;
  if (changed == path) return !node_event_only;  // the node itself deleted
  return data::parent_of(changed) == std::optional<std::string_view>(path) && !node_event_only;
}

bool txn_touches(const data::TxnRecord& record, std::string_view path, bool child) {
  return std::visit(
      [&](const auto& r) -> bool {
        using R = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<R, data::CreateTxn> || std::is_same_v<R, data::DeleteTxn> ||
                      std::is_same_v<R, data::CreateContainerTxn> ||
                      std::is_same_v<R, data::CreateTtlTxn>) {
          return touches_path(r.path, false, path, child);
        } else if constexpr (std::is_same_v<R, data::SetDataTxn>) {
          return touches_path(r.path, true, path, child);
        } else if constexpr (std::is_same_v<R, data::CloseSessionTxn>) {
          for (const auto& p : r.paths_to_delete)
            if (touches_path(p, false, path, child)) return true;
          return false;
        } else if constexpr (std::is_same_v<R, data::MultiTxn>) {
          for (const auto& sub : r.txns)
            if (std::visit(
                    [&](const auto& s) { return txn_touches(data::TxnRecord{s}, path, child); },
                    sub.record))
              return true;
          return false;
        } else {
          return false;
        }
      },
      record);
}

}  // namespace

// No ephemeral outlives its session: a synced server that has processed the closeSession of a
// session (committed: in the ghost) holds no ephemeral of that session, and every ephemeral it
// holds belongs to a session in its own session table.
Finding ephemeral_cleanup(const World&, const Action*, const World& after) {
  for (const NodeId id : after.ids()) {
    const auto& s = after.server(id);
    const auto* db = serving(s) ? database_of(s) : nullptr;
    if (!db) continue;
    Finding found;
    db->tree().for_each([&](const std::string& path, const data::Znode& node) {
      const auto owner = static_cast<uint64_t>(node.stat.ephemeral_owner);
      if (found || data::ephemeral_type(node.stat.ephemeral_owner) != data::EphemeralType::kNormal)
        return;
      for (const auto& [session, zxid] : after.ghost().closed_sessions)
        if (session == owner && s.peer.last_processed >= zxid)
          found = fmt::format(
              "{} holds ephemeral {} of session {:#x}, closed at {}, though it "
              "processed up to {}",
              to_string(id), path, owner, to_string(zxid), to_string(s.peer.last_processed));
      if (!found && !db->session_timeout(static_cast<int64_t>(owner)))
        found = fmt::format("{} holds ephemeral {} of session {:#x}, which it has no record of",
                            to_string(id), path, owner);
    });
    if (found) return found;
  }
  return std::nullopt;
}

// A session never expires before its timeout has elapsed since the leader last heard from it,
// and, with an established leader, expires no later than the end of the bucket it was placed in.
Finding session_bucket_expiry(const World&, const Action*, const World& after) {
  for (const auto& e : after.ghost().expiries)
    if (e.now_ms < e.last_touch_ms + e.timeout_ms)
      return fmt::format(
          "session {:#x} expired at {} ms, {} ms after it was last heard from; its "
          "timeout is {} ms",
          e.session_id, e.now_ms, e.now_ms - e.last_touch_ms, e.timeout_ms);
  const uint64_t tick = after.config().quorum.tick_time_ms;
  for (const NodeId id : after.ids()) {
    const auto& s = after.server(id);
    if (!s.up || !s.layer->tracker || s.blocked()) continue;
    for (const auto& session : s.layer->tracker->sessions()) {
      if (session.closing) continue;
      const uint64_t bucket = ((session.last_touch_ms + session.timeout_ms) / tick + 1) * tick;
      // The tracker sees time at its ticks; by the tick after the bucket's end it must be gone.
      if (s.layer->now_ms >= bucket + tick)
        return fmt::format(
            "leader {} still holds session {:#x} at {} ms; its bucket ended at {} ms",
            to_string(id), session.id, s.layer->now_ms, bucket);
    }
  }
  return std::nullopt;
}

// A watch fires at most once, and before its client can read the change that triggered it.
Finding watch_once_in_order(const World&, const Action*, const World& after) {
  for (const auto& c : after.clients()) {
    if (!c.anomaly.empty()) return fmt::format("{}: {}", server::to_string(c.id), c.anomaly);
    for (const auto& w : c.watches) {
      for (const auto& txn : after.ghost().committed) {
        if (txn->zxid() <= w.zxid || txn->zxid() > c.last_zxid_seen) continue;
        const auto decoded = data::decode_txn(txn->payload());
        if (!decoded.ok() || !txn_touches(decoded->record, w.path, w.child)) continue;
        return fmt::format("{} saw zxid {} without the watch event for {} changed at {}",
                           server::to_string(c.id), to_string(c.last_zxid_seen), w.path,
                           to_string(txn->zxid()));
      }
    }
  }
  return std::nullopt;
}

// A read after sync is linearizable: every sync is answered at or past the highest zxid any
// client had seen when it was sent (the ghost floor taken then, world/clients.cpp).
Finding txn_digest_agrees(const World&, const Action*, const World& after) {
  const auto& mismatch = after.ghost().digest_mismatch;
  if (!mismatch) return std::nullopt;
  return server::describe(server::ServerEffect{*mismatch});
}

Finding sync_linearizable(const World&, const Action*, const World& after) {
  for (const auto& c : after.clients())
    if (!c.stale_sync.empty()) return fmt::format("{}: {}", server::to_string(c.id), c.stale_sync);
  return std::nullopt;
}

}  // namespace zab::props
