// The leader's SessionTrackerImpl as a value: every global session with its negotiated timeout,
// owner and closing flag, kept in an ExpiryQueue of tickTime buckets (research/wire.md §3).
//
// Who calls what, as in ZooKeeper:
// - a server that accepts a new connection negotiates the timeout (negotiate_session_timeout)
//   and hands out an id from its own SessionIdGenerator; the leader's tracker learns it through
//   the createSession request (track_session), or makes it itself (create_session);
// - every frame on a connection touches the session; followers batch their touches into the
//   replies to the leader's PINGs (touch);
// - a client re-attaching anywhere makes the leader check and refresh the session and record
//   the new owner (revalidate: the REVALIDATE packet);
// - PrepRequestProcessor checks each request's session (check_session) and marks a closing
//   session as soon as its closeSession is prepared (set_session_closing, ZOOKEEPER-1208);
// - the leader's expiry thread (expire) closes whole buckets; the session goes away when its
//   closeSession transaction is applied (remove_session);
// - a new leader rebuilds the tracker from the sessions in its data tree, every expiry restarted
//   at its full timeout (the constructor taking `sessions`).
#pragma once

#include <boost/container/small_vector.hpp>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "impl/core/bugs.h"
#include "impl/core/errors.h"
#include "impl/core/hasher.h"
#include "impl/core/ids.h"
#include "impl/sessions/expiry_queue.h"
#include "impl/sessions/session_id.h"

namespace zab::sessions {

// The zoo.cfg keys that govern sessions.
struct SessionConfig {
  uint32_t tick_time_ms = 2000;  // tickTime: the expiry bucket width
  // minSessionTimeout / maxSessionTimeout; -1 means the default, 2 and 20 ticks.
  int32_t min_session_timeout_ms = -1;
  int32_t max_session_timeout_ms = -1;

  uint32_t min_timeout_ms() const;
  uint32_t max_timeout_ms() const;
  // A readable error for settings ZooKeeper refuses (QuorumPeerConfig), or nullopt.
  std::optional<std::string> validate() const;
};

// ZooKeeperServer.processConnectRequest: the requested timeout clamped into [min, max]. Done on
// every connect, including a re-attach. Precondition: config.validate() passed.
uint32_t negotiate_session_timeout(int32_t requested_ms, const SessionConfig& config);

struct Session {
  uint64_t id = 0;
  // The negotiated timeout the expiry uses: from createSession, replaced by REVALIDATE's.
  uint32_t timeout_ms = 0;
  // The server whose connection the session's requests come through (SessionImpl.owner). Set by
  // createSession and REVALIDATE; unset after a leader change until the first request sets it.
  std::optional<NodeId> owner;
  // isClosing: a closeSession is prepared or the session expired. It accepts no more requests
  // and no more touches; it disappears when its closeSession is applied.
  bool closing = false;
  // When the session was last heard from (create, touch, revalidate, leader change). Not in
  // ZooKeeper; kept so properties can check expiry against it.
  uint64_t last_touch_ms = 0;
  ZK_FIELDS(id, timeout_ms, owner, closing, last_touch_ms)
  bool operator==(const Session&) const = default;
};

// ZKDatabase.getSessionWithTimeOuts: what the replicated data tree knows of a session.
struct SessionWithTimeout {
  uint64_t id = 0;
  uint32_t timeout_ms = 0;
  ZK_FIELDS(id, timeout_ms)
  bool operator==(const SessionWithTimeout&) const = default;
};

struct CreatedSession {
  Code code = Code::kOk;
  uint64_t session_id = 0;  // valid when code == kOk
};

class SessionTracker {
 public:
  // The tracker of a leader `server_id` that starts at `now_ms`, with no sessions.
  // Preconditions (asserted): config.validate() passed, valid(server_id), now_ms <= kMaxTimeMs.
  SessionTracker(const SessionConfig& config, NodeId server_id, uint64_t now_ms, BugSet bugs = {});
  // A new leader's tracker: every session of its data tree, none closing, no owner, each expiry
  // restarted at its full timeout from `now_ms` (the sessions survive the election; their
  // clients reconnect). Preconditions (asserted): as above, and valid, distinct sessions.
  SessionTracker(const SessionConfig& config, NodeId server_id, uint64_t now_ms,
                 std::span<const SessionWithTimeout> sessions, BugSet bugs = {});

  // createSession for a client of this server: a fresh id, tracked and owned by `owner`.
  CreatedSession create_session(uint32_t timeout_ms, NodeId owner, uint64_t now_ms);
  // trackSession + setOwner, as PrepRequestProcessor does for a createSession request. A session
  // already tracked is only refreshed, as in ZooKeeper. kBadArguments for a zero timeout, a
  // reserved id (0, the container marker) or a time earlier than one already expired.
  Code track_session(uint64_t id, uint32_t timeout_ms, NodeId owner, uint64_t now_ms);
  // touchSession: moves the session to bucket roundToNextInterval(now + timeout).
  // kSessionExpired if it is unknown or closing (the caller closes the connection).
  Code touch(uint64_t id, uint64_t now_ms);
  // REVALIDATE from a server where the client re-attached with a renegotiated timeout:
  // touchSession(id, timeout) then setOwner(id, owner). kSessionExpired if unknown or closing.
  Code revalidate(uint64_t id, uint32_t timeout_ms, NodeId owner, uint64_t now_ms);
  // setOwner: kSessionExpired if unknown or closing.
  Code set_owner(uint64_t id, NodeId owner);
  // setSessionClosing (ZOOKEEPER-1208's fix): from now on check_session and touch refuse it.
  void set_session_closing(uint64_t id);
  // checkSession for a request arriving through `owner`'s connection: kSessionExpired if unknown
  // or closing, kSessionMoved if another server owns it; an unowned session becomes owner's.
  Code check_session(uint64_t id, NodeId owner);
  // removeSession, when the closeSession transaction is applied. False if it was not tracked.
  bool remove_session(uint64_t id);
  // The expiry thread at `now_ms`: every bucket that is due, handed out whole, its sessions
  // marked closing. The caller issues a closeSession for each id. A closing session whose
  // closeSession is still in flight comes back when its bucket is due, as in ZooKeeper (the
  // second closeSession is a no-op).
  std::vector<uint64_t> expire(uint64_t now_ms);

  const Session* find(uint64_t id) const;  // nullptr when not tracked
  std::span<const Session> sessions() const { return {sessions_.data(), sessions_.size()}; }
  std::vector<SessionWithTimeout> sessions_with_timeout() const;
  const ExpiryQueue& expiry_queue() const { return queue_; }
  uint64_t next_session_id() const { return id_generator_.next_session_id; }

  ZK_FIELDS(queue_, sessions_, id_generator_)
  bool operator==(const SessionTracker&) const = default;

 private:
  Session* find_mutable(uint64_t id);
  bool time_accepted(uint64_t now_ms) const;
  // updateSessionExpiry; kBadArguments when time went backwards or is out of range.
  Code update_expiry(Session& session, uint32_t timeout_ms, uint64_t now_ms);

  ExpiryQueue queue_;  // sessionExpiryQueue: one entry per tracked session
  boost::container::small_vector<Session, 4> sessions_;  // sessionsById, ascending by id
  SessionIdGenerator id_generator_;                      // nextSessionId, for create_session
};

}  // namespace zab::sessions
