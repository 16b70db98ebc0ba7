// The world's scripted ZooKeeper clients: one connection each, FIFO both ways (TCP), and the
// ghost history the session and watch properties read (the watches each client holds, the zxids
// it has seen, anything it saw that a correct server never sends).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "impl/core/hasher.h"
#include "impl/server/client_protocol.h"
#include "impl/server/client_responses.h"

namespace zab::check {

// A watch a client holds (ghost): registered by the reply to a read with watch at `zxid`.
struct WatchReg {
  std::string path;
  bool child = false;  // a child watch (getChildren) rather than a data / exist watch
  Zxid zxid;
  ZK_FIELDS(path, child, zxid)
  bool operator==(const WatchReg&) const = default;
};

// A scripted client, as the world sees it (its library's state plus ghost history).
struct ClientSlot {
  server::ClientId id;
  uint8_t next = 0;              // index of the next script step
  std::optional<NodeId> server;  // the server of its open connection
  bool established = false;      // the connect was answered with a session
  uint64_t session_id = 0;
  int32_t next_cxid = 1;
  SmallVec<std::pair<int32_t, uint8_t>, 2> outstanding;  // (cxid, script step) not yet answered
  SmallVec<WatchReg, 2> watches;  // ghost: watches registered and not yet fired
  Zxid last_zxid_seen;            // the highest zxid of a reply (clients' lastZxidSeen)
  std::string anomaly;            // ghost: what went wrong at this client, if anything
  uint8_t events_seen = 0;        // ghost: watch events received
  // Ghost, per sync not yet answered (in order): the highest zxid any client had seen when it
  // was sent. Its reply must be at or past it (sync-linearizable).
  SmallVec<Zxid, 1> sync_floors;
  uint8_t syncs_answered = 0;  // ghost: syncs answered after some client had seen a zxid
  std::string stale_sync;      // ghost: the first sync answered below its floor
  ZK_FIELDS(id, next, server, established, session_id, next_cxid, outstanding, watches,
            last_zxid_seen, anomaly, events_seen, sync_floors, syncs_answered, stale_sync)
  bool operator==(const ClientSlot&) const = default;
};

// One message between a client and a server: a request, or a reply / watch event, or (no
// payload) the close of the connection.
struct ClientMsg {
  server::ClientId client;
  NodeId server;
  bool to_server = true;
  std::optional<std::variant<server::ClientRequest, server::ToClient>> payload;
  ZK_FIELDS(client, server, to_server, payload)
  bool operator==(const ClientMsg&) const = default;
};

// The clients and what is in flight between them and the servers (FIFO per client, server and
// direction). The world shares it copy-on-write, since most steps do not touch it.
struct ClientWorld {
  std::vector<ClientSlot> slots;
  std::vector<ClientMsg> net;
  ZK_FIELDS(slots, net)
  bool operator==(const ClientWorld&) const = default;

  // The oldest message on the (client, server, direction) channel, if any.
  const ClientMsg* head(server::ClientId client, NodeId server, bool to_server) const;
  // Whether net[i] is the oldest of its channel.
  bool is_head(size_t i) const;
  void pop(server::ClientId client, NodeId server, bool to_server);
};

}  // namespace zab::check
