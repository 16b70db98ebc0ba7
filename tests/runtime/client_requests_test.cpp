// Request frames as the server layer reads them: every request record, encoded by impl/wire's
// client-side encoder (what a ZooKeeper client sends), read by read_client_request as that very
// record; the project's own client encoder must produce the same bytes. Then the frames the
// client port refuses.
#include <gtest/gtest.h>

#include <set>

#include "impl/runtime/client_messages.h"
#include "impl/wire/client_request.h"
#include "impl/wire/framing.h"
#include "tests/wire/wire_test_util.h"

namespace zab::runtime {
namespace {

using data::OpCode;
using wire::test::hex;
using wire::test::unhex;

const data::AclList kOpen = {data::Acl{data::perms::kAll, data::Id{"world", "anyone"}}};
const data::AclList kDigest = {data::Acl{data::perms::kRead | data::perms::kAdmin,
                                         data::Id{"digest", "alice:aYXlLOpEooaV1cRAvUL1fp9Qt7E="}}};

struct RequestCase {
  std::string name;
  int32_t xid = 0;
  OpCode type = OpCode::kPing;
  wire::ClientRequestRecord record;
};

std::vector<RequestCase> request_cases() {
  using wire::MultiOp;
  return {
      {"create", 1, OpCode::kCreate, wire::CreateRequest{"/a", "x", kOpen, 0}},
      {"create2 ephemeral sequential", 2, OpCode::kCreate2,
       wire::CreateRequest{"/a/s-", "", kDigest, 3}},
      {"createContainer", 3, OpCode::kCreateContainer, wire::CreateRequest{"/c", "d", kOpen, 4}},
      {"createTTL", 4, OpCode::kCreateTtl, wire::CreateTtlRequest{"/t", "y", kOpen, 5, 60000}},
      {"delete", 5, OpCode::kDelete, wire::DeleteRequest{"/a", 7}},
      {"deleteContainer", 27, OpCode::kDeleteContainer, wire::DeleteRequest{"/c", -1}},
      {"setData", 6, OpCode::kSetData, wire::SetDataRequest{"/a", "new", -1}},
      {"getData watch", 7, OpCode::kGetData, wire::GetDataRequest{"/a", true}},
      {"exists", 8, OpCode::kExists, wire::ExistsRequest{"/missing", true}},
      {"getChildren", 9, OpCode::kGetChildren, wire::GetChildrenRequest{"/", false}},
      {"getChildren2", 10, OpCode::kGetChildren2, wire::GetChildren2Request{"/a", true}},
      {"closeSession", 11, OpCode::kCloseSession, wire::EmptyRequest{}},
      {"getACL", 12, OpCode::kGetAcl, wire::GetAclRequest{"/a"}},
      {"setACL", 13, OpCode::kSetAcl, wire::SetAclRequest{"/a", kDigest, 2}},
      {"sync", 14, OpCode::kSync, wire::SyncRequest{"/a"}},
      {"check", 15, OpCode::kCheck, wire::CheckVersionRequest{"/a", 3}},
      {"multi", 16, OpCode::kMulti,
       wire::MultiOperationRecord{{
           MultiOp{OpCode::kCreate, wire::CreateRequest{"/m", "1", kOpen, 0}},
           MultiOp{OpCode::kCreate2, wire::CreateRequest{"/m/e", "", kOpen, 1}},
           MultiOp{OpCode::kCreateContainer, wire::CreateRequest{"/m/c", "", kOpen, 4}},
           MultiOp{OpCode::kCreateTtl, wire::CreateTtlRequest{"/m/t", "", kOpen, 6, 5000}},
           MultiOp{OpCode::kDelete, wire::DeleteRequest{"/old", -1}},
           MultiOp{OpCode::kSetData, wire::SetDataRequest{"/m", "2", 0}},
           MultiOp{OpCode::kCheck, wire::CheckVersionRequest{"/m", 1}},
       }}},
      {"empty multi", 17, OpCode::kMulti, wire::MultiOperationRecord{}},
      {"multiRead", 18, OpCode::kMultiRead,
       wire::MultiOperationRecord{{
           MultiOp{OpCode::kGetChildren, wire::GetChildrenRequest{"/a", false}},
           MultiOp{OpCode::kGetData, wire::GetDataRequest{"/a/b", false}},
       }}},
      {"ping", wire::kPingXid, OpCode::kPing, wire::EmptyRequest{}},
      {"setWatches (C client, xid -8)", wire::kSetWatchesXid, OpCode::kSetWatches,
       wire::SetWatches{0x100000005, {"/d"}, {"/e1", "/e2"}, {"/c"}}},
      {"setWatches2", 19, OpCode::kSetWatches2,
       wire::SetWatches2{0x200000001, {"/d"}, {}, {"/c"}, {"/p"}, {"/r"}}},
      {"addWatch recursive", 20, OpCode::kAddWatch, wire::AddWatchRequest{"/a", 1}},
      {"removeWatches", 21, OpCode::kRemoveWatches, wire::RemoveWatchesRequest{"/a", 3}},
      {"checkWatches", 22, OpCode::kCheckWatches, wire::CheckWatchesRequest{"/a", 2}},
      {"getEphemerals", 23, OpCode::kGetEphemerals, wire::GetEphemeralsRequest{"/"}},
      {"getAllChildrenNumber", 24, OpCode::kGetAllChildrenNumber,
       wire::GetAllChildrenNumberRequest{"/a"}},
      {"auth", wire::kAuthXid, OpCode::kAuth, wire::AuthPacket{0, "digest", "alice:secret"}},
      {"sasl", 28, OpCode::kSasl, wire::GetSaslRequest{"token"}},
      {"whoAmI", 25, OpCode::kWhoAmI, wire::EmptyRequest{}},
      {"reconfig", 26, OpCode::kReconfig,
       wire::ReconfigRequest{"server.4=127.0.0.1:2888:3888:participant", "2", std::nullopt, 0x3}},
  };
}

// The server layer reads a frame as the record impl/wire decodes (one spelling of each request),
// and the project's client writes exactly what a ZooKeeper client writes.
TEST(ClientRequests, EveryRequestReadsAsItsRecordAndEncodesBackToTheSameBytes) {
  std::set<size_t> covered;
  for (const auto& c : request_cases()) {
    SCOPED_TRACE(c.name);
    const std::string payload = wire::encode_request(wire::RequestHeader{c.xid, c.type}, c.record);
    auto read = read_client_request(payload);
    ASSERT_TRUE(std::holds_alternative<server::ClientRequest>(read))
        << std::get<RequestRefused>(read).why;
    const auto& request = std::get<server::ClientRequest>(read);
    EXPECT_EQ(request.cxid, c.xid);
    const server::ClientOp expected = server::RequestOp{c.type, c.record};
    EXPECT_EQ(request.op, expected) << server::describe(request.op);
    EXPECT_EQ(server::opcode_of(request.op), c.type);
    EXPECT_NE(server::kind_of(request.op), server::OpKind::kConnect);
    covered.insert(c.record.index());
    EXPECT_EQ(hex(frame_client_request(request)), hex(wire::frame(payload)));
  }
  EXPECT_EQ(covered.size(), std::variant_size_v<wire::ClientRequestRecord>);
}

// What the server layer serves and what it refuses, by opcode (impl/server answers the refused
// ones UNIMPLEMENTED itself).
TEST(ClientRequests, EveryDecodedOpcodeHasAKindInTheServerLayer) {
  for (const auto& c : request_cases()) {
    const server::OpKind kind = server::kind_of(server::RequestOp{c.type, c.record});
    if (c.type == OpCode::kSasl)
      EXPECT_EQ(kind, server::OpKind::kUnimplemented);
    else
      EXPECT_NE(kind, server::OpKind::kUnimplemented) << c.name;
  }
}

TEST(ClientRequests, NullZnodeDataIsKeptInTheRecord) {
  // zkCli's `create /x` sends data length -1 (impl/data stores it as "").
  const std::string payload = wire::encode_request(
      wire::RequestHeader{1, OpCode::kCreate}, wire::CreateRequest{"/x", std::nullopt, kOpen, 0});
  EXPECT_NE(hex(payload).find("ffffffff"), std::string::npos);
  auto read = read_client_request(payload);
  ASSERT_TRUE(std::holds_alternative<server::ClientRequest>(read));
  const auto& op = std::get<server::RequestOp>(std::get<server::ClientRequest>(read).op);
  const auto& create = std::get<wire::CreateRequest>(op.record);
  EXPECT_EQ(create.path, "/x");
  EXPECT_EQ(create.data, std::nullopt);
  EXPECT_EQ(hex(frame_client_request(std::get<server::ClientRequest>(read))),
            hex(wire::frame(payload)));
}

TEST(ClientRequests, ConnectRequestOfACurrentClient) {
  // kazoo's first frame (wire.md §1.3): 45 bytes, readOnly byte included.
  const wire::ConnectRequest record{
      0, 0x100000007, 10000, 0x1000004cff30000, std::string(16, '\x5a'), false};
  const std::string payload = wire::encode_connect_request(record);
  ASSERT_EQ(payload.size(), 45u);
  auto op = read_connect_request(payload, "127.0.0.1");
  ASSERT_TRUE(op.ok()) << op.error().message;
  EXPECT_EQ(op->request, record);
  EXPECT_EQ(op->client_address, "127.0.0.1");
  EXPECT_EQ(hex(frame_client_request(server::ClientRequest{0, *op})), hex(wire::frame(payload)));
}

TEST(ClientRequests, ConnectRequestOfAnOldClientHasNoReadOnlyByte) {
  wire::ConnectRequest record{0, 0, 30000, 0, std::string(16, '\0'), std::nullopt};
  const std::string payload = wire::encode_connect_request(record);
  ASSERT_EQ(payload.size(), 44u);
  auto op = read_connect_request(payload, "10.0.0.2");
  ASSERT_TRUE(op.ok());
  EXPECT_EQ(op->request.read_only, std::nullopt);  // the server answers without one too
  EXPECT_EQ(hex(frame_client_request(server::ClientRequest{0, *op})), hex(wire::frame(payload)));
}

TEST(ClientRequests, ANegativeLastZxidSeenIsKeptAsSent) {
  // The server layer reads it as "nothing seen", as ZooKeeper's signed comparison does.
  const wire::ConnectRequest record{0, -1, 4000, 0, std::string(16, '\0'), false};
  auto op = read_connect_request(wire::encode_connect_request(record), "");
  ASSERT_TRUE(op.ok());
  EXPECT_EQ(op->request.last_zxid_seen, -1);
}

TEST(ClientRequests, TruncatedConnectRequestIsAMarshallingError) {
  const std::string payload =
      wire::encode_connect_request({0, 0, 4000, 0, std::string(16, '\0'), false});
  for (size_t n : {0ul, 4ul, 20ul, 30ul, 43ul}) {
    auto op = read_connect_request(payload.substr(0, n), "");
    ASSERT_FALSE(op.ok()) << n;
    EXPECT_EQ(op.code(), Code::kMarshallingError) << n;
  }
}

RequestRefused refused(std::string_view payload) {
  auto read = read_client_request(payload);
  ZK_ASSERT_MSG(std::holds_alternative<RequestRefused>(read), hex(payload));
  return std::get<RequestRefused>(read);
}

TEST(ClientRequests, UnknownOpcodeIsUnimplementedAndAnsweredAsZooKeeperDoes) {
  // A hand-built frame with opcode 99 sent to a real 3.8 server (tests/wire capture, connection
  // 10): request 0000000b 00000063, answer {0xb, -1, -6}.
  const RequestRefused r = refused(unhex("0000000b 00000063"));
  EXPECT_EQ(r.xid, 0xb);
  EXPECT_EQ(r.err, Code::kUnimplemented);
  EXPECT_TRUE(r.reply);
  EXPECT_NE(r.why.find("99"), std::string::npos) << r.why;
  EXPECT_EQ(hex(frame_refusal(r, Zxid{0x100000009})),
            "00000010"
            "0000000b"
            "ffffffffffffffff"
            "fffffffa");
  // Numbers ZooDefs.OpCode lacks, the notification opcode, and the txn-only types.
  for (int32_t type : {0, 10, 23, 99, 108, -1, -10, 0x7fffffff}) {
    const RequestRefused u =
        refused(unhex(fmt::format("00000005 {:08x}", static_cast<uint32_t>(type))));
    EXPECT_EQ(u.err, Code::kUnimplemented) << type;
    EXPECT_EQ(u.xid, 5) << type;
    EXPECT_TRUE(u.reply) << type;
  }
}

TEST(ClientRequests, TruncatedRecordsAreMarshallingErrorsAnsweredWithTheLastZxid) {
  const std::string create =
      wire::encode_request({3, OpCode::kCreate}, wire::CreateRequest{"/a/b", "data", kOpen, 0});
  // Every cut inside the record, from just after the header to one byte short.
  for (size_t n = 8; n < create.size(); ++n) {
    const RequestRefused r = refused(std::string_view(create).substr(0, n));
    EXPECT_EQ(r.err, Code::kMarshallingError) << n;
    EXPECT_EQ(r.xid, 3) << n;
    EXPECT_TRUE(r.reply) << n;
  }
  const RequestRefused r = refused(std::string_view(create).substr(0, create.size() - 1));
  EXPECT_NE(r.why.find("create"), std::string::npos) << r.why;
  EXPECT_EQ(hex(frame_refusal(r, Zxid{0x100000009})),
            "00000010"
            "00000003"
            "0000000100000009"
            "fffffffb");
  // getData without its watch byte; a multi without its end marker.
  EXPECT_EQ(refused(unhex("00000004 00000004 00000002 2f61")).err, Code::kMarshallingError);
  const std::string multi = wire::encode_request(
      {9, OpCode::kMulti},
      wire::MultiOperationRecord{{{OpCode::kDelete, wire::DeleteRequest{"/a", -1}}}});
  EXPECT_EQ(refused(multi.substr(0, multi.size() - 9)).err, Code::kMarshallingError);
}

TEST(ClientRequests, MalformedRecordsAreMarshallingErrors) {
  // A path length past the end, a negative path length, a string over length_max.
  EXPECT_EQ(refused(unhex("00000001 00000003 00000010 2f 01")).err, Code::kMarshallingError);
  EXPECT_EQ(refused(unhex("00000001 00000003 fffffff0 01")).err, Code::kMarshallingError);
  const std::string big = wire::encode_request(
      {1, OpCode::kSetData}, wire::SetDataRequest{"/a", std::string(2000, 'x'), -1});
  auto read = read_client_request(big, 1000);
  ASSERT_TRUE(std::holds_alternative<RequestRefused>(read));
  EXPECT_EQ(std::get<RequestRefused>(read).err, Code::kMarshallingError);
  EXPECT_TRUE(std::holds_alternative<server::ClientRequest>(read_client_request(big, 4000)));
  // A read inside a multi, a write inside a multiRead (MultiOperationRecord refuses the mix).
  EXPECT_EQ(
      refused(wire::encode_request({2, OpCode::kMulti},
                                   wire::MultiOperationRecord{
                                       {{OpCode::kGetData, wire::GetDataRequest{"/a", false}}}}))
          .err,
      Code::kMarshallingError);
  // encode_request refuses to write the second one, so build it from a multi's bytes.
  std::string multi_read = wire::encode_request(
      {2, OpCode::kMulti},
      wire::MultiOperationRecord{{{OpCode::kDelete, wire::DeleteRequest{"/a", -1}}}});
  multi_read[7] = static_cast<char>(OpCode::kMultiRead);
  EXPECT_EQ(refused(multi_read).err, Code::kMarshallingError);
}

TEST(ClientRequests, AHeaderThatDoesNotParseClosesWithoutAReply) {
  for (std::string_view payload : {std::string_view(), std::string_view("\0\0\0\1", 4),
                                   std::string_view("\0\0\0\1\0\0\0", 7)}) {
    const RequestRefused r = refused(payload);
    EXPECT_EQ(r.err, Code::kMarshallingError);
    EXPECT_FALSE(r.reply);
    EXPECT_EQ(frame_refusal(r, Zxid{1}), "");
  }
}

TEST(ClientRequests, TrailingBytesAfterARecordAreIgnoredAsZooKeeperDoes) {
  const std::string payload =
      wire::encode_request({4, OpCode::kExists}, wire::ExistsRequest{"/a", false}) + "junk";
  auto read = read_client_request(payload);
  ASSERT_TRUE(std::holds_alternative<server::ClientRequest>(read));
  const server::ClientOp expected =
      server::RequestOp{OpCode::kExists, wire::ExistsRequest{"/a", false}};
  EXPECT_EQ(std::get<server::ClientRequest>(read).op, expected);
}

}  // namespace
}  // namespace zab::runtime
