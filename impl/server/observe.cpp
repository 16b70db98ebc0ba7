#include "impl/server/observe.h"

#include <algorithm>
#include <map>

namespace zab::server {

std::vector<ConnectionInfo> connection_infos(const ServerLayer& layer) {
  std::vector<ConnectionInfo> out;
  out.reserve(layer.connections.size());
  for (const auto& c : layer.connections)
    out.push_back(ConnectionInfo{c.client, c.session_id, c.timeout_ms, c.established(),
                                 c.pending.size() + c.unread.size(),
                                 std::vector<data::Id>(c.auth_ids.begin(), c.auth_ids.end())});
  return out;
}

size_t outstanding_requests(const ServerLayer& layer) {
  size_t count = 0;
  for (const auto& c : layer.connections)
    count += c.pending.size() + c.unread.size();
  return count;
}

std::vector<std::pair<uint64_t, std::vector<std::string>>> watches_by_session(
    const sessions::WatchManager& watches) {
  std::map<uint64_t, std::vector<std::string>> by_session;
  for (const auto& e : watches.entries())  // ascending by (path, session)
    if (e.data_modes != 0) by_session[e.session_id].push_back(e.path);
  return {by_session.begin(), by_session.end()};
}

std::vector<std::pair<std::string, std::vector<uint64_t>>> watches_by_path(
    const sessions::WatchManager& watches) {
  std::vector<std::pair<std::string, std::vector<uint64_t>>> out;
  for (const auto& e : watches.entries()) {
    if (e.data_modes == 0) continue;
    if (out.empty() || out.back().first != e.path)
      out.emplace_back(e.path, std::vector<uint64_t>{});
    out.back().second.push_back(e.session_id);
  }
  return out;
}

std::vector<ExpiryBucket> session_expiry_buckets(const sessions::SessionTracker& tracker) {
  std::map<uint64_t, std::vector<uint64_t>> buckets;
  const auto& queue = tracker.expiry_queue();
  for (const auto& s : tracker.sessions()) {
    const auto at = queue.expiration_of(s.id);
    // A bucket already handed out holds sessions whose closeSession is in flight.
    if (at && *at >= queue.next_expiration_ms()) buckets[*at].push_back(s.id);
  }
  std::vector<ExpiryBucket> out;
  for (auto& [at, ids] : buckets)
    out.push_back(ExpiryBucket{at, std::move(ids)});
  return out;
}

std::vector<std::pair<int64_t, std::vector<std::string>>> ephemerals_by_session(
    const data::ZkDatabase& db) {
  std::vector<std::pair<int64_t, std::vector<std::string>>> out;
  for (const int64_t owner : db.tree().ephemeral_owners())
    out.emplace_back(owner, db.tree().ephemerals(owner));
  return out;
}

DataCounts data_counts(const data::ZkDatabase& db) {
  DataCounts counts;
  counts.znode_count = db.tree().node_count() + 1;
  for (const int64_t owner : db.tree().ephemeral_owners())
    counts.ephemerals_count += static_cast<int64_t>(db.tree().ephemerals(owner).size());
  // DataTree.approximateDataSize: the length of every path plus the length of its data.
  db.tree().for_each([&](const std::string& path, const data::Znode& node) {
    counts.approximate_data_size += static_cast<int64_t>(path.size() + node.data->size());
  });
  counts.global_sessions = db.sessions().size();
  return counts;
}

}  // namespace zab::server
