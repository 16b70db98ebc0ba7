// The server layer's state: client connections, the leader's PrepRequestProcessor queue and
// SessionTracker, the WatchManager, and the logical clock. Volatile: a crash loses all of it
// (sessions survive in the replicated database; the new leader rebuilds its tracker from it).
#pragma once

#include <optional>

#include "impl/core/hasher.h"
#include "impl/quorum/messages.h"
#include "impl/server/client_protocol.h"
#include "impl/sessions/session_id.h"
#include "impl/sessions/session_tracker.h"
#include "impl/sessions/watch_manager.h"

namespace zab::server {

// A request read from a connection and not yet answered. Replies go out in this order.
struct PendingRequest {
  int32_t cxid = 0;
  ClientOp op;
  ZK_FIELDS(cxid, op)
  bool operator==(const PendingRequest&) const = default;
};

struct Connection {
  ClientId client;
  // The session; set when the connect is read (the createSession txn carries it) and valid once
  // `established` (the txn was applied here and the client was answered).
  uint64_t session_id = 0;
  uint32_t timeout_ms = 0;
  bool established = false;
  SmallVec<PendingRequest, 2> pending;
  ZK_FIELDS(client, session_id, timeout_ms, established, pending)
  bool operator==(const Connection&) const = default;
};

// An item of PrepRequestProcessor's queue (leader only).
struct PrepItem {
  uint64_t session_id = 0;
  int32_t cxid = 0;
  NodeId origin;        // the server holding the client's connection
  std::string request;  // encode_request
  ZK_FIELDS(session_id, cxid, origin, request)
  bool operator==(const PrepItem&) const = default;
};

struct ServerLayer {
  bool enabled = false;    // the image is a ZkDatabase and clients may connect
  uint64_t now_ms = 0;     // logical time: advanced tick by tick by the world (or the clock)
  SmallVec<Connection, 2> connections;  // by client id
  SmallVec<PrepItem, 2> prep_queue;     // leader only
  std::optional<sessions::SessionTracker> tracker;  // the established leader's
  sessions::WatchManager watches;
  sessions::SessionIdGenerator session_ids;
  // A learner's sessions heard from since its last report to the leader (id, timeout).
  SmallVec<std::pair<uint64_t, uint32_t>, 2> touched;
  ZK_FIELDS(enabled, now_ms, connections, prep_queue, tracker, watches, session_ids, touched)
  bool operator==(const ServerLayer&) const = default;

  Connection* connection(ClientId client);
  Connection* connection_of_session(uint64_t session_id);
  void remove_connection(ClientId client);
};

}  // namespace zab::server
