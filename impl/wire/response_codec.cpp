// The response half of record_codec.h.
#include "impl/wire/record_codec.h"

namespace zab::wire {

void write(JuteWriter&, const EmptyResponse&) {}
void read(JuteReader&, EmptyResponse&) {}

void write(JuteWriter& w, const CreateResponse& r) {
  w.ustring(r.path);
}
void read(JuteReader& r, CreateResponse& out) {
  out.path = r.ustring();
}

void write(JuteWriter& w, const Create2Response& r) {
  w.ustring(r.path);
  w.stat(r.stat);
}
void read(JuteReader& r, Create2Response& out) {
  out.path = r.ustring();
  out.stat = r.stat();
}

void write(JuteWriter& w, const ExistsResponse& r) {
  w.stat(r.stat);
}
void read(JuteReader& r, ExistsResponse& out) {
  out.stat = r.stat();
}

void write(JuteWriter& w, const GetDataResponse& r) {
  w.nullable_buffer(r.data);
  w.stat(r.stat);
}
void read(JuteReader& r, GetDataResponse& out) {
  out.data = r.nullable_buffer();
  out.stat = r.stat();
}

void write(JuteWriter& w, const SetDataResponse& r) {
  w.stat(r.stat);
}
void read(JuteReader& r, SetDataResponse& out) {
  out.stat = r.stat();
}

void write(JuteWriter& w, const GetAclResponse& r) {
  w.acl_list(r.acl);
  w.stat(r.stat);
}
void read(JuteReader& r, GetAclResponse& out) {
  out.acl = r.acl_list();
  out.stat = r.stat();
}

void write(JuteWriter& w, const SetAclResponse& r) {
  w.stat(r.stat);
}
void read(JuteReader& r, SetAclResponse& out) {
  out.stat = r.stat();
}

void write(JuteWriter& w, const GetChildrenResponse& r) {
  w.string_list(r.children);
}
void read(JuteReader& r, GetChildrenResponse& out) {
  out.children = r.string_list();
}

void write(JuteWriter& w, const GetChildren2Response& r) {
  w.string_list(r.children);
  w.stat(r.stat);
}
void read(JuteReader& r, GetChildren2Response& out) {
  out.children = r.string_list();
  out.stat = r.stat();
}

void write(JuteWriter& w, const SyncResponse& r) {
  w.ustring(r.path);
}
void read(JuteReader& r, SyncResponse& out) {
  out.path = r.ustring();
}

void write(JuteWriter& w, const ErrorResponse& r) {
  w.i32(r.err);
}
void read(JuteReader& r, ErrorResponse& out) {
  out.err = r.i32();
}

void write(JuteWriter& w, const SetSaslResponse& r) {
  w.buffer(r.token);
}
void read(JuteReader& r, SetSaslResponse& out) {
  out.token = r.buffer();
}

void write(JuteWriter& w, const GetEphemeralsResponse& r) {
  w.string_list(r.ephemerals);
}
void read(JuteReader& r, GetEphemeralsResponse& out) {
  out.ephemerals = r.string_list();
}

void write(JuteWriter& w, const GetAllChildrenNumberResponse& r) {
  w.i32(r.total_number);
}
void read(JuteReader& r, GetAllChildrenNumberResponse& out) {
  out.total_number = r.i32();
}

void write(JuteWriter& w, const WhoAmIResponse& r) {
  w.i32(static_cast<int32_t>(r.client_info.size()));
  for (const auto& info : r.client_info) {
    w.ustring(info.auth_scheme);
    w.ustring(info.user);
  }
}
void read(JuteReader& r, WhoAmIResponse& out) {
  out.client_info.clear();
  const int32_t n = r.vector_count(8, "ClientInfo");  // two string lengths each
  for (int32_t k = 0; k < n && r.ok(); ++k) {
    ClientInfo info;
    info.auth_scheme = r.ustring();
    info.user = r.ustring();
    out.client_info.push_back(std::move(info));
  }
}

}  // namespace zab::wire
