// Golden bytes of the client protocol, built by hand from zookeeper.jute's field lists (wire.md
// §1) and, where wire.md quotes a real client's trace, equal to it. Each test encodes the record
// and compares with the bytes, then decodes the bytes and compares with the record.
#include <gtest/gtest.h>

#include "impl/wire/client_reply.h"
#include "impl/wire/client_request.h"
#include "impl/wire/framing.h"
#include "tests/wire/wire_test_util.h"

namespace zab::wire {
namespace {

using test::hex;
using test::unhex;

const std::string kZeroPasswd(16, '\0');

// A Stat whose 68 bytes are spelled out in kStatBytes.
const Stat kStat{0x100000002, 0x100000003, 0x18c2a3b4c5d, 0x18c2a3b4c5e, 1, 2, 0, 0x1000004cff30000,
                 5,           0,           0x100000002};
const std::string kStatBytes =
    "0000000100000002"   // czxid
    "0000000100000003"   // mzxid
    "0000018c2a3b4c5d"   // ctime (ms)
    "0000018c2a3b4c5e"   // mtime
    "00000001"           // version
    "00000002"           // cversion
    "00000000"           // aversion
    "01000004cff30000"   // ephemeralOwner
    "00000005"           // dataLength
    "00000000"           // numChildren
    "0000000100000002";  // pzxid

void expect_request(const RequestHeader& header, const ClientRequestRecord& record,
                    std::string_view golden_hex) {
  const std::string golden = unhex(golden_hex);
  EXPECT_EQ(hex(encode_request(header, record)), hex(golden));
  auto decoded = decode_request(golden);
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(decoded->header, header);
  ASSERT_TRUE(decoded->record.ok()) << decoded->record.error().message;
  EXPECT_TRUE(decoded->record.value() == record);
  EXPECT_EQ(decoded->trailing_bytes, 0u);
}

void expect_reply(OpCode op, const ReplyHeader& header, const ClientResponseRecord& body,
                  std::string_view golden_hex) {
  const std::string golden = unhex(golden_hex);
  EXPECT_EQ(hex(encode_reply(header, body)), hex(golden));
  auto decoded = decode_reply(op, golden);
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_EQ(decoded->header, header);
  EXPECT_TRUE(decoded->body == body);
}

TEST(GoldenClient, ConnectRequestFromACurrentClientIs45Bytes) {
  const ConnectRequest request{0, 0, 10000, 0, kZeroPasswd, false};
  const std::string golden = unhex(
      "00000000"                                   // protocolVersion 0
      "0000000000000000"                           // lastZxidSeen
      "00002710"                                   // timeOut 10000 ms
      "0000000000000000"                           // sessionId 0: a new session
      "00000010 00000000000000000000000000000000"  // passwd: length 16, zeros
      "00");                                       // readOnly false (after the record)
  EXPECT_EQ(golden.size(), 45u);
  EXPECT_EQ(hex(encode_connect_request(request)), hex(golden));
  auto decoded = decode_connect_request(golden);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, request);
  // Framed: the 4-byte length 45 first.
  EXPECT_EQ(hex(frame(golden)).substr(0, 8), "0000002d");
}

TEST(GoldenClient, ConnectRequestFromAnOldClientHasNoReadOnlyByte) {
  const ConnectRequest request{
      0, 0x100000005, 30000, 0x1000004cff30000, std::string(16, 'p'), std::nullopt};
  const std::string golden = unhex(
      "00000000 0000000100000005 00007530 01000004cff30000"  // version, lastZxid, 30000, id
      "00000010 70707070707070707070707070707070");          // passwd "pppp..."
  EXPECT_EQ(golden.size(), 44u);
  EXPECT_EQ(hex(encode_connect_request(request)), hex(golden));
  auto decoded = decode_connect_request(golden);
  ASSERT_TRUE(decoded.ok());
  EXPECT_FALSE(decoded->read_only.has_value());
}

TEST(GoldenClient, ConnectResponseIs37BytesOr36ForAnOldClient) {
  const std::string passwd = unhex("474e66f15044d5fbb9cf6cbcb80ba08f");  // wire.md §3's example
  ConnectResponse response{0, 10000, 0x1000004cff3000d, passwd, false};
  const std::string golden = unhex(
      "00000000"                                   // protocolVersion
      "00002710"                                   // timeOut: the negotiated 10000 ms
      "01000004cff3000d"                           // sessionId
      "00000010 474e66f15044d5fbb9cf6cbcb80ba08f"  // passwd, 16 bytes
      "00");                                       // readOnly: not a read-only server
  EXPECT_EQ(golden.size(), 37u);
  EXPECT_EQ(hex(encode_connect_response(response)), hex(golden));
  auto decoded = decode_connect_response(golden);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, response);

