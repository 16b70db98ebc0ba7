// The leader's PrepRequestProcessor, forwarded requests, FinalRequestProcessor on every server,
// and the leader's SessionTracker (ticks, touch reports, expiry).
#include <algorithm>

#include "impl/core/check.h"
#include "impl/core/overloaded.h"
#include "impl/data/container.h"
#include "impl/data/database.h"
#include "impl/data/prep.h"
#include "impl/server/request_codec.h"
#include "impl/server/write_replies.h"
#include "impl/server/zk_server.h"

namespace zab::server {
namespace {

// A request refused before preparation (a moved session, reconfig): an ErrorTxn all the same,
// consuming a zxid.
std::string error_txn(const PrepItem& item, int64_t time_ms, Code code) {
  const data::TxnHeader header{static_cast<int64_t>(item.session_id), item.cxid, time_ms,
                               data::OpCode::kError};
  return data::encode_txn(header, data::ErrorTxn{code});
}

}  // namespace

void ZkServer::on_forwarded(NodeId from, const Request& m) {
  if (!peer_.is_established_leader()) return;  // a stale REQUEST from an older epoch
  const auto decoded = decode_request(m.payload);
  if (!decoded.ok()) return;  // LearnerHandler logs and drops a malformed packet
  if (decoded->origin != from) return;
  if (decoded->type != data::OpCode::kCreateSession)
    layer_.tracker->touch(decoded->session_id, layer_.now_ms);
  layer_.prep_queue.push_back(
      PrepItem{decoded->session_id, decoded->cxid, decoded->origin, m.payload});
}

// PrepRequestProcessor: validate the request against the leader's view of the tree including
// every change already proposed or committed but not yet applied, turn it into a txn (an
// ErrorTxn when it fails: failed writes consume a zxid too), and propose it. A sync proposes
// nothing; it waits for what was proposed before it (sync.cpp).
void ZkServer::drain_prep() {
  if (!peer_.is_established_leader() || layer_.prep_queue.empty()) return;
  const PrepItem item = layer_.prep_queue.front();
  layer_.prep_queue.erase(layer_.prep_queue.begin());
  const auto decoded = decode_request(item.request);
  ZK_ASSERT(decoded.ok());
  const auto time_ms = static_cast<int64_t>(layer_.now_ms);
  const auto op = forwarded_op(*decoded);
  if (!op.ok()) {
    // A record PrepRequestProcessor cannot read: MARSHALLINGERROR, an ErrorTxn all the same.
    step_peer(ClientPropose{0, error_txn(item, time_ms, Code::kMarshallingError)});
    return;
  }
  const auto* request = std::get_if<data::WriteRequest>(&*op);
  if (!request) {
    if (std::holds_alternative<wire::SyncRequest>(*op)) {
      on_sync_prepared(item);
      return;
    }
    // pRequest2Txn's reconfig case with reconfigEnabled=false.
    step_peer(ClientPropose{0, error_txn(item, time_ms, Code::kReconfigDisabled)});
    return;
  }
  // outstandingChanges: the applied image plus the committed and the outstanding proposals.
  StateImageRef projected = peer_.image;
  for (const auto& txn : peer_.apply_queue)
    projected = projected->apply(*txn);
  for (const auto& p : peer_.leading->outstanding)
    projected = projected->apply(*p.txn);

  auto& tracker = *layer_.tracker;
  data::PrepContext ctx;
  ctx.session_id = static_cast<int64_t>(item.session_id);
  ctx.cxid = item.cxid;
  ctx.time_ms = time_ms;
  ctx.auth_ids = decoded->auth_ids;
  ctx.extended_types_enabled = config_.extended_types_enabled;
  if (const auto* create = std::get_if<data::CreateSession>(request)) {
    tracker.track_session(item.session_id, static_cast<uint32_t>(create->timeout_ms), item.origin,
                          layer_.now_ms);
  } else {
    const auto* session = tracker.find(item.session_id);
    ctx.session_valid = session != nullptr;
    ctx.session_closing = session && session->closing;
    // checkSession with the request's owner; not for closeSession, which the expiry thread
    // issues without being the owner.
    const bool close_session = std::holds_alternative<data::CloseSession>(*request);
    if (session && !session->closing && !close_session &&
        tracker.check_session(item.session_id, item.origin) == Code::kSessionMoved) {
      step_peer(ClientPropose{0, error_txn(item, time_ms, Code::kSessionMoved)});
      return;
    }
    // ZOOKEEPER-1208's fix: a closing session accepts nothing more. The seeded bug leaves the
    // session valid until FinalRequestProcessor removes it.
    if (close_session && !cfg_.bugs.has(Bug::kZk1208)) tracker.set_session_closing(item.session_id);
  }
  const auto& projected_db = static_cast<const data::ZkDatabase&>(*projected);
  auto prepared = data::prepare(projected_db, *request, ctx);
  // The zxid the quorum core gives this proposal (ZooKeeper assigns it in the same place).
  const Zxid zxid = next_zxid(peer_.leading->last_proposed, cfg_.counter_bits);
  if (config_.digest_enabled) {
    // The seeded bug projects from the applied tree alone, as if nothing were outstanding.
    const bool bug = cfg_.bugs.has(Bug::kDigestIgnoresOutstanding);
    const auto& base = bug ? static_cast<const data::ZkDatabase&>(*peer_.image) : projected_db;
    data::add_txn_digest(base, zxid, prepared);
  }
  step_peer(ClientPropose{0, prepared.payload});
  // Proposed at that zxid, or refused and the role ended (an exhausted counter).
  ZK_ASSERT(!peer_.leading || peer_.leading->last_proposed == zxid);
}

// FinalRequestProcessor: after the quorum core applied `d.txn`, fire the watches of this
// server's connections, answer the syncs that this apply completes, then answer the request if
// its client is connected here: the watch events before the replies that follow them.
void ZkServer::on_delivered(const Delivered& d) {
  const auto& before = static_cast<const data::ZkDatabase&>(*d.before);
  const auto applied = before.apply_with_result(*d.txn);
  const auto& header = applied.result.header;
  if (applied.result.digest_mismatch && config_.digest_enabled) {
    const auto digest = data::decode_txn(d.txn->payload()).value().digest.value();
    out_.emplace_back(DigestMismatch{d.txn->zxid(), digest.tree_digest,
                                     static_cast<int64_t>(*applied.result.digest_mismatch),
                                     d.txn->payload()});
  }
  const auto session = static_cast<uint64_t>(header.client_id);
  if (header.type == data::OpCode::kCloseSession && layer_.tracker)
    layer_.tracker->remove_session(session);
  // Fast-forwarding after a role ends, or applying during sync: nobody to answer.
  if (!(peer_.leading || peer_.learning) || !serving(peer_)) return;
  std::vector<sessions::WatchNotification> notes;
  // WatchManager.trigger of a create or delete also fires the parent's NodeChildrenChanged, as
  // DataTree.createNode / deleteNode do; the parent's event in the list is that same one.
  for (const auto& ev : applied.result.events)
    if (ev.type != EventType::kNodeChildrenChanged) layer_.watches.trigger(ev.path, ev.type, notes);
  for (const auto& n : notes)
    if (Connection* c = layer_.connection_of_session(n.session_id)) notify(c->client, n);
  release_syncs();
  answer_write(session, applied.result, d.txn->zxid());
}

void ZkServer::answer_write(uint64_t session, const data::ApplyResult& result, Zxid zxid) {
  Connection* conn = layer_.connection_of_session(session);
  if (!conn) return;
  const ClientId client = conn->client;
  const auto& header = result.header;
  const bool answers = !conn->pending.empty() && conn->pending.front().cxid == header.cxid &&
                       answers_request(header.type, conn->pending.front().op);
  if (header.type == data::OpCode::kCreateSession) {
    if (answers && conn->phase == ConnectionPhase::kCreatingSession)
      finish_session_init(client, true);
    return;
  }
  if (answers) {
    const PendingRequest head = conn->pending.front();
    conn->pending.erase(conn->pending.begin());
    if (result.err == Code::kSessionMoved) {
      // A connection-level error: the client must be on another server now (ZOOKEEPER-710).
      close_connection(client, true);
      return;
    }
    reply(*conn, write_reply(head, result, zxid, database()));
  }
  if (header.type == data::OpCode::kCloseSession) {
    // The client's own close was answered above; an expired session's connection just closes.
    close_connection(client, true);
    return;
  }
  advance(client);
}

void ZkServer::on_tick(const Tick& t) {
  const uint64_t before_ms = layer_.now_ms;
  layer_.now_ms = t.now_ms;
  if (!layer_.enabled || !serving(peer_)) return;
  if (config_.tick_touches_connections)
    for (const auto& c : layer_.connections)
      if (c.established()) touch(c.session_id, c.timeout_ms);
  if (peer_.learning && !layer_.touched.empty()) {
    // The PING reply that carries the touched sessions (Learner.ping).
    Ping report{peer_.last_processed, {}};
    for (const auto& s : layer_.touched)
      report.sessions.push_back(s);
    layer_.touched.clear();
    send(peer_.learning->leader, report);
  }
  if (!layer_.tracker) return;
  // SessionTrackerImpl.run: whole buckets expire; each becomes a closeSession request.
  std::vector<SessionExpired> expired;
  for (const auto& s : layer_.tracker->sessions())
    expired.push_back(SessionExpired{s.id, s.timeout_ms, s.last_touch_ms, t.now_ms});
  const auto ids = layer_.tracker->expire(t.now_ms);
  for (const uint64_t id : ids) {
    for (const auto& e : expired)
      if (e.session_id == id) out_.emplace_back(e);
    const ForwardedRequest close{id, 0, peer_.self, {}, data::OpCode::kCloseSession, {}};
    layer_.prep_queue.push_back(PrepItem{id, 0, peer_.self, encode_request(close)});
  }
  check_containers(before_ms);
}

// ContainerManager.checkContainers, on the established leader each time logical time crosses a
// multiple of the check interval: each candidate of the applied tree becomes a deleteContainer
// request of session 0 whose record is the path's bytes, as ContainerManager.postDeleteRequest
// sends it; PrepRequestProcessor decides again against the projected tree, so a candidate that
// gained a child meanwhile only yields an error txn. ContainerManager sleeps between requests to
// stay under maxPerMinute; here a check issues at most its interval's share.
void ZkServer::check_containers(uint64_t before_ms) {
  const uint64_t interval_ms = config_.container_check_interval_ms;
  if (interval_ms == 0 || before_ms / interval_ms == layer_.now_ms / interval_ms) return;
  const uint64_t share = uint64_t{config_.container_max_per_minute} * interval_ms / 60000;
  size_t budget = static_cast<size_t>(std::max<uint64_t>(share, 1));
  for (const auto& path :
       data::reap_candidates(database().tree(), static_cast<int64_t>(layer_.now_ms),
                             config_.container_max_never_used_interval_ms)) {
    if (budget-- == 0) break;
    const ForwardedRequest request{0, 0, peer_.self, {}, data::OpCode::kDeleteContainer, path};
    layer_.prep_queue.push_back(PrepItem{0, 0, peer_.self, encode_request(request)});
  }
}

void ZkServer::on_touch_report(const Ping& m) {
  if (!layer_.tracker) return;
  for (const auto& [id, timeout] : m.sessions)
    layer_.tracker->touch(id, layer_.now_ms);
}

// A new leader's SessionTracker: every session of the replicated database, each given its full
// timeout from now (the clients reconnect; SessionTrackerImpl after an election).
void ZkServer::start_tracker() {
  std::vector<sessions::SessionWithTimeout> known;
  for (const auto& [id, timeout] : database().sessions())
    known.push_back(
        sessions::SessionWithTimeout{static_cast<uint64_t>(id), static_cast<uint32_t>(timeout)});
  layer_.tracker.emplace(session_config(), peer_.self, layer_.now_ms,
                         std::span<const sessions::SessionWithTimeout>(known), cfg_.bugs);
}

}  // namespace zab::server
