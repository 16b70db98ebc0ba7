#include "impl/wire/record_codec.h"

namespace zab::wire {

// ---- connection, headers, events --------------------------------------------------------------

void write(JuteWriter& w, const ConnectRequest& r) {
  w.i32(r.protocol_version);
  w.i64(r.last_zxid_seen);
  w.i32(r.time_out);
  w.i64(r.session_id);
  w.buffer(r.passwd);
  if (r.read_only) w.boolean(*r.read_only);
}
void read(JuteReader& r, ConnectRequest& out) {
  out.protocol_version = r.i32();
  out.last_zxid_seen = r.i64();
  out.time_out = r.i32();
  out.session_id = r.i64();
  out.passwd = r.buffer();
  out.read_only = r.ok() && r.remaining() > 0 ? std::optional<bool>(r.boolean()) : std::nullopt;
}

void write(JuteWriter& w, const ConnectResponse& r) {
  w.i32(r.protocol_version);
  w.i32(r.time_out);
  w.i64(r.session_id);
  w.buffer(r.passwd);
  if (r.read_only) w.boolean(*r.read_only);
}
void read(JuteReader& r, ConnectResponse& out) {
  out.protocol_version = r.i32();
  out.time_out = r.i32();
  out.session_id = r.i64();
  out.passwd = r.buffer();
  out.read_only = r.ok() && r.remaining() > 0 ? std::optional<bool>(r.boolean()) : std::nullopt;
}

void write(JuteWriter& w, const RequestHeader& h) {
  w.i32(h.xid);
  w.i32(static_cast<int32_t>(h.type));
}
void read(JuteReader& r, RequestHeader& out) {
  out.xid = r.i32();
  out.type = static_cast<OpCode>(r.i32());
}

void write(JuteWriter& w, const ReplyHeader& h) {
  w.i32(h.xid);
  w.i64(h.zxid);
  w.i32(h.err);
}
void read(JuteReader& r, ReplyHeader& out) {
  out.xid = r.i32();
  out.zxid = r.i64();
  out.err = r.i32();
}

void write(JuteWriter& w, const WatcherEvent& e) {
  w.i32(e.type);
  w.i32(e.state);
  w.ustring(e.path);
}
void read(JuteReader& r, WatcherEvent& out) {
  out.type = r.i32();
  out.state = r.i32();
  out.path = r.ustring();
}

// ---- requests ---------------------------------------------------------------------------------

void write(JuteWriter&, const EmptyRequest&) {}
void read(JuteReader&, EmptyRequest&) {}

void write(JuteWriter& w, const CreateRequest& r) {
  w.ustring(r.path);
  w.nullable_buffer(r.data);
  w.acl_list(r.acl);
  w.i32(r.flags);
}
void read(JuteReader& r, CreateRequest& out) {
  out.path = r.ustring();
  out.data = r.nullable_buffer();
  out.acl = r.acl_list();
  out.flags = r.i32();
}

void write(JuteWriter& w, const CreateTtlRequest& r) {
  w.ustring(r.path);
  w.nullable_buffer(r.data);
  w.acl_list(r.acl);
  w.i32(r.flags);
  w.i64(r.ttl);
}
void read(JuteReader& r, CreateTtlRequest& out) {
  out.path = r.ustring();
  out.data = r.nullable_buffer();
  out.acl = r.acl_list();
  out.flags = r.i32();
  out.ttl = r.i64();
}

void write(JuteWriter& w, const DeleteRequest& r) {
  w.ustring(r.path);
  w.i32(r.version);
}
void read(JuteReader& r, DeleteRequest& out) {
  out.path = r.ustring();
  out.version = r.i32();
}

// ExistsRequest, GetDataRequest, GetChildrenRequest and GetChildren2Request: {path, watch}.
template <class PathWatch>
void write_path_watch(JuteWriter& w, const PathWatch& r) {
  w.ustring(r.path);
  w.boolean(r.watch);
}
template <class PathWatch>
void read_path_watch(JuteReader& r, PathWatch& out) {
  out.path = r.ustring();
  out.watch = r.boolean();
}
void write(JuteWriter& w, const ExistsRequest& r) {
  write_path_watch(w, r);
}
void read(JuteReader& r, ExistsRequest& out) {
  read_path_watch(r, out);
}
void write(JuteWriter& w, const GetDataRequest& r) {
  write_path_watch(w, r);
}
void read(JuteReader& r, GetDataRequest& out) {
  read_path_watch(r, out);
}
void write(JuteWriter& w, const GetChildrenRequest& r) {
  write_path_watch(w, r);
}
void read(JuteReader& r, GetChildrenRequest& out) {
  read_path_watch(r, out);
}
void write(JuteWriter& w, const GetChildren2Request& r) {
  write_path_watch(w, r);
}
void read(JuteReader& r, GetChildren2Request& out) {
  read_path_watch(r, out);
}

void write(JuteWriter& w, const SetDataRequest& r) {
  w.ustring(r.path);
  w.nullable_buffer(r.data);
  w.i32(r.version);
}
void read(JuteReader& r, SetDataRequest& out) {
  out.path = r.ustring();
  out.data = r.nullable_buffer();
  out.version = r.i32();
}

void write(JuteWriter& w, const GetAclRequest& r) {
  w.ustring(r.path);
}
void read(JuteReader& r, GetAclRequest& out) {
  out.path = r.ustring();
}

void write(JuteWriter& w, const SetAclRequest& r) {
  w.ustring(r.path);
  w.acl_list(r.acl);
  w.i32(r.version);
}
void read(JuteReader& r, SetAclRequest& out) {
  out.path = r.ustring();
  out.acl = r.acl_list();
  out.version = r.i32();
}

void write(JuteWriter& w, const SyncRequest& r) {
  w.ustring(r.path);
}
void read(JuteReader& r, SyncRequest& out) {
  out.path = r.ustring();
}

void write(JuteWriter& w, const CheckVersionRequest& r) {
  w.ustring(r.path);
  w.i32(r.version);
}
void read(JuteReader& r, CheckVersionRequest& out) {
  out.path = r.ustring();
  out.version = r.i32();
}

void write(JuteWriter& w, const ReconfigRequest& r) {
  w.nullable_ustring(r.joining_servers);
  w.nullable_ustring(r.leaving_servers);
  w.nullable_ustring(r.new_members);
  w.i64(r.cur_config_id);
}
void read(JuteReader& r, ReconfigRequest& out) {
  out.joining_servers = r.nullable_ustring();
  out.leaving_servers = r.nullable_ustring();
  out.new_members = r.nullable_ustring();
  out.cur_config_id = r.i64();
}

// CheckWatchesRequest and RemoveWatchesRequest: {path, int type}.
void write(JuteWriter& w, const CheckWatchesRequest& r) {
  w.ustring(r.path);
  w.i32(r.type);
}
void read(JuteReader& r, CheckWatchesRequest& out) {
  out.path = r.ustring();
  out.type = r.i32();
}
void write(JuteWriter& w, const RemoveWatchesRequest& r) {
  w.ustring(r.path);
  w.i32(r.type);
}
void read(JuteReader& r, RemoveWatchesRequest& out) {
  out.path = r.ustring();
  out.type = r.i32();
}

void write(JuteWriter& w, const AuthPacket& r) {
  w.i32(r.type);
  w.ustring(r.scheme);
  w.buffer(r.auth);
}
void read(JuteReader& r, AuthPacket& out) {
  out.type = r.i32();
  out.scheme = r.ustring();
  out.auth = r.buffer();
}

void write(JuteWriter& w, const SetWatches& r) {
  w.i64(r.relative_zxid);
  w.string_list(r.data_watches);
  w.string_list(r.exist_watches);
  w.string_list(r.child_watches);
}
void read(JuteReader& r, SetWatches& out) {
  out.relative_zxid = r.i64();
  out.data_watches = r.string_list();
  out.exist_watches = r.string_list();
  out.child_watches = r.string_list();
}

void write(JuteWriter& w, const SetWatches2& r) {
  w.i64(r.relative_zxid);
  w.string_list(r.data_watches);
  w.string_list(r.exist_watches);
  w.string_list(r.child_watches);
  w.string_list(r.persistent_watches);
  w.string_list(r.persistent_recursive_watches);
}
void read(JuteReader& r, SetWatches2& out) {
  out.relative_zxid = r.i64();
  out.data_watches = r.string_list();
  out.exist_watches = r.string_list();
  out.child_watches = r.string_list();
  out.persistent_watches = r.string_list();
  out.persistent_recursive_watches = r.string_list();
}

void write(JuteWriter& w, const GetSaslRequest& r) {
  w.buffer(r.token);
}
void read(JuteReader& r, GetSaslRequest& out) {
  out.token = r.buffer();
}

void write(JuteWriter& w, const GetEphemeralsRequest& r) {
  w.ustring(r.prefix_path);
}
void read(JuteReader& r, GetEphemeralsRequest& out) {
  out.prefix_path = r.ustring();
}

void write(JuteWriter& w, const GetAllChildrenNumberRequest& r) {
  w.ustring(r.path);
}
void read(JuteReader& r, GetAllChildrenNumberRequest& out) {
  out.path = r.ustring();
}

void write(JuteWriter& w, const AddWatchRequest& r) {
  w.ustring(r.path);
  w.i32(r.mode);
}
void read(JuteReader& r, AddWatchRequest& out) {
  out.path = r.ustring();
  out.mode = r.i32();
}

}  // namespace zab::wire
