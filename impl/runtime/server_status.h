// What the four-letter words report about a running server (four_letter_words.h), as plain values
// the runtime fills from the server it runs: ZooKeeper's ServerStats, per-connection ServerCnxn
// stats, the quorum peer's state, the configuration, and the database and watches themselves (the
// counts are computed from them, never copied from elsewhere). The counters here (AvgMinMax,
// ConnectionStats, BufferStats) follow ZooKeeper's classes of those names, so the runtime can keep
// its figures with them and they mean what ZooKeeper's mean.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "impl/core/ids.h"
#include "impl/data/database.h"
#include "impl/data/opcode.h"
#include "impl/data/zxid_digest.h"
#include "impl/sessions/session_tracker.h"
#include "impl/sessions/watch_manager.h"

namespace zab::runtime {

// ---- counters ------------------------------------------------------------------------------

// AvgMinMaxCounter: min, max and average of data points (request latencies in ms).
class AvgMinMax {
 public:
  void add(int64_t value);
  void reset() { *this = AvgMinMax{}; }
  int64_t count() const { return count_; }
  int64_t total() const { return total_; }
  int64_t min() const { return count_ == 0 ? 0 : min_; }  // 0 before the first point
  int64_t max() const { return count_ == 0 ? 0 : max_; }
  // total / count rounded to 4 decimals, half up (BigDecimal.setScale(4, HALF_UP)); 0 when empty.
  double avg() const;

 private:
  int64_t count_ = 0;
  int64_t total_ = 0;
  int64_t min_ = 0;
  int64_t max_ = 0;
};

// BufferStats: sizes in bytes of the last, smallest and largest buffer; -1 before the first.
struct BufferStats {
  int32_t last = -1;
  int32_t min = -1;
  int32_t max = -1;
  void set_last(int32_t size);
  void reset() { *this = BufferStats{}; }
};

// ServerStats' counters, those `srst` resets: packets (frames) received and sent on the client
// port, a four-letter word counting as one received and its answer as sent (NIOServerCnxn's
// SendBufferWriter counts one per chunk of about 2 KiB it writes); and the latency of every
// request FinalRequestProcessor answers, pings included (from its arrival to its reply, ms).
struct ServerStats {
  int64_t packets_received = 0;
  int64_t packets_sent = 0;
  AvgMinMax request_latency_ms;
  void reset() { *this = ServerStats{}; }
};

// ServerCnxn's per-connection stats (`cons`, reset by `crst`). Starts as after resetStats.
struct ConnectionStats {
  int64_t packets_received = 0;
  int64_t packets_sent = 0;
  std::string last_operation = "NA";  // FinalRequestProcessor's lastOp: last_operation_name
  int64_t last_cxid = -1;             // the last ordinary xid answered (special xids skipped)
  int64_t last_zxid = -1;             // ReplyHeader.zxid of the last answer
  int64_t last_response_time_ms = 0;  // the runtime's monotonic clock, ms
  int64_t last_latency_ms = 0;
  int64_t min_latency_ms = std::numeric_limits<int64_t>::max();  // none yet (min_latency: 0)
  int64_t max_latency_ms = 0;
  int64_t count = 0;
  int64_t total_latency_ms = 0;

