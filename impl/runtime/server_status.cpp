#include "impl/runtime/server_status.h"

#include <charconv>
#include <map>
#include <string>

#include "impl/core/check.h"

namespace zab::runtime {

using data::OpCode;

void AvgMinMax::add(int64_t value) {
  min_ = count_ == 0 ? value : std::min(min_, value);
  max_ = count_ == 0 ? value : std::max(max_, value);
  total_ += value;
  ++count_;
}

double AvgMinMax::avg() const {
  if (count_ == 0) return 0;
  // new BigDecimal(total / (double) count).setScale(4, HALF_UP).doubleValue(): the quotient's
  // exact binary value (every double has a finite decimal expansion; 1100 places hold any of
  // them) rounded half up at the 4th decimal, then read back as the nearest double.
  const double quotient = static_cast<double>(total_) / static_cast<double>(count_);
  std::string exact(1500, '\0');
  const auto [end, ec] = std::to_chars(exact.data(), exact.data() + exact.size(), quotient,
                                       std::chars_format::fixed, 1100);
  ZK_ASSERT(ec == std::errc());
  exact.resize(static_cast<size_t>(end - exact.data()));
  const size_t point = exact.find('.');
  std::string kept = exact.substr(0, point) + exact.substr(point + 1, 4);  // value * 10^4
  if (exact[point + 5] >= '5') {
    // Add one unit in the last kept place, carrying through nines.
    size_t i = kept.size();
    while (i > 0 && kept[i - 1] == '9')
      kept[--i] = '0';
    if (i > 0 && kept[i - 1] != '-') {
      ++kept[i - 1];
    } else {
      kept.insert(i, "1");
    }
  }
  double rounded = 0;
  const std::string text = kept.substr(0, kept.size() - 4) + "." + kept.substr(kept.size() - 4);
  std::from_chars(text.data(), text.data() + text.size(), rounded);
  return rounded;
}

void BufferStats::set_last(int32_t size) {
  last = size;
  if (min == -1 || size < min) min = size;
  if (size > max) max = size;
}

void ConnectionStats::update_for_response(int64_t cxid, int64_t zxid, std::string_view op,
                                          int64_t start_ms, int64_t end_ms) {
  // Special xids (ping -2, auth -4, ...) do not hide the client's last real operation.
  if (cxid >= 0) last_cxid = cxid;
  last_zxid = zxid;
  last_operation = std::string(op);
  last_response_time_ms = end_ms;
  const int64_t elapsed = end_ms - start_ms;
  last_latency_ms = elapsed;
  min_latency_ms = std::min(min_latency_ms, elapsed);
  max_latency_ms = std::max(max_latency_ms, elapsed);
  ++count;
  total_latency_ms += elapsed;
}

std::string_view last_operation_name(OpCode op) {
  switch (op) {
    case OpCode::kPing:
      return "PING";
    case OpCode::kCreateSession:
      return "SESS";
    case OpCode::kMulti:
      return "MULT";
    case OpCode::kMultiRead:
      return "MLTR";
    case OpCode::kCreate:
    case OpCode::kCreate2:
    case OpCode::kCreateTtl:
    case OpCode::kCreateContainer:
      return "CREA";
    case OpCode::kDelete:
    case OpCode::kDeleteContainer:
      return "DELE";
    case OpCode::kSetData:
      return "SETD";
    case OpCode::kReconfig:
      return "RECO";
    case OpCode::kSetAcl:
      return "SETA";
    case OpCode::kCloseSession:
      return "CLOS";
    case OpCode::kSync:
      return "SYNC";
    case OpCode::kCheck:
      return "CHEC";
    case OpCode::kExists:
      return "EXIS";
    case OpCode::kGetData:
      return "GETD";
    case OpCode::kSetWatches:
      return "SETW";
    case OpCode::kSetWatches2:
      return "STW2";
    case OpCode::kAddWatch:
      return "ADDW";
    case OpCode::kGetAcl:
      return "GETA";
    case OpCode::kGetChildren:
    case OpCode::kGetChildren2:
      return "GETC";
    case OpCode::kGetAllChildrenNumber:
      return "GETACN";
    case OpCode::kCheckWatches:
      return "CHKW";
    case OpCode::kRemoveWatches:
      return "REMW";
    case OpCode::kWhoAmI:
      return "HOMI";
    case OpCode::kGetEphemerals:
      return "GETE";
    case OpCode::kNotification:
    case OpCode::kAuth:
    case OpCode::kSasl:
    case OpCode::kError:
      return "NA";
  }
  return "NA";
}

std::string_view to_string(ServerMode mode) {
  switch (mode) {
    case ServerMode::kStandalone:
      return "standalone";
    case ServerMode::kLeader:
      return "leader";
    case ServerMode::kFollower:
      return "follower";
    case ServerMode::kObserver:
      return "observer";
  }
  return "unknown";
}

namespace {

std::string_view to_string(PeerState s) {
  switch (s) {
    case PeerState::kLooking:
      return "looking";
    case PeerState::kFollowing:
      return "following";
    case PeerState::kLeading:
      return "leading";
    case PeerState::kObserving:
      return "observing";
  }
  return "unknown";
}

std::string_view to_string(ZabState s) {
  switch (s) {
    case ZabState::kElection:
      return "election";
    case ZabState::kDiscovery:
      return "discovery";
    case ZabState::kSynchronization:
      return "synchronization";
    case ZabState::kBroadcast:
      return "broadcast";
  }
  return "unknown";
}

std::string_view to_string(SyncMode s) {
  switch (s) {
    case SyncMode::kNone:
      return "none";
    case SyncMode::kDiff:
      return "diff";
    case SyncMode::kSnap:
      return "snap";
    case SyncMode::kTrunc:
      return "trunc";
  }
  return "unknown";
}

}  // namespace

std::string detailed_peer_state(const PeerStatus& peer) {
  std::string out(to_string(peer.state));
  if (peer.zab_state != ZabState::kElection) (out += " - ") += to_string(peer.zab_state);
  if (peer.sync_mode != SyncMode::kNone) (out += " - ") += to_string(peer.sync_mode);
  return out;
}

std::vector<SessionExpiryBucket> session_expiry_buckets(const sessions::SessionTracker& tracker,
                                                        int64_t wall_minus_tracker_ms) {
  const sessions::ExpiryQueue& queue = tracker.expiry_queue();
  std::map<uint64_t, std::vector<uint64_t>> buckets;  // expiryMap: only buckets not yet polled
  for (const auto& session : tracker.sessions()) {
    const auto at = queue.expiration_of(session.id);
    if (at && *at >= queue.next_expiration_ms()) buckets[*at].push_back(session.id);
  }
  std::vector<SessionExpiryBucket> out;
  for (auto& [at, ids] : buckets)
    out.push_back(
        SessionExpiryBucket{static_cast<int64_t>(at) + wall_minus_tracker_ms, std::move(ids)});
  return out;
}

DatabaseFigures database_figures(const data::ZkDatabase& db) {
  DatabaseFigures f;
  const data::DataTree& tree = db.tree();
  // ZooKeeper's nodes map holds the root twice, under "" and "/" (DataTree's constructor), and
  // approximateDataSize sums path length + data length over that map.
  f.znode_count = tree.node_count() + 1;
  tree.for_each([&](const std::string& path, const data::Znode& node) {
    const auto data_bytes = static_cast<int64_t>(node.data->size());
    f.approximate_data_size += static_cast<int64_t>(path.size()) + data_bytes;
    if (path == "/") f.approximate_data_size += data_bytes;  // the "" entry: length 0 + its data
  });
  for (const int64_t owner : tree.ephemeral_owners())
    f.ephemerals_count += static_cast<int64_t>(tree.ephemerals(owner).size());
  f.global_sessions = static_cast<int64_t>(db.sessions().size());
  return f;
}

}  // namespace zab::runtime