  response.read_only.reset();
  EXPECT_EQ(encode_connect_response(response), golden.substr(0, 36));
}

TEST(GoldenClient, ExpiredSessionAnswerIsAllZeros) {
  const ConnectResponse expired{0, 0, 0, kZeroPasswd, false};
  EXPECT_EQ(hex(encode_connect_response(expired)),
            "00000000"
            "00000000"
            "0000000000000000"
            "00000010" +
                std::string(32, '0') + "00");
}

TEST(GoldenClient, GetDataWithWatchMatchesKazoosTrace) {
  // wire.md §1.7: getData "/kz/a/x" with watch: 00000007 2f6b7a2f612f78 01.
  expect_request({1, OpCode::kGetData}, GetDataRequest{"/kz/a/x", true},
                 "00000001 00000004"        // RequestHeader: xid 1, type 4 (getData)
                 "00000007 2f6b7a2f612f78"  // path "/kz/a/x"
                 "01");                     // watch
}

TEST(GoldenClient, CreateMatchesKazoosTrace) {
  // wire.md §1.7: create "/kz", empty data, world:anyone ALL, persistent.
  expect_request({2, OpCode::kCreate},
                 CreateRequest{"/kz", std::string(), data::open_acl_unsafe(), 0},
                 "00000002 00000001"      // xid 2, type 1 (create)
                 "00000003 2f6b7a"        // path "/kz"
                 "00000000"               // data: empty (not null)
                 "00000001"               // one ACL
                 "0000001f"               //   perms ALL
                 "00000005 776f726c64"    //   scheme "world"
                 "00000006 616e796f6e65"  //   id "anyone"
                 "00000000");             // flags: persistent
}

TEST(GoldenClient, CreateWithNullDataKeepsTheNull) {
  // zkCli's `create /x` sends null data (BinaryOutputArchive writes length -1).
  expect_request({3, OpCode::kCreateContainer},
                 CreateRequest{"/x", std::nullopt, data::open_acl_unsafe(), 4},
                 "00000003 00000013"  // type 19 (createContainer)
                 "00000002 2f78"      // "/x"
                 "ffffffff"           // data: null
                 "00000001 0000001f 00000005 776f726c64 00000006 616e796f6e65"
                 "00000004");  // flags 4: container
}

TEST(GoldenClient, CreateTtl) {
  expect_request({4, OpCode::kCreateTtl},
                 CreateTtlRequest{"/t", std::string("v"), data::open_acl_unsafe(), 5, 60000},
                 "00000004 00000015"          // type 21 (createTTL)
                 "00000002 2f74 00000001 76"  // "/t", data "v"
                 "00000001 0000001f 00000005 776f726c64 00000006 616e796f6e65"
                 "00000005"            // flags 5: persistent with TTL
                 "000000000000ea60");  // ttl 60000 ms
}

