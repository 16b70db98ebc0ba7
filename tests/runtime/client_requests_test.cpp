// Request frames as the server layer reads them: every ClientOp alternative, encoded by impl/wire's
// client-side encoder (what a ZooKeeper client sends), read by read_client_request; the project's
// own client encoder must produce the same bytes. Then the frames the server refuses.
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
  server::ClientOp expected;
};

std::vector<RequestCase> request_cases() {
  using namespace server;
  using wire::MultiOp;
  return {
      {"create", 1, OpCode::kCreate, wire::CreateRequest{"/a", "x", kOpen, 0},
       CreateOp{"/a", "x", 0, kOpen, -1, OpCode::kCreate}},
      {"create2 ephemeral sequential", 2, OpCode::kCreate2,
       wire::CreateRequest{"/a/s-", "", kDigest, 3},
       CreateOp{"/a/s-", "", 3, kDigest, -1, OpCode::kCreate2}},
      {"createContainer", 3, OpCode::kCreateContainer, wire::CreateRequest{"/c", "d", kOpen, 4},
       CreateOp{"/c", "d", 4, kOpen, -1, OpCode::kCreateContainer}},
      {"createTTL", 4, OpCode::kCreateTtl, wire::CreateTtlRequest{"/t", "y", kOpen, 5, 60000},
       CreateOp{"/t", "y", 5, kOpen, 60000, OpCode::kCreateTtl}},
      {"delete", 5, OpCode::kDelete, wire::DeleteRequest{"/a", 7}, DeleteOp{"/a", 7}},
      {"setData", 6, OpCode::kSetData, wire::SetDataRequest{"/a", "new", -1},
       SetDataOp{"/a", "new", -1}},
      {"getData watch", 7, OpCode::kGetData, wire::GetDataRequest{"/a", true},
       GetDataOp{"/a", true}},
      {"exists", 8, OpCode::kExists, wire::ExistsRequest{"/missing", true},
       ExistsOp{"/missing", true}},
      {"getChildren", 9, OpCode::kGetChildren, wire::GetChildrenRequest{"/", false},
       GetChildrenOp{"/", false, OpCode::kGetChildren}},
      {"getChildren2", 10, OpCode::kGetChildren2, wire::GetChildren2Request{"/a", true},
       GetChildrenOp{"/a", true, OpCode::kGetChildren2}},
      {"closeSession", 11, OpCode::kCloseSession, wire::EmptyRequest{}, CloseOp{}},
      {"getACL", 12, OpCode::kGetAcl, wire::GetAclRequest{"/a"}, GetAclOp{"/a"}},
      {"setACL", 13, OpCode::kSetAcl, wire::SetAclRequest{"/a", kDigest, 2},
       SetAclOp{"/a", kDigest, 2}},
      {"sync", 14, OpCode::kSync, wire::SyncRequest{"/a"}, SyncOp{"/a"}},
      {"check", 15, OpCode::kCheck, wire::CheckVersionRequest{"/a", 3}, CheckOp{"/a", 3}},
      {"multi", 16, OpCode::kMulti,
       wire::MultiOperationRecord{{
           MultiOp{OpCode::kCreate, wire::CreateRequest{"/m", "1", kOpen, 0}},
           MultiOp{OpCode::kCreate2, wire::CreateRequest{"/m/e", "", kOpen, 1}},
           MultiOp{OpCode::kCreateContainer, wire::CreateRequest{"/m/c", "", kOpen, 4}},
           MultiOp{OpCode::kCreateTtl, wire::CreateTtlRequest{"/m/t", "", kOpen, 6, 5000}},
           MultiOp{OpCode::kDelete, wire::DeleteRequest{"/old", -1}},
           MultiOp{OpCode::kSetData, wire::SetDataRequest{"/m", "2", 0}},
           MultiOp{OpCode::kCheck, wire::CheckVersionRequest{"/m", 1}},
       }},
       server::MultiOp{{
           CreateOp{"/m", "1", 0, kOpen, -1, OpCode::kCreate},
           CreateOp{"/m/e", "", 1, kOpen, -1, OpCode::kCreate2},
           CreateOp{"/m/c", "", 4, kOpen, -1, OpCode::kCreateContainer},
           CreateOp{"/m/t", "", 6, kOpen, 5000, OpCode::kCreateTtl},
           DeleteOp{"/old", -1},
           SetDataOp{"/m", "2", 0},
           CheckOp{"/m", 1},
       }}},
      {"empty multi", 17, OpCode::kMulti, wire::MultiOperationRecord{}, server::MultiOp{}},
      {"multiRead", 18, OpCode::kMultiRead,
       wire::MultiOperationRecord{{
           MultiOp{OpCode::kGetChildren, wire::GetChildrenRequest{"/a", false}},
           MultiOp{OpCode::kGetData, wire::GetDataRequest{"/a/b", false}},
       }},
       MultiReadOp{{GetChildrenOp{"/a", false, OpCode::kGetChildren}, GetDataOp{"/a/b", false}}}},
      {"ping", wire::kPingXid, OpCode::kPing, wire::EmptyRequest{}, PingOp{}},
      {"setWatches (C client, xid -8)", wire::kSetWatchesXid, OpCode::kSetWatches,
       wire::SetWatches{0x100000005, {"/d"}, {"/e1", "/e2"}, {"/c"}},
       SetWatchesOp{
           Zxid{0x100000005}, {"/d"}, {"/e1", "/e2"}, {"/c"}, {}, {}, OpCode::kSetWatches}},
      {"setWatches2", 19, OpCode::kSetWatches2,
       wire::SetWatches2{0x200000001, {"/d"}, {}, {"/c"}, {"/p"}, {"/r"}},
       SetWatchesOp{Zxid{0x200000001}, {"/d"}, {}, {"/c"}, {"/p"}, {"/r"}, OpCode::kSetWatches2}},
      {"addWatch recursive", 20, OpCode::kAddWatch, wire::AddWatchRequest{"/a", 1},
       AddWatchOp{"/a", 1}},
      {"removeWatches", 21, OpCode::kRemoveWatches, wire::RemoveWatchesRequest{"/a", 3},
       RemoveWatchesOp{"/a", 3, OpCode::kRemoveWatches}},
      {"checkWatches", 22, OpCode::kCheckWatches, wire::CheckWatchesRequest{"/a", 2},
       RemoveWatchesOp{"/a", 2, OpCode::kCheckWatches}},
      {"getEphemerals", 23, OpCode::kGetEphemerals, wire::GetEphemeralsRequest{"/"},
       GetEphemeralsOp{"/"}},
      {"getAllChildrenNumber", 24, OpCode::kGetAllChildrenNumber,
       wire::GetAllChildrenNumberRequest{"/a"}, GetAllChildrenNumberOp{"/a"}},
      {"auth", wire::kAuthXid, OpCode::kAuth, wire::AuthPacket{0, "digest", "alice:secret"},
       AuthOp{0, "digest", "alice:secret"}},
      {"whoAmI", 25, OpCode::kWhoAmI, wire::EmptyRequest{}, WhoAmIOp{}},
      {"reconfig", 26, OpCode::kReconfig,
       wire::ReconfigRequest{"server.4=127.0.0.1:2888:3888:participant", "2", std::nullopt, 0x3},
       ReconfigOp{"server.4=127.0.0.1:2888:3888:participant", "2", "", 0x3}},
  };
}

