// FinalRequestProcessor for the requests a server answers from its own state: reads (impl/data
// read.h), pings, whoAmI, and the watch requests (impl/sessions WatchManager). On the leader they
// also pass PrepRequestProcessor's session check: an expired or closing session gets
// SESSIONEXPIRED, and a session that moved to another server has its connection closed.
#include "impl/core/check.h"
#include "impl/core/overloaded.h"
#include "impl/data/read.h"
#include "impl/server/zk_server.h"

namespace zab::server {
namespace {

using data::OpCode;

// AuthenticationProvider.getUserName: digest ids show the user, others the id itself.
wire::ClientInfo client_info(const data::Id& id) {
  if (id.scheme == "digest") return wire::ClientInfo{id.scheme, id.id.substr(0, id.id.find(':'))};
  return wire::ClientInfo{id.scheme, id.id};
}

// A multiRead op (FinalRequestProcessor's multiRead case): each read answered on its own, a
// failure as an ErrorResult. MultiOperationRecord.deserialize keeps only the path of each read
// (Op.getData / Op.getChildren), so the watch flag the client sent is not honoured.
wire::OpResult read_result(const data::ZkDatabase& db, const wire::MultiOp& op,
                           const std::vector<data::Id>& auth) {
  return std::visit(
      Overloaded{
          [&](const wire::GetChildrenRequest& o) -> wire::OpResult {
            const auto r = data::get_children(db, o.path, auth);
            if (!r.ok()) return wire::ErrorResult{static_cast<int32_t>(r.code())};
            return wire::GetChildrenResult{*r};
          },
          [&](const wire::GetDataRequest& o) -> wire::OpResult {
            const auto r = data::get_data(db, o.path, auth);
            if (!r.ok()) return wire::ErrorResult{static_cast<int32_t>(r.code())};
            return wire::GetDataResult{*r->data, r->stat};
          },
          [](const auto&) -> wire::OpResult { ZK_UNREACHABLE("a multiRead holds reads only"); },
      },
      op.record);
}

}  // namespace

void ZkServer::answer_local(Connection& conn, const PendingRequest& p) {
  if (layer_.tracker) {
    // PrepRequestProcessor.pRequest: checkSession for every request that is not a txn.
    const Code code = layer_.tracker->check_session(conn.session_id, peer_.self);
    if (code == Code::kSessionMoved) {
      close_connection(conn.client, true);
      return;
    }
    if (code != Code::kOk) {
      ClientReply r;
      r.cxid = p.cxid;
      r.zxid = peer_.last_processed;
      r.err = code;
      reply(conn, std::move(r));
      return;
    }
  }
  reply(conn, local_reply(conn, p));
}

ClientReply ZkServer::local_reply(Connection& conn, const PendingRequest& p) {
  const auto& db = database();
  const std::vector<data::Id> auth(conn.auth_ids.begin(), conn.auth_ids.begin() + p.auth_count);
  const uint64_t session = conn.session_id;
  auto& watches = layer_.watches;
  const auto& op = std::get<RequestOp>(p.op);
  ClientReply r;
  r.cxid = p.cxid;
  r.zxid = peer_.last_processed;
  auto fail = [&](Code code) { r.err = code; };
  std::visit(Overloaded{
                 [&](const wire::GetDataRequest& o) {
                   const auto d = data::get_data(db, o.path, auth);
                   if (!d.ok()) return fail(d.code());
                   if (o.watch) (void)watches.add_data_watch(session, o.path);
                   r.body = wire::GetDataResponse{*d->data, d->stat};
                 },
                 [&](const wire::ExistsRequest& o) {
                   const auto s = data::exists(db, o.path);
                   // exists registers the watch even for a missing node (NodeCreated later).
                   if (o.watch && (s.ok() || s.code() == Code::kNoNode))
                     (void)watches.add_data_watch(session, o.path);
                   if (!s.ok()) return fail(s.code());
                   r.body = wire::ExistsResponse{*s};
                 },
                 [&](const wire::GetChildrenRequest& o) {
                   const auto c = data::get_children(db, o.path, auth);
                   if (!c.ok()) return fail(c.code());
                   if (o.watch) (void)watches.add_child_watch(session, o.path);
                   r.body = wire::GetChildrenResponse{*c};
                 },
                 [&](const wire::GetChildren2Request& o) {
                   const auto c = data::get_children2(db, o.path, auth);
                   if (!c.ok()) return fail(c.code());
                   if (o.watch) (void)watches.add_child_watch(session, o.path);
                   r.body = wire::GetChildren2Response{c->children, c->stat};
                 },
                 [&](const wire::GetAclRequest& o) {
                   const auto a = data::get_acl(db, o.path, auth);
                   if (!a.ok()) return fail(a.code());
                   r.body = wire::GetAclResponse{a->acl, a->stat};
                 },
                 [&](const wire::GetEphemeralsRequest& o) {
                   r.body = wire::GetEphemeralsResponse{
                       data::get_ephemerals(db, static_cast<int64_t>(session), o.prefix_path)};
                 },
                 [&](const wire::GetAllChildrenNumberRequest& o) {
                   const auto n = data::get_all_children_number(db, o.path, auth);
                   if (!n.ok()) return fail(n.code());
                   r.body = wire::GetAllChildrenNumberResponse{static_cast<int32_t>(*n)};
                 },
                 [&](const wire::MultiOperationRecord& o) {
                   ZK_ASSERT(op.type == OpCode::kMultiRead);
                   wire::MultiResponse m;
                   for (const auto& sub : o.ops)
                     m.results.push_back(read_result(db, sub, auth));
                   r.body = std::move(m);
                 },
                 [&](const wire::EmptyRequest&) {
                   if (op.type == OpCode::kPing) {
                     r.cxid = wire::kPingXid;
                     return;
                   }
                   ZK_ASSERT(op.type == OpCode::kWhoAmI);
                   wire::WhoAmIResponse w;
                   for (const auto& id : auth)
                     w.client_info.push_back(client_info(id));
                   r.body = std::move(w);
                 },
                 [&](const wire::SetWatches& o) {
                   fail(set_watches(conn, Zxid{static_cast<uint64_t>(o.relative_zxid)},
                                    o.data_watches, o.exist_watches, o.child_watches, {}, {}));
                 },
                 [&](const wire::SetWatches2& o) {
                   fail(set_watches(conn, Zxid{static_cast<uint64_t>(o.relative_zxid)},
                                    o.data_watches, o.exist_watches, o.child_watches,
                                    o.persistent_watches, o.persistent_recursive_watches));
                 },
                 [&](const wire::AddWatchRequest& o) {
                   const auto mode = add_watch_mode_from_int(o.mode);
                   // DataTree.addWatch: WatcherMode.fromZooDef throws for an unknown mode, which
                   // FinalRequestProcessor answers with MARSHALLINGERROR.
                   if (!mode) return fail(Code::kMarshallingError);
                   const Code code = watches.add_watch(session, o.path, *mode);
                   if (code != Code::kOk) return fail(code);
                   r.body = wire::ErrorResponse{0};
                 },
                 [&](const wire::RemoveWatchesRequest& o) {
                   const auto type = watcher_type_from_int(o.type);
                   if (!type) return fail(Code::kMarshallingError);  // WatcherType.fromInt throws
                   fail(watches.remove_watches(session, o.path, *type));
                 },
                 [&](const wire::CheckWatchesRequest& o) {
                   const auto type = watcher_type_from_int(o.type);
                   if (!type) return fail(Code::kMarshallingError);
                   fail(watches.check_watches(session, o.path, *type));
                 },
                 [](const auto&) { ZK_UNREACHABLE("not answered locally"); },
             },
             op.record);
  return r;
}

// DataTree.setWatches: a change missed since relativeZxid fires now, ahead of the reply; the rest
// are registered again. A negative relativeZxid (nothing seen) is 0.
Code ZkServer::set_watches(const Connection& conn, Zxid relative_zxid,
                           const std::vector<std::string>& data,
                           const std::vector<std::string>& exist,
                           const std::vector<std::string>& child,
                           const std::vector<std::string>& persistent,
                           const std::vector<std::string>& persistent_recursive) {
  if (static_cast<int64_t>(relative_zxid.value) < 0) relative_zxid = Zxid{};
  const auto& db = database();
  const auto lookup = [&db](std::string_view path) -> std::optional<sessions::ZnodeStat> {
    const auto node = db.tree().find(path);
    if (!node) return std::nullopt;
    return sessions::ZnodeStat{Zxid{static_cast<uint64_t>(node->stat.mzxid)},
                               Zxid{static_cast<uint64_t>(node->stat.pzxid)}};
  };
  std::vector<sessions::WatchNotification> notes;
  const Code code = layer_.watches.set_watches(conn.session_id, relative_zxid, data, exist, child,
                                               persistent, persistent_recursive, lookup, notes);
  for (const auto& n : notes)
    notify(conn.client, n);
  return code;
}

}  // namespace zab::server