TEST(GoldenClient, PingCloseSessionAndWhoAmIAreHeadersOnly) {
  expect_request({kPingXid, OpCode::kPing}, EmptyRequest{}, "fffffffe 0000000b");
  expect_request({9, OpCode::kCloseSession}, EmptyRequest{}, "00000009 fffffff5");
  expect_request({10, OpCode::kWhoAmI}, EmptyRequest{}, "0000000a 0000006b");
}

TEST(GoldenClient, AuthPacket) {
  expect_request({kAuthXid, OpCode::kAuth}, AuthPacket{0, "digest", "alice:secret"},
                 "fffffffc 00000064"                    // xid -4, type 100 (auth)
                 "00000000"                             // type 0
                 "00000006 646967657374"                // scheme "digest"
                 "0000000c 616c6963653a736563726574");  // auth "alice:secret"
}

TEST(GoldenClient, SetWatchesAsTheCClientSendsIt) {
  // wire.md §2.1: relZxid, data ["/rc"], exist ["/rc2"], child ["/rc"], xid -8.
  expect_request({kSetWatchesXid, OpCode::kSetWatches},
                 SetWatches{0x100000007, {"/rc"}, {"/rc2"}, {"/rc"}},
                 "fffffff8 00000065"           // xid -8, type 101
                 "0000000100000007"            // relativeZxid
                 "00000001 00000003 2f7263"    // dataWatches ["/rc"]
                 "00000001 00000004 2f726332"  // existWatches ["/rc2"]
                 "00000001 00000003 2f7263");  // childWatches ["/rc"]
}

TEST(GoldenClient, SetWatches2AddWatchRemoveWatches) {
  expect_request({5, OpCode::kSetWatches2}, SetWatches2{7, {}, {}, {}, {"/p"}, {"/r"}},
                 "00000005 00000069 0000000000000007"
                 "00000000 00000000 00000000"  // no data, exist or child watches
                 "00000001 00000002 2f70"      // persistentWatches ["/p"]
                 "00000001 00000002 2f72");    // persistentRecursiveWatches ["/r"]
  expect_request({6, OpCode::kAddWatch}, AddWatchRequest{"/p", 1},
                 "00000006 0000006a 00000002 2f70 00000001");  // mode 1: recursive
  expect_request({7, OpCode::kRemoveWatches}, RemoveWatchesRequest{"/p", 3},
                 "00000007 00000012 00000002 2f70 00000003");  // type 3: any
}

TEST(GoldenClient, MultiWithCreateSetDataCheckDelete) {
  MultiOperationRecord multi{{
      {OpCode::kCreate, CreateRequest{"/m", std::string(), data::open_acl_unsafe(), 0}},
      {OpCode::kSetData, SetDataRequest{"/m", std::string("v"), -1}},
      {OpCode::kCheck, CheckVersionRequest{"/m", 1}},
      {OpCode::kDelete, DeleteRequest{"/m", -1}},
  }};
  expect_request({8, OpCode::kMulti}, multi,
                 "00000008 0000000e"       // xid 8, type 14 (multi)
                 "00000001 00 ffffffff"    // MultiHeader {create, false, -1}
                 "00000002 2f6d 00000000"  //   "/m", empty data
                 "00000001 0000001f 00000005 776f726c64 00000006 616e796f6e65 00000000"
                 "00000005 00 ffffffff"                // MultiHeader {setData}
                 "00000002 2f6d 00000001 76 ffffffff"  //   "/m", "v", version -1
                 "0000000d 00 ffffffff"                // MultiHeader {check}
                 "00000002 2f6d 00000001"              //   "/m", version 1
                 "00000002 00 ffffffff"                // MultiHeader {delete}
                 "00000002 2f6d ffffffff"              //   "/m", version -1
                 "ffffffff 01 ffffffff");              // terminator {-1, true, -1}
}

TEST(GoldenClient, ErrorReplyIsTheHeaderAlone) {
  expect_reply(OpCode::kGetData, ReplyHeader{12, 0x100000009, -101}, EmptyResponse{},
               "0000000c"          // xid 12
               "0000000100000009"  // zxid: the server's last processed
               "ffffff9b");        // err -101 NONODE; no body
}