TEST(ClientRequests, EveryClientOpReadsFromZooKeepersBytesAndEncodesBackToThem) {
  std::set<size_t> covered;
  for (const auto& c : request_cases()) {
    SCOPED_TRACE(c.name);
    const std::string payload = wire::encode_request(wire::RequestHeader{c.xid, c.type}, c.record);
    auto read = read_client_request(payload);
    ASSERT_TRUE(std::holds_alternative<server::ClientRequest>(read))
        << std::get<RequestRefused>(read).why;
    const auto& request = std::get<server::ClientRequest>(read);
    EXPECT_EQ(request.cxid, c.xid);
    EXPECT_EQ(request.op, c.expected) << server::describe(request.op);
    EXPECT_EQ(server::opcode_of(request.op), c.type);
    covered.insert(request.op.index());
    // The project's client writes exactly what a ZooKeeper client writes (reconfig's "" is null).
    EXPECT_EQ(hex(frame_client_request(server::ClientRequest{c.xid, c.expected})),
              hex(wire::frame(payload)));
  }
  // Every alternative but ConnectOp, which is not a request frame (next tests).
  EXPECT_EQ(covered.size(), std::variant_size_v<server::ClientOp> - 1);
  EXPECT_FALSE(covered.contains(server::ClientOp{server::ConnectOp{}}.index()));
}

