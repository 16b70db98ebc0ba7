// Server frames: every response record a server sends, framed by frame_to_client and read back
// by impl/wire's client-side decoder (what a ZooKeeper client reads), then by the project's own
// client (read_server_message). Notifications, error replies and the ConnectResponse too.
#include <gtest/gtest.h>

#include <set>

#include "impl/runtime/client_messages.h"
#include "impl/wire/client_reply.h"
#include "impl/wire/framing.h"
#include "tests/wire/wire_test_util.h"

namespace zab::runtime {
namespace {

using data::OpCode;
using wire::test::hex;
using wire::test::unhex;

const data::Stat kStat{
    0x100000002, 0x100000003, 0x18c2a3b4c5d, 0x18c2a3b4c5e, 1, 2, 0, 0x1000004cff30000,
    5,           0,           0x100000002};
const data::Stat kParentStat{0x100000001, 0x100000001, 1, 1, 0, 4, 0, 0, 0, 2, 0x100000004};
const data::AclList kAcl = {data::Acl{data::perms::kAll, data::Id{"world", "anyone"}},
                            data::Acl{data::perms::kRead, data::Id{"ip", "127.0.0.1"}}};

// The payload of a whole frame, after checking its length prefix.
std::string payload_of(const std::string& frame) {
  auto reader = wire::FrameReader(wire::FrameReader::Options{wire::kDefaultMaxFrameBytes, false});
  reader.feed(frame);
  auto event = reader.next();
  ZK_ASSERT_MSG(std::holds_alternative<wire::Frame>(event), hex(frame));
  ZK_ASSERT(reader.buffered_bytes() == 0);
  return std::get<wire::Frame>(event).payload;
}

struct ReplyCase {
  std::string name;
  OpCode request_type = OpCode::kPing;
  wire::ClientResponseRecord body;
};

std::vector<ReplyCase> reply_cases() {
  return {
      {"delete", OpCode::kDelete, wire::EmptyResponse{}},
      {"create", OpCode::kCreate, wire::CreateResponse{"/a/s-0000000003"}},
      {"create2", OpCode::kCreate2, wire::Create2Response{"/a", kStat}},
      {"exists", OpCode::kExists, wire::ExistsResponse{kStat}},
      {"setData", OpCode::kSetData, wire::SetDataResponse{kStat}},
      {"setACL", OpCode::kSetAcl, wire::SetAclResponse{kStat}},
      {"check (standalone)", OpCode::kCheck, wire::SetDataResponse{kStat}},
      {"getData", OpCode::kGetData, wire::GetDataResponse{"hello", kStat}},
      {"getData empty", OpCode::kGetData, wire::GetDataResponse{"", kStat}},
      {"getData null", OpCode::kGetData, wire::GetDataResponse{std::nullopt, kStat}},
      {"getChildren", OpCode::kGetChildren, wire::GetChildrenResponse{{"a", "b", "zookeeper"}}},
      {"getChildren2", OpCode::kGetChildren2, wire::GetChildren2Response{{"x"}, kParentStat}},
      {"getACL", OpCode::kGetAcl, wire::GetAclResponse{kAcl, kStat}},
      {"sync", OpCode::kSync, wire::SyncResponse{"/a"}},
      {"multi", OpCode::kMulti,
       wire::MultiResponse{{wire::CreateResult{"/m"}, wire::Create2Result{"/m/e", kStat},
                            wire::DeleteResult{}, wire::SetDataResult{kStat},
                            wire::CheckResult{}}}},
      {"failed multi", OpCode::kMulti,
       wire::MultiResponse{{wire::ErrorResult{0}, wire::ErrorResult{-103}, wire::ErrorResult{-2}}}},
      {"multiRead", OpCode::kMultiRead,
       wire::MultiResponse{{wire::GetChildrenResult{{"c1", "c2"}}, wire::GetDataResult{"v", kStat},
                            wire::ErrorResult{-101}}}},
      {"getEphemerals", OpCode::kGetEphemerals, wire::GetEphemeralsResponse{{"/e1", "/x/e2"}}},
      {"getAllChildrenNumber", OpCode::kGetAllChildrenNumber,
       wire::GetAllChildrenNumberResponse{5}},
      {"whoAmI", OpCode::kWhoAmI,
       wire::WhoAmIResponse{
           {wire::ClientInfo{"ip", "127.0.0.1"}, wire::ClientInfo{"digest", "alice"}}}},
      {"addWatch", OpCode::kAddWatch, wire::ErrorResponse{0}},
  };
}

// A reply as the server layer makes it is framed as ReplyHeader + its record, which impl/wire's
// client-side decoder (what a ZooKeeper client reads) and the project's own client read back.
TEST(ClientReplies, EveryReplyDecodesAsTheRecordAZooKeeperClientExpects) {
  std::set<size_t> covered;
  for (const auto& c : reply_cases()) {
    SCOPED_TRACE(c.name);
    const server::ClientReply reply{17, Zxid{0x100000009}, Code::kOk, c.body};
    const std::string payload = payload_of(frame_to_client(reply));
    auto decoded = wire::decode_reply(c.request_type, payload);
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(decoded->header, (wire::ReplyHeader{17, 0x100000009, 0}));
    EXPECT_TRUE(decoded->body == c.body);
    covered.insert(c.body.index());
    auto back = read_server_message(payload, c.request_type);
    ASSERT_TRUE(back.ok()) << back.error().message;
    EXPECT_EQ(back.value(), server::ToClient{reply});
  }
  // Every record a server sends: all but SetSASLResponse (no SASL here).
  EXPECT_EQ(covered.size(), std::variant_size_v<wire::ClientResponseRecord> - 1);
  EXPECT_FALSE(covered.contains(wire::ClientResponseRecord{wire::SetSaslResponse{}}.index()));
}

TEST(ClientReplies, GoldenBytesOfAGetDataReply) {
  // ReplyHeader{xid 5, zxid 0x100000009, err 0} + GetDataResponse{"hi", kStat}.
  const server::ClientReply reply{5, Zxid{0x100000009}, Code::kOk,
                                  wire::GetDataResponse{"hi", kStat}};
  EXPECT_EQ(hex(frame_to_client(reply)),
            "0000005a"  // length: 16 + 6 + 68
            "00000005"
            "0000000100000009"
            "00000000"  // header
            "00000002"
            "6869"  // data
            "0000000100000002"
            "0000000100000003"
            "0000018c2a3b4c5d"
            "0000018c2a3b4c5e"
            "00000001"
            "00000002"
            "00000000"
            "01000004cff30000"
            "00000005"
            "00000000"
            "0000000100000002");
}

TEST(ClientReplies, AnErrorReplyIsTheHeaderAlone) {
  // FinalRequestProcessor sends no record when err != 0, whatever the reply holds.
  for (const auto& response : {wire::ClientResponseRecord{wire::EmptyResponse{}},
                               wire::ClientResponseRecord{wire::ExistsResponse{kStat}}}) {
    const server::ClientReply reply{6, Zxid{0x10000000a}, Code::kNoNode, response};
    EXPECT_EQ(hex(frame_to_client(reply)),
              "00000010"
              "00000006"
              "000000010000000a"
              "ffffff9b");
  }
  auto back = read_server_message(
      payload_of(frame_to_client(server::ClientReply{6, Zxid{1}, Code::kNoNode, {}})),
      OpCode::kGetData);
  ASSERT_TRUE(back.ok());
  const server::ToClient expected = server::ClientReply{6, Zxid{1}, Code::kNoNode, {}};
  EXPECT_EQ(back.value(), expected);
}

TEST(ClientReplies, PingReplyIsAHeaderWithXidMinusTwo) {
  const server::ClientReply pong{wire::kPingXid, Zxid{0x100000003}, Code::kOk, {}};
  EXPECT_EQ(hex(frame_to_client(pong)),
            "00000010"
            "fffffffe"
            "0000000100000003"
            "00000000");
  const std::string payload = payload_of(frame_to_client(pong));
  EXPECT_EQ(read_reply_xid(payload).value(), -2);
  EXPECT_EQ(read_server_message(payload, OpCode::kPing).value(), server::ToClient{pong});
}

TEST(ClientReplies, NotificationMatchesARealServersBytes) {
  // NodeDataChanged on /kz/a/x as a real 3.8 server sent it (wire.md §1.4, §1.7).
  const wire::WatcherEvent event{3, 3, "/kz/a/x"};
  const std::string frame = frame_to_client(event);
  EXPECT_EQ(hex(frame),
            "00000023"
            "ffffffff"
            "ffffffffffffffff"
            "00000000"
            "00000003"
            "00000003"
            "00000007" +
                wire::test::ascii("/kz/a/x"));
  const std::string payload = payload_of(frame);
  EXPECT_EQ(read_reply_xid(payload).value(), -1);
  auto decoded = wire::decode_notification(payload);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded.value(), (wire::WatcherEvent{3, 3, "/kz/a/x"}));
  // Whatever request the client waits for, a notification reads as one.
  EXPECT_EQ(read_server_message(payload, OpCode::kSetData).value(), server::ToClient{event});
}

TEST(ClientReplies, ConnectResponseHasNoHeaderAndAFixedLayout) {
  const wire::ConnectResponse accepted{0, 10000, 0x1000004cff30000, std::string(16, '\x11'), false};
  const std::string frame = frame_to_client(accepted);
  // 4 + 37 = 41 bytes: what the C client reads positionally (wire.md §1.3).
  EXPECT_EQ(hex(frame),
            "00000025"
            "00000000"
            "00002710"
            "01000004cff30000"
            "00000010" +
                std::string(32, '1') + "00");
  auto decoded = wire::decode_connect_response(payload_of(frame));
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded.value(), accepted);
  auto back = read_connect_response(payload_of(frame));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, accepted);
  // An old client (no readOnly byte in its request) gets 36 bytes: the server leaves it out.
  wire::ConnectResponse old = accepted;
  old.read_only.reset();
  EXPECT_EQ(frame_to_client(old).size(), 4u + 36u);
  EXPECT_EQ(*read_connect_response(payload_of(frame_to_client(old))), old);
}