TEST(GoldenClient, UnimplementedReplyCarriesZxidMinusOne) {
  expect_reply(OpCode::kGetData, unimplemented_reply_header(13), EmptyResponse{},
               "0000000d ffffffffffffffff fffffffa");  // -6 UNIMPLEMENTED
}

TEST(GoldenClient, PingReply) {
  expect_reply(OpCode::kPing, ReplyHeader{kPingXid, 0x10000000a, 0}, EmptyResponse{},
               "fffffffe 000000010000000a 00000000");
}

TEST(GoldenClient, Create2AndGetDataReplies) {
  expect_reply(OpCode::kCreate2, ReplyHeader{14, 0x100000002, 0}, Create2Response{"/a", kStat},
               "0000000e 0000000100000002 00000000"  // ReplyHeader
               "00000002 2f61" +
                   kStatBytes);  // path "/a", Stat
  expect_reply(OpCode::kGetData, ReplyHeader{15, 0x100000003, 0},
               GetDataResponse{std::string("hello"), kStat},
               "0000000f 0000000100000003 00000000"
               "00000005 68656c6c6f" +
                   kStatBytes);  // data "hello", Stat
  expect_reply(OpCode::kGetData, ReplyHeader{16, 0x100000003, 0},
               GetDataResponse{std::nullopt, kStat},
               "00000010 0000000100000003 00000000"
               "ffffffff" +
                   kStatBytes);  // null data (created with null)
}

TEST(GoldenClient, ChildrenAclAndSmallReplies) {
  expect_reply(OpCode::kGetChildren2, ReplyHeader{17, 3, 0},
               GetChildren2Response{{"a", "bc"}, kStat},
               "00000011 0000000000000003 00000000"
               "00000002 00000001 61 00000002 6263" +
                   kStatBytes);
  expect_reply(OpCode::kGetAcl, ReplyHeader{18, 3, 0},
               GetAclResponse{data::read_acl_unsafe(), kStat},
               "00000012 0000000000000003 00000000"
               "00000001 00000001 00000005 776f726c64 00000006 616e796f6e65" +
                   kStatBytes);
  expect_reply(OpCode::kAddWatch, ReplyHeader{19, 3, 0}, ErrorResponse{0},
               "00000013 0000000000000003 00000000 00000000");  // ErrorResponse{0}
  expect_reply(OpCode::kGetAllChildrenNumber, ReplyHeader{20, 3, 0},
               GetAllChildrenNumberResponse{5}, "00000014 0000000000000003 00000000 00000005");
  expect_reply(OpCode::kSync, ReplyHeader{21, 3, 0}, SyncResponse{"/a"},
               "00000015 0000000000000003 00000000 00000002 2f61");
  expect_reply(OpCode::kWhoAmI, ReplyHeader{22, 3, 0},
               WhoAmIResponse{{{"ip", "127.0.0.1"}, {"digest", "alice"}}},
               "00000016 0000000000000003 00000000"
               "00000002"                                     // two ClientInfo
               "00000002 6970 00000009 3132372e302e302e31"    // ("ip", "127.0.0.1")
               "00000006 646967657374 00000005 616c696365");  // ("digest", "alice")
}

TEST(GoldenClient, FailedMultiHasErrZeroAndOneErrorResultPerOp) {
  // The first op would have succeeded (0), the second failed BADVERSION, the third was not run
  // (RUNTIMEINCONSISTENCY); the outer err stays 0 (wire.md §1.9).
  MultiResponse response{{ErrorResult{0}, ErrorResult{-103}, ErrorResult{-2}}};
  expect_reply(OpCode::kMulti, ReplyHeader{23, 0x10000000b, 0}, response,
               "00000017 000000010000000b 00000000"
               "ffffffff 00 00000000 00000000"  // {error, false, 0} + ErrorResponse{0}
               "ffffffff 00 ffffff99 ffffff99"  // {error, false, -103} + ErrorResponse{-103}
               "ffffffff 00 fffffffe fffffffe"  // {error, false, -2} + ErrorResponse{-2}
               "ffffffff 01 ffffffff");         // terminator
}