  // ServerCnxn.updateStatsForResponse, for every answer FinalRequestProcessor sends.
  void update_for_response(int64_t cxid, int64_t zxid, std::string_view op, int64_t start_ms,
                           int64_t end_ms);
  void reset() { *this = ConnectionStats{}; }
  int64_t min_latency() const { return count == 0 ? 0 : min_latency_ms; }
  int64_t avg_latency_ms() const { return count == 0 ? 0 : total_latency_ms / count; }
};

// The name FinalRequestProcessor gives an op in `lop=` ("PING", "SESS" for a connect, "CREA",
// "GETD", ...); "NA" for one it has no name for (auth, sasl).
std::string_view last_operation_name(data::OpCode op);

// ---- the server ----------------------------------------------------------------------------

// One client connection as `stat` and `cons` print it.
struct ConnectionStatus {
  std::string remote_address;  // "127.0.0.1:45478" ("[::1]:45478"); printed after a '/'
  // SelectionKey interest bits: 1 read, 4 write (4lw connections: 0, no longer selectable).
  uint32_t interest_ops = 1;
  int64_t outstanding_requests = 0;  // received, not yet answered
  uint64_t session_id = 0;           // 0 until the session is established
  int32_t session_timeout_ms = 0;
  int64_t established_ms = 0;  // wall clock when the connection was accepted, ms since the epoch
  ConnectionStats stats;
};

// ZooKeeperServer.getState: what `srvr` prints after "Mode: ".
enum class ServerMode : uint8_t { kStandalone, kLeader, kFollower, kObserver };
std::string_view to_string(ServerMode mode);

// QuorumPeer's ServerState, ZabState and SyncMode: mntr's zk_peer_state
// ("following - broadcast", "leading - synchronization - diff").
enum class PeerState : uint8_t { kLooking, kFollowing, kLeading, kObserving };
enum class ZabState : uint8_t { kElection, kDiscovery, kSynchronization, kBroadcast };
enum class SyncMode : uint8_t { kNone, kDiff, kSnap, kTrunc };
struct PeerStatus {
  PeerState state = PeerState::kLooking;
  ZabState zab_state = ZabState::kElection;
  SyncMode sync_mode = SyncMode::kNone;
  int64_t quorum_size = 0;  // voting members (QuorumPeer.getQuorumSize)
};
// QuorumPeer.getDetailedPeerState.
std::string detailed_peer_state(const PeerStatus& peer);

// LeaderZooKeeperServer's gauges. Optional ones are printed only when the runtime keeps them.
struct LeaderStatus {
  int64_t learners = 0;                     // connected learner handlers, any state
  int64_t synced_followers = 0;             // followers past NEWLEADER's ACK (forwarding)
  int64_t synced_non_voting_followers = 0;  // of those, non-voting
  int64_t synced_observers = 0;
  std::optional<int64_t> pending_syncs;  // sync requests waiting for their commit
  std::optional<int64_t> uptime_ms;      // since leadership was established
  // Serialized PROPOSAL sizes (Leader.getProposalStats): `srvr`'s last line and mntr's
  // zk_*_proposal_size.
  std::optional<BufferStats> proposal_sizes;
};

// The quorum part of `conf` (QuorumZooKeeperServer.dumpConf).
struct QuorumConf {
  int64_t init_limit = 0;  // ticks
  int64_t sync_limit = 0;
  int32_t election_port = 0;
  int32_t quorum_port = 0;
  bool observer = false;   // peerType: 0 participant, 1 observer
  std::string membership;  // QuorumVerifier.toString: server.N=... lines then "version=<hex>"
};

// ZooKeeperServer.dumpConf's values. Directories are the ones holding the files (ZooKeeper's
// snapLog dirs: dataDir/version-2 and dataLogDir/version-2), absolute.
struct ServerConf {
  int32_t client_port = -1;
  int32_t secure_client_port = -1;  // no TLS port: -1
  std::string snap_dir;             // dataDir/version-2
  std::string log_dir;              // dataLogDir/version-2 (the same as snap_dir by default)
  int64_t snap_dir_bytes = 0;       // sizes of the files in each, recursively
  int64_t log_dir_bytes = 0;
  int32_t tick_time_ms = 0;
  int32_t max_client_cnxns = 0;
  int32_t min_session_timeout_ms = 0;
  int32_t max_session_timeout_ms = 0;
  int32_t client_port_listen_backlog = -1;  // -1: the system's default
  int64_t server_id = 0;                    // 0 for a standalone server, as ZooKeeper
  std::optional<QuorumConf> quorum;         // absent for a standalone server
};

// Environment.list's entries that describe a process rather than a JVM; empty prints "<NA>".
struct EnvironmentInfo {
  std::string host_name;
  std::string os_name;
  std::string os_arch;
  std::string os_version;
  std::string user_name;
  std::string user_home;
  std::string user_dir;
};

// For `dump`: a set of sessions or connections expiring at one time (ExpiryQueue's buckets).
struct SessionExpiryBucket {
  int64_t expire_time_ms = 0;  // wall clock, ms since the epoch
  std::vector<uint64_t> session_ids;
};
// The leader's (or a standalone server's) session tracker as `dump` lists it: its expiry queue's
// buckets that are still due, ascending, with the tracker's times (the runtime's monotonic ms)
// moved to the wall clock by `wall_minus_tracker_ms` (Time.elapsedTimeToDate). Unlike
// ZooKeeper's ExpiryQueue, which keeps a bucket its sessions all left until the bucket is due
// (and prints it as "0 expire at ..."), the tracker here keeps no empty buckets.
std::vector<SessionExpiryBucket> session_expiry_buckets(const sessions::SessionTracker& tracker,
                                                        int64_t wall_minus_tracker_ms);
struct ConnectionExpiryBucket {
  int64_t expire_time_ms = 0;
  std::vector<size_t> connections;  // indices into ServerStatus::connections
};

using data::ZxidDigest;  // `hash` lists those of every 128th zxid

// The figures `srvr`/`mntr` take from the database, computed as ZooKeeper computes them.
struct DatabaseFigures {
  int64_t znode_count = 0;  // DataTree.getNodeCount: the root counts twice ("" and "/")
  int64_t ephemerals_count = 0;
  int64_t approximate_data_size = 0;  // sum of path length + data length over the nodes map
  int64_t global_sessions = 0;
};
DatabaseFigures database_figures(const data::ZkDatabase& db);

struct ServerStatus {
  // A ZooKeeperServer is running (isRunning): false while the peer looks for a leader or syncs
  // with it. Then every word but ruok, envi and isro answers "This ZooKeeper instance is not
  // currently serving requests".
  bool serving = false;
  ServerMode mode = ServerMode::kStandalone;
  std::string version = "3.8.0-zabcheck";  // Version.getFullVersion: starts with 3.8.0 (kazoo)
  Zxid last_processed_zxid;
  int64_t outstanding_requests = 0;
  ServerStats stats;
  std::vector<ConnectionStatus> connections;  // every open client connection, 4lw ones included
  data::ZkDatabaseRef database;               // required when serving
  sessions::WatchManager watches;
  std::optional<PeerStatus> peer;      // absent for a standalone server
  std::optional<LeaderStatus> leader;  // on the leader only
  ServerConf conf;
  EnvironmentInfo environment;
  std::optional<int64_t> uptime_ms;  // since the server started serving
  std::optional<int64_t> open_file_descriptor_count;
  std::optional<int64_t> max_file_descriptor_count;
  std::optional<int64_t> auth_failed_count;
  // ServerMetrics.DIGEST_MISMATCHES_COUNT: txns after which this server's tree digest differed
  // from the one the leader put in the txn.
  std::optional<int64_t> digest_mismatches_count;
  // `hash`: nullopt when the runtime does not keep the digest log (the word then closes silently).
  std::optional<std::vector<ZxidDigest>> digest_log;
  // `dump` on a leader or standalone server: the session tracker's buckets, ascending by time
  // (session_expiry_buckets). nullopt when the runtime does not give them: `dump` then lists the
  // sessions the database knows, as a learner's does ("Global Sessions(n):"), rather than an
  // empty tracker.
  std::optional<std::vector<SessionExpiryBucket>> session_expiry;
  // `dump`'s connection part, nullopt when the runtime keeps no connection expiry (ZooKeeper's
  // Netty connection factory prints nothing there either).
  std::optional<std::vector<ConnectionExpiryBucket>> connection_expiry;
};

}  // namespace zab::runtime
