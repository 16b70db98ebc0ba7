// The server layer's state: client connections, the leader's PrepRequestProcessor queue and
// SessionTracker, the WatchManager, the syncs in flight, and the logical clock. Volatile: a crash
// loses all of it (sessions survive in the replicated database; the new leader rebuilds its
// tracker from it).
#pragma once

#include <optional>

#include "impl/core/hasher.h"
#include "impl/core/sid_map.h"
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
  // How many of the connection's identities it had when the request was read: an addauth read
  // later does not apply to it (ZooKeeper copies cnxn.getAuthInfo() into each Request).
  uint8_t auth_count = 0;
  ZK_FIELDS(cxid, op, auth_count)
  bool operator==(const PendingRequest&) const = default;
};

enum class ConnectionPhase : uint8_t {
  kCreatingSession,  // the createSession txn is in the pipeline; answered when applied here
  kRevalidating,     // a re-attach: the leader is checking the session (REVALIDATE)
  kEstablished,      // the ConnectResponse went out; requests are served
};

struct Connection {
  ClientId client;
  // The session: set when the connect is read (a new id, or the one re-attached), valid for
  // requests once `phase` is kEstablished.
  uint64_t session_id = 0;
  uint32_t timeout_ms = 0;  // negotiated
  ConnectionPhase phase = ConnectionPhase::kCreatingSession;
  // Requests read and not yet answered, oldest first; the connect's is first until answered.
  SmallVec<PendingRequest, 2> pending;
  // Requests read before the session was established: ZooKeeper stops reading the socket until
  // then (disableRecv), so they are handled, in order, once it is.
  SmallVec<ClientRequest, 1> unread;
  // The connection's identities, in the order gained: ip:<address> when the address is known,
  // then one per successful addauth (ServerCnxn.authInfo). Never shrinks.
  SmallVec<data::Id, 1> auth_ids;
  ZK_FIELDS(client, session_id, timeout_ms, phase, pending, unread, auth_ids)
  bool operator==(const Connection&) const = default;

  bool established() const { return phase == ConnectionPhase::kEstablished; }
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

// A sync of one of this server's connections, in the order they were sent to the leader (or
// prepared, on the leader). It is answered once this server has applied up to `ready_at`: on a
// learner, what the leader had committed when it answered (the COMMITs before its SYNC); on the
// leader, what was proposed before the sync was prepared, once the leader has answered it to
// itself (LeaderSync). Unset until then. `client` is zero once the connection is gone (the entry
// stays to keep the leader's answers matched in order).
struct PendingSync {
  ClientId client;
  std::optional<Zxid> ready_at;
  ZK_FIELDS(client, ready_at)
  bool operator==(const PendingSync&) const = default;
};

// A sync the leader has prepared, from a learner (Leader.pendingSyncs) or from one of its own
// connections (`origin` itself). The leader answers it once `wait_for`, lastProposed when it was
// prepared, has committed, and a quorum has shown that it still follows this leader since: the
// leader and each participant that has echoed a PING sent after the sync was prepared.
// `echoes_due` holds, per other participant, the echoes still to read from it before it counts:
// the PINGs outstanding on its connection right after the sync's own; 1 for one not in broadcast
// then (its first echo answers a PING sent later). ZooKeeper waits for the commit only, so a
// deposed leader that has not noticed yet answers from a state missing what its successor has
// acknowledged (bug kSyncWithoutQuorumRound).
struct LeaderSync {
  NodeId origin;
  Zxid wait_for;
  SidMap<uint32_t> echoes_due;
  ZK_FIELDS(origin, wait_for, echoes_due)
  bool operator==(const LeaderSync&) const = default;
};

struct ServerLayer {
  bool enabled = false;  // the image is a ZkDatabase and clients may connect
  uint64_t now_ms = 0;   // logical time: advanced tick by tick by the world (or the clock)
  SmallVec<Connection, 2> connections;              // ascending by client id
  SmallVec<PrepItem, 2> prep_queue;                 // leader only
  std::optional<sessions::SessionTracker> tracker;  // the established leader's
  sessions::WatchManager watches;
  sessions::SessionIdGenerator session_ids;
  // A learner's sessions heard from since its last report to the leader (id, timeout).
  SmallVec<std::pair<uint64_t, uint32_t>, 2> touched;
  SmallVec<PendingSync, 1> syncs;
  SmallVec<LeaderSync, 1> leader_syncs;  // leader only
  ZK_FIELDS(enabled, now_ms, connections, prep_queue, tracker, watches, session_ids, touched, syncs,
            leader_syncs)
  bool operator==(const ServerLayer&) const = default;

  Connection* connection(ClientId client);
  const Connection* connection(ClientId client) const;
  Connection* connection_of_session(uint64_t session_id);
  Connection& add_connection(Connection conn);
  void remove_connection(ClientId client);
};

}  // namespace zab::server
