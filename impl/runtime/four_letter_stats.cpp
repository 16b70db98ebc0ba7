// srvr, stat, cons and mntr: StatCommand, ConsCommand and MonitorCommand's text.
#include <fmt/format.h>

#include "impl/runtime/four_letter_words.h"
#include "impl/runtime/java_text.h"

namespace zab::runtime {

namespace {

// ServerCnxn.dumpConnectionInfo: " /127.0.0.1:45478[1](queued=0,recved=9,sent=9" and, in full,
// the session's figures once it has one; then ")".
std::string connection_info(const ConnectionStatus& c, bool brief) {
  const ConnectionStats& s = c.stats;
  std::string out =
      fmt::format(" /{}[{:x}](queued={},recved={},sent={}", c.remote_address, c.interest_ops,
                  c.outstanding_requests, s.packets_received, s.packets_sent);
  if (!brief && c.session_id != 0) {
    out +=
        fmt::format(",sid=0x{},lop={},est={},to={}", java_hex(static_cast<int64_t>(c.session_id)),
                    s.last_operation, c.established_ms, c.session_timeout_ms);
    if (s.last_cxid >= 0) out += fmt::format(",lcxid=0x{}", java_hex(s.last_cxid));
    out += fmt::format(",lzxid=0x{},lresp={},llat={},minlat={},avglat={},maxlat={}",
                       java_hex(s.last_zxid), s.last_response_time_ms, s.last_latency_ms,
                       s.min_latency(), s.avg_latency_ms(), s.max_latency_ms);
  }
  return out + ")";
}

std::string bufferstats_text(const BufferStats& b) {
  return fmt::format("{}/{}/{}", b.last, b.min, b.max);
}

}  // namespace

std::string srvr_text(const ServerStatus& status, bool with_clients) {
  std::string out = fmt::format("Zookeeper version: {}\n", status.version);
  if (with_clients) {
    out += "Clients:\n";
    for (const auto& c : status.connections)
      out += connection_info(c, true) + "\n";
    out += "\n";
  }
  // ServerStats.toString, then the node count and, on the leader, the proposal sizes.
  const AvgMinMax& latency = status.stats.request_latency_ms;
  out += fmt::format(
      "Latency min/avg/max: {}/{}/{}\nReceived: {}\nSent: {}\nConnections: {}\nOutstanding: {}\n"
      "Zxid: 0x{}\nMode: {}\nNode count: {}\n",
      latency.min(), java_double(latency.avg()), latency.max(), status.stats.packets_received,
      status.stats.packets_sent, status.connections.size(), status.outstanding_requests,
      java_hex(static_cast<int64_t>(status.last_processed_zxid.value)), to_string(status.mode),
      database_figures(*status.database).znode_count);
  if (status.leader && status.leader->proposal_sizes)
    out +=
        "Proposal sizes last/min/max: " + bufferstats_text(*status.leader->proposal_sizes) + "\n";
  return out;
}

std::string cons_text(const ServerStatus& status) {
  std::string out;
  for (const auto& c : status.connections)
    out += connection_info(c, false) + "\n";
  return out + "\n";
}

std::string mntr_text(const ServerStatus& status) {
  std::string out;
  auto line = [&](std::string_view key, const auto& value) {
    out += fmt::format("zk_{}\t{}\n", key, value);
  };
  auto optional_line = [&](std::string_view key, const std::optional<int64_t>& value) {
    if (value) line(key, *value);
  };
  // ZooKeeperServer.dumpMonitorValues first (QuorumZooKeeperServer adds peer_state), then the
  // gauges in the order registerMetrics registers them. ZooKeeper prints the gauges in hash
  // order; tools split each line on the tab and do not depend on the order.
  line("version", status.version);
  line("server_state", to_string(status.mode));
  if (status.peer) line("peer_state", detailed_peer_state(*status.peer));
  const AvgMinMax& latency = status.stats.request_latency_ms;
  line("avg_latency", java_double(latency.avg()));
  line("max_latency", latency.max());
  line("min_latency", latency.min());
  line("packets_received", status.stats.packets_received);
  line("packets_sent", status.stats.packets_sent);
  line("num_alive_connections", status.connections.size());
  line("outstanding_requests", status.outstanding_requests);
  optional_line("uptime", status.uptime_ms);
  const DatabaseFigures figures = database_figures(*status.database);
  line("znode_count", figures.znode_count);
  line("watch_count", status.watches.watch_count());
  line("ephemerals_count", figures.ephemerals_count);
  line("approximate_data_size", figures.approximate_data_size);
  line("global_sessions", figures.global_sessions);
  line("local_sessions", 0);  // local sessions are never created here (localSessionsEnabled=false)
  optional_line("open_file_descriptor_count", status.open_file_descriptor_count);
  optional_line("max_file_descriptor_count", status.max_file_descriptor_count);
  optional_line("auth_failed_count", status.auth_failed_count);
  optional_line("digest_mismatches_count", status.digest_mismatches_count);
  if (status.peer) line("quorum_size", status.peer->quorum_size);
  if (status.leader) {
    const LeaderStatus& l = *status.leader;
    line("learners", l.learners);
    line("synced_followers", l.synced_followers);
    line("synced_non_voting_followers", l.synced_non_voting_followers);
    line("synced_observers", l.synced_observers);
    optional_line("pending_syncs", l.pending_syncs);
    optional_line("leader_uptime", l.uptime_ms);
    if (l.proposal_sizes) {
      line("last_proposal_size", l.proposal_sizes->last);
      line("max_proposal_size", l.proposal_sizes->max);
      line("min_proposal_size", l.proposal_sizes->min);
    }
  }
  return out;
}

}  // namespace zab::runtime