TEST(ClientReplies, RefusedSessionIsAllZeros) {
  const wire::ConnectResponse expired{0, 0, 0, std::string(16, '\0'), false};
  EXPECT_EQ(hex(frame_to_client(expired)),
            "00000025"
            "00000000"
            "00000000"
            "0000000000000000"
            "00000010" +
                std::string(32, '0') + "00");
}

TEST(ClientReplies, TheClientRefusesMalformedServerFrames) {
  const std::string ok = payload_of(
      frame_to_client(server::ClientReply{3, Zxid{1}, Code::kOk, wire::ExistsResponse{kStat}}));
  EXPECT_TRUE(read_server_message(ok, OpCode::kExists).ok());
  EXPECT_EQ(read_server_message(ok + "x", OpCode::kExists).code(), Code::kMarshallingError);
  EXPECT_EQ(read_server_message(ok.substr(0, ok.size() - 1), OpCode::kExists).code(),
            Code::kMarshallingError);
  EXPECT_EQ(read_server_message(ok.substr(0, 10), OpCode::kExists).code(), Code::kMarshallingError);
  EXPECT_EQ(read_reply_xid("abc").code(), Code::kMarshallingError);
  // A reply to an opcode no reply exists for.
  EXPECT_EQ(read_server_message(ok, OpCode::kNotification).code(), Code::kMarshallingError);
  // The UNIMPLEMENTED answer's zxid -1 reads as 0.
  auto refused = read_server_message(unhex("0000000b ffffffffffffffff fffffffa"), OpCode::kPing);
  ASSERT_TRUE(refused.ok());
  EXPECT_EQ(std::get<server::ClientReply>(refused.value()).zxid, Zxid{0});
  EXPECT_EQ(std::get<server::ClientReply>(refused.value()).err, Code::kUnimplemented);
}

}  // namespace
}  // namespace zab::runtime