TEST(GoldenClient, SuccessfulMultiResults) {
  MultiResponse response{{CreateResult{"/m"}, Create2Result{"/c", kStat}, SetDataResult{kStat},
                          CheckResult{}, DeleteResult{}}};
  expect_reply(OpCode::kMulti, ReplyHeader{24, 0x10000000c, 0}, response,
               "00000018 000000010000000c 00000000"
               "00000001 00 00000000 00000002 2f6d"  // create: path
               "0000000f 00 00000000 00000002 2f63" +
                   kStatBytes +                           // create2: path, stat
                   "00000005 00 00000000" + kStatBytes +  // setData: stat
                   "0000000d 00 00000000"                 // check: no body
                   "00000002 00 00000000"                 // delete: no body
                   "ffffffff 01 ffffffff");
}

TEST(GoldenClient, WatchNotificationMatchesTheTrace) {
  // wire.md §1.7: NodeDataChanged on "/kz/a/x" after ReplyHeader {-1, -1, 0}.
  const WatcherEvent event{3, 3, "/kz/a/x"};
  const std::string golden = unhex(
      "ffffffff ffffffffffffffff 00000000"  // xid -1, zxid -1, err 0
      "00000003 00000003"                   // NodeDataChanged, SyncConnected
      "00000007 2f6b7a2f612f78");           // "/kz/a/x"
  EXPECT_EQ(hex(encode_notification(event)), hex(golden));
  auto decoded = decode_notification(golden);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, event);
}

TEST(GoldenClient, ReconfigWithNullStrings) {
  expect_request({25, OpCode::kReconfig},
                 ReconfigRequest{std::string("server.4=h:1:2"), std::nullopt, std::nullopt, -1},
                 "00000019 00000010"
                 "0000000e 7365727665722e343d683a313a32"  // joiningServers
                 "ffffffff ffffffff"                      // leaving, newMembers: null
                 "ffffffffffffffff");                     // curConfigId -1
}

TEST(GoldenClient, PathRequests) {
  // "/a" is 00000002 2f61 throughout.
  expect_request({30, OpCode::kDelete}, DeleteRequest{"/a", 3},
                 "0000001e 00000002 | 00000002 2f61 | 00000003");  // path, version 3
  expect_request({31, OpCode::kExists}, ExistsRequest{"/a", true},
                 "0000001f 00000003 | 00000002 2f61 | 01");  // path, watch
  expect_request({32, OpCode::kSetData}, SetDataRequest{"/a", std::string("xy"), 4},
                 "00000020 00000005 | 00000002 2f61 | 00000002 7879 | 00000004");
  expect_request({33, OpCode::kGetAcl}, GetAclRequest{"/a"}, "00000021 00000006 | 00000002 2f61");
  expect_request(
      {34, OpCode::kSetAcl}, SetAclRequest{"/a", data::read_acl_unsafe(), 0},
      "00000022 00000007 | 00000002 2f61"
      "| 00000001 00000001 00000005 776f726c64 00000006 616e796f6e65"  // [world:anyone r]
      "| 00000000");                                                   // version 0
  expect_request({35, OpCode::kGetChildren}, GetChildrenRequest{"/a", false},
                 "00000023 00000008 | 00000002 2f61 | 00");
  expect_request({36, OpCode::kGetChildren2}, GetChildren2Request{"/a", true},
                 "00000024 0000000c | 00000002 2f61 | 01");
  expect_request({37, OpCode::kSync}, SyncRequest{"/a"}, "00000025 00000009 | 00000002 2f61");
  expect_request({38, OpCode::kCheck}, CheckVersionRequest{"/a", 2},
                 "00000026 0000000d | 00000002 2f61 | 00000002");
  expect_request({39, OpCode::kCheckWatches}, CheckWatchesRequest{"/a", 1},
                 "00000027 00000011 | 00000002 2f61 | 00000001");  // type 1: children
  expect_request({40, OpCode::kGetEphemerals}, GetEphemeralsRequest{"/"},
                 "00000028 00000067 | 00000001 2f");
  expect_request({41, OpCode::kGetAllChildrenNumber}, GetAllChildrenNumberRequest{"/a"},
                 "00000029 00000068 | 00000002 2f61");
  expect_request({42, OpCode::kSasl}, GetSaslRequest{std::string("\x01", 1)},
                 "0000002a 00000066 | 00000001 01");  // token
}

