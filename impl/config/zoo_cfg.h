// zoo.cfg as ZooKeeper reads it (QuorumPeerConfig.parseProperties over java.util.Properties):
// the ensemble, the timing limits, the data directories and the server's own settings. Parsing
// is pure (the caller reads the file), so the cluster (zabd) and the checker's quorum analysis
// read a configuration exactly the same way.
//
// Every problem is a ZooCfgError naming the file, the line and what is wrong; a key ZooKeeper
// knows but zabd does not act on is accepted and listed in `ignored_keys`, so the server can log
// it once; an unknown key is an error (ZooKeeper would turn it into a system property silently,
// which hides typos).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "impl/quorum/config.h"

namespace zab::config {

class ZooCfgError : public std::runtime_error {
 public:
  ZooCfgError(std::string file, int line, const std::string& message);
  const std::string& file() const { return file_; }
  int line() const { return line_; }  // 0: the file as a whole

 private:
  std::string file_;
  int line_;
};

// `server.N=host:quorumPort:electionPort[:participant|:observer][;[clientHost:]clientPort]`.
struct ServerLine {
  NodeId sid;
  std::string host;
  uint16_t quorum_port = 0;
  uint16_t election_port = 0;
  LearnerType type = LearnerType::kParticipant;
  std::optional<std::string> client_host;  // the part after ';' (dynamic-config style)
  std::optional<uint16_t> client_port;
  int line = 0;
};

// Hierarchical quorums: `group.G=1:2:3` and `weight.N=w` (QuorumHierarchical).
struct GroupLine {
  uint32_t group = 0;
  std::vector<NodeId> members;
  int line = 0;
};

struct ZooCfg {
  std::string file;           // for messages
  uint32_t tick_time_ms = 0;  // required
  uint32_t init_limit_ticks = 0;
  uint32_t sync_limit_ticks = 0;
  std::string data_dir;      // required
  std::string data_log_dir;  // empty: dataDir
  std::optional<uint16_t> client_port;
  std::string client_port_address;  // empty: all interfaces
  std::vector<ServerLine> servers;  // sorted by sid
  std::vector<GroupLine> groups;
  std::map<uint32_t, uint64_t> weights;  // by sid
  std::map<uint32_t, int> weight_lines;  // by sid: the line of its weight.N
  LearnerType peer_type = LearnerType::kParticipant;
  uint32_t max_client_cnxns = 60;                         // per client address; 0: unlimited
  std::optional<uint32_t> min_session_timeout_ms;         // default 2 ticks
  std::optional<uint32_t> max_session_timeout_ms;         // default 20 ticks
  std::vector<std::string> four_letter_words = {"srvr"};  // 4lw.commands.whitelist
  bool force_sync = true;
  // zookeeper.snapCount (ZooKeeperServer.getSnapCount: an int, at least 2), passed to the core.
  uint32_t snap_count = 100000;
  // DatadirCleanupManager: keep this many snapshots (at least 3) every purge_interval_hours
  // (0: never purge).
  uint32_t snap_retain_count = 3;
  uint32_t purge_interval_hours = 0;
  uint32_t jute_max_buffer = 0xfffff;
  bool standalone_enabled = true;
  // digest.enabled (the system property zookeeper.digest.enabled, which zoo.cfg may set): txns
  // carry the tree digest after them, and every server compares it with its own.
  bool digest_enabled = true;
  // Keys ZooKeeper knows that zabd accepts but does not act on, with their line.
  std::vector<std::pair<std::string, int>> ignored_keys;

  bool standalone() const { return servers.empty() || (servers.size() == 1 && standalone_enabled); }
  uint32_t min_session_timeout() const { return min_session_timeout_ms.value_or(2 * tick_time_ms); }
  uint32_t max_session_timeout() const {
    return max_session_timeout_ms.value_or(20 * tick_time_ms);
  }
  bool four_letter_word_allowed(std::string_view word) const;
  const ServerLine* server(NodeId sid) const;
  // The ensemble as the quorum core sees it (hierarchical quorums are rejected: the core counts
  // majorities only).
  QuorumConfig quorum_config() const;
};

// Parses zoo.cfg text; `file` only names it in messages.
ZooCfg parse_zoo_cfg(std::string_view text, const std::string& file);

// `dataDir/myid`: an ASCII server id, optionally followed by whitespace.
NodeId parse_myid(std::string_view text, const std::string& file);

}  // namespace zab::config