TEST(ClientRequests, NullZnodeDataReadsAsEmpty) {
  // zkCli's `create /x` sends data length -1; impl/data keeps data as a string.
  const std::string payload = wire::encode_request(
      wire::RequestHeader{1, OpCode::kCreate}, wire::CreateRequest{"/x", std::nullopt, kOpen, 0});
  EXPECT_NE(hex(payload).find("ffffffff"), std::string::npos);
  auto read = read_client_request(payload);
  ASSERT_TRUE(std::holds_alternative<server::ClientRequest>(read));
  const auto& op = std::get<server::CreateOp>(std::get<server::ClientRequest>(read).op);
  EXPECT_EQ(op.path, "/x");
  EXPECT_EQ(op.data, "");
}

TEST(ClientRequests, ConnectRequestOfACurrentClient) {
  // kazoo's first frame (wire.md §1.3): 45 bytes, readOnly byte included.
  const wire::ConnectRequest record{
      0, 0x100000007, 10000, 0x1000004cff30000, std::string(16, '\x5a'), false};
  const std::string payload = wire::encode_connect_request(record);
  ASSERT_EQ(payload.size(), 45u);
  auto op = read_connect_request(payload, "127.0.0.1");
  ASSERT_TRUE(op.ok()) << op.error().message;
  EXPECT_EQ(op->timeout_ms, 10000);
  EXPECT_EQ(op->last_zxid_seen, Zxid{0x100000007});
  EXPECT_EQ(op->session_id, 0x1000004cff30000u);
  EXPECT_EQ(op->passwd, std::string(16, '\x5a'));
  EXPECT_FALSE(op->read_only);
  EXPECT_EQ(op->protocol_version, 0);
  EXPECT_EQ(op->client_address, "127.0.0.1");
  auto frame = read_connect_frame(payload, "127.0.0.1");
  ASSERT_TRUE(frame.ok());
  EXPECT_TRUE(frame->read_only_byte);
  EXPECT_EQ(hex(frame_connect_request(*op)), hex(wire::frame(payload)));
  EXPECT_EQ(hex(frame_client_request(server::ClientRequest{0, *op})), hex(wire::frame(payload)));
}

TEST(ClientRequests, ConnectRequestOfAnOldClientHasNoReadOnlyByte) {
  wire::ConnectRequest record{0, 0, 30000, 0, std::string(16, '\0'), std::nullopt};
  const std::string payload = wire::encode_connect_request(record);
  ASSERT_EQ(payload.size(), 44u);
  auto frame = read_connect_frame(payload, "10.0.0.2");
  ASSERT_TRUE(frame.ok());
  EXPECT_FALSE(frame->read_only_byte);
  EXPECT_FALSE(frame->op.read_only);
}

TEST(ClientRequests, NegativeLastZxidSeenReadsAsNothingSeen) {
  const wire::ConnectRequest record{0, -1, 4000, 0, std::string(16, '\0'), false};
  auto op = read_connect_request(wire::encode_connect_request(record), "");
  ASSERT_TRUE(op.ok());
  EXPECT_EQ(op->last_zxid_seen, Zxid{0});
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

TEST(ClientRequests, OpcodesTheServerLayerLacksAreUnimplemented) {
  // deleteContainer (20) and sasl (102) parse, but no ClientOp carries them.
  const RequestRefused dc =
      refused(wire::encode_request({7, OpCode::kDeleteContainer}, wire::DeleteRequest{"/c", -1}));
  EXPECT_EQ(dc.err, Code::kUnimplemented);
  EXPECT_EQ(dc.xid, 7);
  EXPECT_NE(dc.why.find("deleteContainer"), std::string::npos) << dc.why;
  const RequestRefused sasl =
      refused(wire::encode_request({8, OpCode::kSasl}, wire::GetSaslRequest{"token"}));
  EXPECT_EQ(sasl.err, Code::kUnimplemented);
  EXPECT_EQ(hex(frame_refusal(sasl, Zxid{5})),
            "00000010"
            "00000008"
            "ffffffffffffffff"
            "fffffffa");
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
  const server::ClientOp expected = server::ExistsOp{"/a", false};
  EXPECT_EQ(std::get<server::ClientRequest>(read).op, expected);
}

}  // namespace
}  // namespace zab::runtime
