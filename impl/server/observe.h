// What the four-letter words read from a server, as plain values computed from its state
// (ZooKeeper's cons, wchs / wchc / wchp, dump and the mntr counts). No I/O and no formatting:
// the runtime prints these in ZooKeeper 3.8's layout. Figures only the runtime sees (bytes,
// packets, latencies, the last op and zxid of a connection) it keeps itself from the requests it
// reads and the replies it writes: every ClientReply carries the request's cxid and the zxid.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "impl/data/database.h"
#include "impl/server/server_state.h"

namespace zab::server {

// One line of `cons`: the connection's session and how many requests wait for an answer.
struct ConnectionInfo {
  ClientId client;
  uint64_t session_id = 0;  // 0 until the ConnectRequest is read
  uint32_t timeout_ms = 0;  // negotiated
  bool established = false;
  size_t queued = 0;  // requests read and not yet answered (outstanding)
  std::vector<data::Id> auth_ids;
};
std::vector<ConnectionInfo> connection_infos(const ServerLayer& layer);
// mntr zk_outstanding_requests: requests read and not yet answered, over all connections.
size_t outstanding_requests(const ServerLayer& layer);

// wchc: each session's data-watched paths, ascending by session then path; wchp: each path's
// watching sessions, ascending. Both over the data watches, as ZooKeeper's dumpWatches; wchs is
// WatchManager::summary().
std::vector<std::pair<uint64_t, std::vector<std::string>>> watches_by_session(
    const sessions::WatchManager& watches);
std::vector<std::pair<std::string, std::vector<uint64_t>>> watches_by_path(
    const sessions::WatchManager& watches);

// dump, on the leader: SessionTracker's expiry buckets in time order, each with its sessions.
struct ExpiryBucket {
  uint64_t expiration_ms = 0;
  std::vector<uint64_t> sessions;
};
std::vector<ExpiryBucket> session_expiry_buckets(const sessions::SessionTracker& tracker);
// dump: every session that owns ephemerals, with their paths (DataTree.dumpEphemerals).
std::vector<std::pair<int64_t, std::vector<std::string>>> ephemerals_by_session(
    const data::ZkDatabase& db);

// mntr's data figures.
struct DataCounts {
  int64_t znode_count = 0;            // zk_znode_count (ZooKeeper 3.8 counts the root twice: +1)
  int64_t ephemerals_count = 0;       // zk_ephemerals_count
  int64_t approximate_data_size = 0;  // zk_approximate_data_size: path lengths plus data sizes
  size_t global_sessions = 0;         // zk_global_sessions
};
DataCounts data_counts(const data::ZkDatabase& db);

}  // namespace zab::server
