// The leader's PrepRequestProcessor, forwarded requests, FinalRequestProcessor on every server,
// and the leader's SessionTracker (ticks, touch reports, expiry).
#include <algorithm>

#include "impl/core/check.h"
#include "impl/core/overloaded.h"
#include "impl/data/database.h"
#include "impl/data/prep.h"
#include "impl/server/request_codec.h"
#include "impl/server/zk_server.h"

namespace zab::server {
namespace {

sessions::SessionConfig session_config(const QuorumConfig& cfg) {
  sessions::SessionConfig config;
  config.tick_time_ms = cfg.tick_time_ms;
  return config;
}

}  // namespace

void ZkServer::on_forwarded(NodeId from, const Request& m) {
  if (!peer_.is_established_leader()) return;  // a stale REQUEST from an older epoch
  const auto decoded = decode_request(m.payload);
  if (!decoded.ok()) return;  // LearnerHandler logs and drops a malformed packet
  if (decoded->origin != from) return;
  if (!std::holds_alternative<data::CreateSession>(decoded->request))
    layer_.tracker->touch(decoded->session_id, layer_.now_ms);
  layer_.prep_queue.push_back(
      PrepItem{decoded->session_id, decoded->cxid, decoded->origin, m.payload});
}

// PrepRequestProcessor: validate the request against the leader's view of the tree including
// every change already proposed or committed but not yet applied, turn it into a txn (an
// ErrorTxn when it fails: failed writes consume a zxid too), and propose it.
void ZkServer::drain_prep() {
  if (!peer_.is_established_leader() || layer_.prep_queue.empty()) return;
  const PrepItem item = layer_.prep_queue.front();
  layer_.prep_queue.erase(layer_.prep_queue.begin());
  const auto decoded = decode_request(item.request);
  ZK_ASSERT(decoded.ok());
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
  ctx.time_ms = static_cast<int64_t>(layer_.now_ms);
  if (const auto* create = std::get_if<data::CreateSession>(&decoded->request)) {
    tracker.track_session(item.session_id, static_cast<uint32_t>(create->timeout_ms), item.origin,
                          layer_.now_ms);
  } else {
    const auto* session = tracker.find(item.session_id);
    ctx.session_valid = session != nullptr;
    ctx.session_closing = session && session->closing;
    // ZOOKEEPER-1208's fix: a closing session accepts nothing more. The seeded bug leaves the
    // session valid until FinalRequestProcessor removes it.
    if (std::holds_alternative<data::CloseSession>(decoded->request) &&
        !cfg_.bugs.has(Bug::kZk1208))
      tracker.set_session_closing(item.session_id);
  }
  const auto prepared =
      data::prepare(static_cast<const data::ZkDatabase&>(*projected), decoded->request, ctx);
  step_peer(ClientPropose{0, prepared.payload});
}

// FinalRequestProcessor: after the quorum core applied `d.txn`, fire the watches of this
// server's connections, then answer the request if its client is connected here.
void ZkServer::on_delivered(const Delivered& d) {
  const auto& before = static_cast<const data::ZkDatabase&>(*d.before);
  const auto applied = before.apply_with_result(*d.txn);
  const auto& header = applied.result.header;
  const auto session = static_cast<uint64_t>(header.client_id);
  if (header.type == data::OpCode::kCloseSession && layer_.tracker)
    layer_.tracker->remove_session(session);
  // Fast-forwarding after a role ends, or applying during sync: nobody to answer.
  if (!(peer_.leading || peer_.learning) || !serving(peer_)) return;
  std::vector<sessions::WatchNotification> notes;
  for (const auto& ev : applied.result.events)
    layer_.watches.trigger(ev.path, ev.type, notes);
  for (const auto& n : notes)
    if (Connection* c = layer_.connection_of_session(n.session_id))
      out_.emplace_back(
          SendToClient{c->client, WatchEventMsg{n.path, static_cast<int32_t>(n.type)}});
  Connection* conn = layer_.connection_of_session(session);
  if (!conn) return;
  const bool answers = !conn->pending.empty() && conn->pending.front().cxid == header.cxid;
  if (answers) {
    ClientReply reply;
    reply.cxid = header.cxid;
    reply.err = applied.result.err;
    reply.zxid = d.txn->zxid();
    reply.path = applied.result.path;
    reply.stat = applied.result.stat;
    if (header.type == data::OpCode::kCreateSession) {
      conn->established = true;
      reply.session_id = session;
    }
    conn->pending.erase(conn->pending.begin());
    out_.emplace_back(SendToClient{conn->client, reply});
  }
  if (header.type == data::OpCode::kCloseSession) {
    // The client's own close was answered above; an expired session's connection just closes.
    layer_.watches.remove_session(session);
    out_.emplace_back(CloseClient{conn->client});
    layer_.remove_connection(conn->client);
    return;
  }
  answer_reads(*conn);
}

void ZkServer::on_tick(const Tick& t) {
  layer_.now_ms = t.now_ms;
  if (!layer_.enabled || !serving(peer_)) return;
  for (const auto& c : layer_.connections)
    if (c.established) touch(c.session_id, c.timeout_ms);
  if (peer_.learning && !layer_.touched.empty()) {
    // The PING reply that carries the touched sessions (Learner.ping).
    Ping report{peer_.last_processed, {}};
    for (const auto& s : layer_.touched)
      report.sessions.push_back(s);
    layer_.touched.clear();
    out_.emplace_back(Effect{Send{peer_.learning->leader, report}});
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
    const ForwardedRequest close{id, 0, peer_.self, data::CloseSession{}};
    layer_.prep_queue.push_back(PrepItem{id, 0, peer_.self, encode_request(close)});
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
  layer_.tracker.emplace(session_config(cfg_), peer_.self, layer_.now_ms,
                         std::span<const sessions::SessionWithTimeout>(known), cfg_.bugs);
}

}  // namespace zab::server
