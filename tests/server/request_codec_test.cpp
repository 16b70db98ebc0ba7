// The REQUEST payload between servers: the header (session, cxid, origin, the connection's
// identities, type) survives the round trip, the record's bytes are the client's, and the leader
// reads every forwarded operation back as impl/data's write; malformed bytes are refused with a
// reason.
#include "impl/server/request_codec.h"

#include <gtest/gtest.h>

#include "impl/data/jute.h"
#include "impl/server/client_ops.h"

namespace zab::server {
namespace {

using data::OpCode;

ForwardedRequest request(OpCode type, std::string record) {
  return ForwardedRequest{0x0100abcdef000001ULL,
                          42,
                          NodeId{3},
                          {data::Id{"ip", "127.0.0.1"}, data::Id{"digest", "a:b"}},
                          type,
                          std::move(record)};
}

// What a client's request becomes at the leader.
Result<ForwardedOp> at_leader(const ClientOp& op) {
  const auto& r = std::get<RequestOp>(op);
  const auto decoded = decode_request(encode_request(request(r.type, record_bytes(r.record))));
  if (!decoded.ok()) return decoded.error();
  EXPECT_EQ(decoded->session_id, 0x0100abcdef000001ULL);
  EXPECT_EQ(decoded->cxid, 42);
  EXPECT_EQ(decoded->origin, NodeId{3});
  EXPECT_EQ(decoded->auth_ids, (std::vector<data::Id>{{"ip", "127.0.0.1"}, {"digest", "a:b"}}));
  EXPECT_EQ(decoded->type, r.type);
  return forwarded_op(*decoded);
}

ForwardedOp write(data::WriteRequest w) {
  return ForwardedOp{std::move(w)};
}

TEST(RequestCodec, EveryForwardedOperationReachesTheLeader) {
  const auto open = data::open_acl_unsafe();
  const data::Create ttl{"/t", "d", open, 5, 1000};
  const std::vector<std::pair<ClientOp, ForwardedOp>> cases{
      {ops::create("/a", "x", 3), write(data::Create{"/a", "x", open, 3, -1})},
      {ops::create2("/a", "x", 1), write(data::Create{"/a", "x", open, 1, -1})},
      {ops::create_container("/c"), write(data::Create{"/c", "", open, 4, -1})},
      {ops::create_ttl("/t", "d", 5, 1000), write(ttl)},
      {ops::create_ttl("/t", "d", 0, 7), write(data::Create{"/t", "d", open, 0, 7})},
      {ops::delete_node("/a", 4), write(data::Delete{"/a", 4})},
      {ops::set_data("/a", std::string("\0\1", 2)), write(data::SetData{"/a", {"\0\1", 2}, -1})},
      {ops::set_acl("/a", data::read_acl_unsafe(), 2),
       write(data::SetAcl{"/a", data::read_acl_unsafe(), 2})},
      {ops::check("/a", 9), write(data::Check{"/a", 9})},
      {ops::multi({ops::create2("/m"), ops::create_ttl("/t", "d", 5, 1000), ops::delete_node("/m"),
                   ops::set_data("/m", "v", 1), ops::check("/m", 2)}),
       write(data::Multi{{data::Create{"/m", "", open, 0, -1}, ttl, data::Delete{"/m", -1},
                          data::SetData{"/m", "v", 1}, data::Check{"/m", 2}}})},
      {ops::multi({}), write(data::Multi{})},
      {ops::close_session(), write(data::CloseSession{})},
      {ops::sync("/s"), ForwardedOp{wire::SyncRequest{"/s"}}},
      {ops::reconfig("server.4=h:1:2", "", ""),
       ForwardedOp{wire::ReconfigRequest{"server.4=h:1:2", "", "", -1}}},
  };
  for (const auto& [op, expected] : cases) {
    const auto got = at_leader(op);
    ASSERT_TRUE(got.ok()) << describe(op) << ": " << got.error().message;
    EXPECT_EQ(*got, expected) << describe(op);
  }
}

TEST(RequestCodec, TheServersOwnRequests) {
  data::JuteWriter timeout;
  timeout.i32(30000);
  auto decoded = decode_request(encode_request(request(OpCode::kCreateSession, timeout.take())));
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*forwarded_op(*decoded), write(data::CreateSession{30000}));
  // ContainerManager's deleteContainer carries the path's bytes alone.
  decoded = decode_request(encode_request(request(OpCode::kDeleteContainer, "/box")));
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*forwarded_op(*decoded), write(data::DeleteContainer{"/box"}));
  // A client's deleteContainer carries a DeleteRequest, which PrepRequestProcessor reads whole as
  // the path (and then refuses it as a path).
  const auto from_client = record_bytes(wire::DeleteRequest{"/box", -1});
  decoded = decode_request(encode_request(request(OpCode::kDeleteContainer, from_client)));
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*forwarded_op(*decoded), write(data::DeleteContainer{from_client}));
}

TEST(RequestCodec, WhatServersNeverForwardIsAMarshallingError) {
  for (const auto& op :
       {ops::get_data("/a"), ops::multi_read({ops::get_data("/a")}), ops::ping()}) {
    const auto got = at_leader(op);
    ASSERT_FALSE(got.ok()) << describe(op);
    EXPECT_EQ(got.error().code, Code::kMarshallingError);
  }
  // A record cut short.
  const auto bytes = record_bytes(wire::SetDataRequest{"/a", "data", -1});
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    const auto decoded =
        decode_request(encode_request(request(OpCode::kSetData, bytes.substr(0, cut))));
    ASSERT_TRUE(decoded.ok());
    EXPECT_FALSE(forwarded_op(*decoded).ok()) << cut;
  }
}

TEST(RequestCodec, MalformedHeadersAreRefused) {
  const std::string good = encode_request(request(OpCode::kSync, ""));
  for (size_t cut = 0; cut < good.size(); ++cut) {
    const auto r = decode_request(good.substr(0, cut));
    ASSERT_FALSE(r.ok()) << cut;
    EXPECT_EQ(r.error().code, Code::kMarshallingError);
  }
  ASSERT_TRUE(decode_request(good).ok());
  std::string bad_origin = good;
  bad_origin[15] = 0;  // origin 0
  EXPECT_FALSE(decode_request(bad_origin).ok());
  std::string bad_ids = good;
  bad_ids[16] = 0x7f;  // a huge identity count
  EXPECT_FALSE(decode_request(bad_ids).ok());
}

}  // namespace
}  // namespace zab::server
