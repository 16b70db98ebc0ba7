// The REQUEST payload between servers: every forwarded operation survives the round trip, with
// the connection's identities, and malformed bytes are refused with a reason.
#include "impl/server/request_codec.h"

#include <gtest/gtest.h>

namespace zab::server {
namespace {

ForwardedRequest request(ForwardedOp op) {
  return ForwardedRequest{0x0100abcdef000001ULL,
                          42,
                          NodeId{3},
                          {data::Id{"ip", "127.0.0.1"}, data::Id{"digest", "a:b"}},
                          std::move(op)};
}

void expect_round_trip(const ForwardedRequest& r) {
  const auto decoded = decode_request(encode_request(r));
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(decoded->session_id, r.session_id);
  EXPECT_EQ(decoded->cxid, r.cxid);
  EXPECT_EQ(decoded->origin, r.origin);
  EXPECT_EQ(decoded->auth_ids, r.auth_ids);
  EXPECT_EQ(decoded->op, r.op);
}

TEST(RequestCodec, EveryForwardedOperationRoundTrips) {
  data::Create ttl{"/t", "d", data::open_acl_unsafe(), 5, 1000};
  data::Create odd_ttl{"/t", "d", data::open_acl_unsafe(), 0, 7};  // refused later, kept as sent
  const std::vector<ForwardedOp> ops{
      data::WriteRequest{data::Create{"/a", "x", data::open_acl_unsafe(), 3, -1}},
      data::WriteRequest{ttl},
      data::WriteRequest{odd_ttl},
      data::WriteRequest{data::Delete{"/a", 4}},
      data::WriteRequest{data::SetData{"/a", std::string("\0\1", 2), -1}},
      data::WriteRequest{data::SetAcl{"/a", data::read_acl_unsafe(), 2}},
      data::WriteRequest{data::Check{"/a", 9}},
      data::WriteRequest{
          data::Multi{{data::Create{"/m", "", data::open_acl_unsafe(), 0, -1}, ttl,
                       data::Delete{"/m", -1}, data::SetData{"/m", "v", 1}, data::Check{"/m", 2}}}},
      data::WriteRequest{data::Multi{}},
      data::WriteRequest{data::CreateSession{30000}},
      data::WriteRequest{data::CloseSession{}},
      data::WriteRequest{data::DeleteContainer{"/c"}},
      SyncRequest{"/s"},
      ReconfigRequest{"server.4=h:1:2", "", "", -1},
  };
  for (const auto& op : ops)
    expect_round_trip(request(op));
}

TEST(RequestCodec, MalformedPayloadsAreRefused) {
  const std::string good = encode_request(request(SyncRequest{"/s"}));
  for (size_t cut = 0; cut < good.size(); ++cut) {
    const auto r = decode_request(good.substr(0, cut));
    ASSERT_FALSE(r.ok()) << cut;
    EXPECT_EQ(r.error().code, Code::kMarshallingError);
  }
  EXPECT_FALSE(decode_request(good + "x").ok());
  std::string bad_origin = good;
  bad_origin[15] = 0;  // origin 0
  EXPECT_FALSE(decode_request(bad_origin).ok());
  std::string bad_type = good;
  // The opcode follows session (8), cxid (4), origin (4) and the identities.
  const auto ids_end = good.size() - 4 - 4 - 2;  // opcode, path length, "/s"
  bad_type[ids_end + 3] = 99;
  EXPECT_FALSE(decode_request(bad_type).ok());
}

}  // namespace
}  // namespace zab::server
