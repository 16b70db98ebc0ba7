// The server layer's settings (zoo.cfg keys and Java system properties ZooKeeper reads), beside
// the ensemble's QuorumConfig. The defaults are ZooKeeper 3.8's, except where the checker's world
// needs otherwise (said on the field).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "impl/sessions/session_id.h"
#include "impl/sessions/session_tracker.h"

namespace zab::server {

struct ServerConfig {
  // minSessionTimeout / maxSessionTimeout (ms); -1: 2 and 20 ticks.
  int32_t min_session_timeout_ms = -1;
  int32_t max_session_timeout_ms = -1;
  // The secret session passwords are derived from (ZooKeeperServer.superSecret): every member
  // must use the same one, so that a client re-attaches anywhere.
  uint64_t password_secret = sessions::kSuperSecret;
  // zookeeper.extendedTypesEnabled: TTL nodes (off: createTTL answers UNIMPLEMENTED).
  bool extended_types_enabled = false;
  // zookeeper.digest.enabled (zoo.cfg digest.enabled): the leader puts the tree digest after each
  // txn into it, and every server compares it with its own after applying the txn.
  bool digest_enabled = true;
  // zookeeper.DigestAuthenticationProvider.superDigest ("super:<base64 sha1>"): a digest auth
  // that produces it also makes the connection a super user. Empty: none.
  std::string super_digest;
  // ContainerManager (znode.container.*): every `container_check_interval_ms` of logical time the
  // leader deletes the containers that have had children and have none left, and the TTL nodes
  // whose TTL has passed since their last change, at most `container_max_per_minute` a minute;
  // with `container_max_never_used_interval_ms` > 0 also containers that never had a child and
  // are older than that. An interval of 0 turns the reaper off.
  uint32_t container_check_interval_ms = 60000;
  uint32_t container_max_per_minute = 10000;
  int64_t container_max_never_used_interval_ms = 0;
  // The checker's scripted clients never ping; a tick then touches every session with an open
  // connection on their behalf. The runtime turns this off: real clients ping, and a silent
  // client's session must expire even while its socket stays open.
  bool tick_touches_connections = true;

  sessions::SessionConfig session_config(uint32_t tick_time_ms) const {
    sessions::SessionConfig config;
    config.tick_time_ms = tick_time_ms;
    config.min_session_timeout_ms = min_session_timeout_ms;
    config.max_session_timeout_ms = max_session_timeout_ms;
    return config;
  }
  // A readable error for settings ZooKeeper refuses, or nullopt.
  std::optional<std::string> validate(uint32_t tick_time_ms) const {
    return session_config(tick_time_ms).validate();
  }
};

}  // namespace zab::server