TEST(GoldenClient, MultiReadRequestAndResponse) {
  expect_request({43, OpCode::kMultiRead},
                 MultiOperationRecord{{{OpCode::kGetData, GetDataRequest{"/a", false}},
                                       {OpCode::kGetChildren, GetChildrenRequest{"/", false}}}},
                 "0000002b 00000016"
                 "| 00000004 00 ffffffff | 00000002 2f61 00"  // {getData} "/a", no watch
                 "| 00000008 00 ffffffff | 00000001 2f 00"    // {getChildren} "/", no watch
                 "| ffffffff 01 ffffffff");
  expect_reply(OpCode::kMultiRead, ReplyHeader{44, 9, 0},
               MultiResponse{{GetDataResult{std::string("v"), kStat}, GetChildrenResult{{"a"}},
                              ErrorResult{-101}}},
               "0000002c 0000000000000009 00000000"
               "| 00000004 00 00000000 | 00000001 76" +
                   kStatBytes +                                     // getData: data, stat
                   "| 00000008 00 00000000 | 00000001 00000001 61"  // getChildren: ["a"]
                   "| ffffffff 00 ffffff9b | ffffff9b"              // error NONODE
                   "| ffffffff 01 ffffffff");
}

TEST(GoldenClient, StatAndListReplies) {
  const std::string header = "0000002d 0000000000000009 00000000";  // xid 45, zxid 9, err 0
  expect_reply(OpCode::kExists, ReplyHeader{45, 9, 0}, ExistsResponse{kStat}, header + kStatBytes);
  expect_reply(OpCode::kSetData, ReplyHeader{45, 9, 0}, SetDataResponse{kStat},
               header + kStatBytes);
  expect_reply(OpCode::kCheck, ReplyHeader{45, 9, 0}, SetDataResponse{kStat}, header + kStatBytes);
  expect_reply(OpCode::kSetAcl, ReplyHeader{45, 9, 0}, SetAclResponse{kStat}, header + kStatBytes);
  expect_reply(OpCode::kCreate, ReplyHeader{45, 9, 0}, CreateResponse{"/s0000000001"},
               header + "| 0000000c 2f73" + test::ascii("0000000001"));
  expect_reply(OpCode::kGetChildren, ReplyHeader{45, 9, 0}, GetChildrenResponse{{}},
               header + "| 00000000");  // no children
  expect_reply(OpCode::kGetEphemerals, ReplyHeader{45, 9, 0}, GetEphemeralsResponse{{"/e"}},
               header + "| 00000001 00000002 2f65");
  expect_reply(OpCode::kSasl, ReplyHeader{45, 9, 0}, SetSaslResponse{std::string()},
               header + "| 00000000");  // empty token
  expect_reply(OpCode::kDelete, ReplyHeader{45, 9, 0}, EmptyResponse{}, header);
  expect_reply(OpCode::kAuth, ReplyHeader{kAuthXid, 0, 0}, EmptyResponse{},
               "fffffffc 0000000000000000 00000000");  // auth: xid -4, zxid 0
}

}  // namespace
}  // namespace zab::wire
