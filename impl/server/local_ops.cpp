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
ClientInfo client_info(const data::Id& id) {
  if (id.scheme == "digest") return ClientInfo{id.scheme, id.id.substr(0, id.id.find(':'))};
  return ClientInfo{id.scheme, id.id};
}

// Registers the watch a read asked for; a malformed path cannot hold one (the read failed).
void watch_data(sessions::WatchManager& watches, uint64_t session, const std::string& path) {
  (void)watches.add_data_watch(session, path);
}

OpResult read_result(const data::ZkDatabase& db, const MultiReadSubOp& op,
                     const std::vector<data::Id>& auth, uint64_t session,
                     sessions::WatchManager& watches) {
  return std::visit(Overloaded{
                        [&](const GetChildrenOp& o) {
                          const auto r = data::get_children(db, o.path, auth);
                          if (!r.ok()) return OpResult{OpCode::kError, r.code(), {}, {}, {}, {}};
                          if (o.watch) (void)watches.add_child_watch(session, o.path);
                          return OpResult{OpCode::kGetChildren, Code::kOk, {}, {}, {}, *r};
                        },
                        [&](const GetDataOp& o) {
                          const auto r = data::get_data(db, o.path, auth);
                          if (!r.ok()) return OpResult{OpCode::kError, r.code(), {}, {}, {}, {}};
                          if (o.watch) watch_data(watches, session, o.path);
                          return OpResult{OpCode::kGetData, Code::kOk, {}, r->stat, *r->data, {}};
                        },
                    },
                    op);
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
  ClientReply r;
  r.cxid = p.cxid;
  r.zxid = peer_.last_processed;
  auto fail = [&](Code code) { r.err = code; };
  std::visit(
      Overloaded{
          [&](const GetDataOp& o) {
            const auto d = data::get_data(db, o.path, auth);
            if (!d.ok()) return fail(d.code());
            if (o.watch) watch_data(watches, session, o.path);
            r.response = GetDataResponse{*d->data, d->stat};
          },
          [&](const ExistsOp& o) {
            const auto s = data::exists(db, o.path);
            // exists registers the watch even for a missing node (NodeCreated later).
            if (o.watch && (s.ok() || s.code() == Code::kNoNode))
              watch_data(watches, session, o.path);
            if (!s.ok()) return fail(s.code());
            r.response = StatResponse{*s};
          },
          [&](const GetChildrenOp& o) {
            const auto c = data::get_children2(db, o.path, auth);
            if (!c.ok()) return fail(c.code());
            if (o.watch) (void)watches.add_child_watch(session, o.path);
            if (o.type == OpCode::kGetChildren2)
              r.response = GetChildren2Response{c->children, c->stat};
            else
              r.response = GetChildrenResponse{c->children};
          },
          [&](const GetAclOp& o) {
            const auto a = data::get_acl(db, o.path, auth);
            if (!a.ok()) return fail(a.code());
            r.response = GetAclResponse{a->acl, a->stat};
          },
          [&](const GetEphemeralsOp& o) {
            r.response = GetEphemeralsResponse{
                data::get_ephemerals(db, static_cast<int64_t>(session), o.prefix_path)};
          },
          [&](const GetAllChildrenNumberOp& o) {
            const auto n = data::get_all_children_number(db, o.path, auth);
            if (!n.ok()) return fail(n.code());
            r.response = GetAllChildrenNumberResponse{static_cast<int32_t>(*n)};
          },
          [&](const MultiReadOp& o) {
            MultiResponse m;
            for (const auto& op : o.ops)
              m.results.push_back(read_result(db, op, auth, session, watches));
            r.response = std::move(m);
          },
          [&](const WhoAmIOp&) {
            WhoAmIResponse w;
            for (const auto& id : auth)
              w.client_info.push_back(client_info(id));
            r.response = std::move(w);
          },
          [&](const PingOp&) { r.cxid = kPingXid; },
          [&](const SetWatchesOp& o) {
            // DataTree.setWatches: a change missed since relativeZxid fires now, ahead of the
            // reply; the rest are registered again.
            const auto lookup = [&db](std::string_view path) -> std::optional<sessions::ZnodeStat> {
              const auto node = db.tree().find(path);
              if (!node) return std::nullopt;
              return sessions::ZnodeStat{Zxid{static_cast<uint64_t>(node->stat.mzxid)},
                                         Zxid{static_cast<uint64_t>(node->stat.pzxid)}};
            };
            std::vector<sessions::WatchNotification> notes;
            const Code code = watches.set_watches(
                session, o.relative_zxid, o.data_watches, o.exist_watches, o.child_watches,
                o.persistent_watches, o.persistent_recursive_watches, lookup, notes);
            for (const auto& n : notes)
              out_.emplace_back(
                  SendToClient{conn.client, WatchEventMsg{n.path, static_cast<int32_t>(n.type)}});
            fail(code);
          },
          [&](const AddWatchOp& o) {
            const auto mode = add_watch_mode_from_int(o.mode);
            // DataTree.addWatch: WatcherMode.fromZooDef throws for an unknown mode, which
            // FinalRequestProcessor answers with MARSHALLINGERROR.
            if (!mode) return fail(Code::kMarshallingError);
            const Code code = watches.add_watch(session, o.path, *mode);
            if (code != Code::kOk) return fail(code);
            r.response = ErrorResponse{Code::kOk};
          },
          [&](const RemoveWatchesOp& o) {
            const auto type = watcher_type_from_int(o.watcher_type);
            if (!type) return fail(Code::kMarshallingError);  // WatcherType.fromInt throws
            fail(o.type == OpCode::kCheckWatches ? watches.check_watches(session, o.path, *type)
                                                 : watches.remove_watches(session, o.path, *type));
          },
          [&](const auto&) { ZK_UNREACHABLE("not answered locally"); },
      },
      p.op);
  return r;
}

}  // namespace zab::server
