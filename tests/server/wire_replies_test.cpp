// What the server sends is what ZooKeeper sends, as impl/wire encodes it: every successful reply
// carries the record FinalRequestProcessor writes for its request type (wire's own table,
// response_record_for) and survives the bytes both ways; the ConnectResponse has its readOnly
// byte exactly when the client sent one; requests the server does not serve get UNIMPLEMENTED with
// zxid -1 and a closed connection.
#include <gtest/gtest.h>

#include "impl/wire/client_reply.h"
#include "impl/wire/client_request.h"
#include "tests/server/cluster.h"

namespace zab::server::testing {
namespace {

using data::OpCode;

class WireReplies : public ::testing::Test {
 protected:
  Cluster c{3};
  NodeId f = c.followers().front();
  ClientId cl = c.connect(f);

  // Calls `op`, expects success, and checks the reply's record against wire's table and bytes.
  void expect_zookeepers_reply(const ClientOp& op) {
    const OpCode type = opcode_of(op);
    const ClientReply r = c.call(cl, op);
    ASSERT_EQ(r.err, Code::kOk) << describe(op) << ": " << describe(r);
    const auto expected = wire::response_record_for(type);
    ASSERT_TRUE(expected.has_value()) << describe(op);
    EXPECT_EQ(r.body.index(), expected->index()) << describe(op);
    const std::string bytes = wire::encode_reply(reply_header(r), r.body);
    const auto decoded = wire::decode_reply(type, bytes);
    ASSERT_TRUE(decoded.ok()) << describe(op) << ": " << decoded.error().message;
    EXPECT_EQ(decoded->header, reply_header(r)) << describe(op);
    EXPECT_EQ(decoded->body, r.body) << describe(op);
  }
};

TEST_F(WireReplies, EveryReplyIsTheRecordZooKeeperSendsForItsType) {
  const std::vector<ClientOp> requests{
      create("/a", "x"),
      create2("/b", "y", 1),
      create_container("/c"),
      exists("/a", true),
      get_data("/a", true),
      set_data("/a", "z"),
      get_acl("/a"),
      set_acl("/a", data::open_acl_unsafe()),
      get_children("/", true),
      get_children2("/"),
      check("/a", 1),
      multi(
          {create("/m"), create2("/m2"), set_data("/m", "v"), check("/m", 1), delete_node("/m2")}),
      multi_read({get_data("/a"), get_children("/"), get_data("/missing")}),
      sync("/a"),
      ping(),
      set_watches(c.last_zxid_seen(cl), {"/a"}, {"/none"}, {"/"}),
      set_watches2(c.last_zxid_seen(cl), {}, {}, {}, {"/a"}, {"/"}),
      add_watch("/a", 1),
      check_watches("/a", 3),
      remove_watches("/a", 3),
      get_ephemerals("/"),
      get_all_children_number("/"),
      add_auth("digest", "u:p"),
      who_am_i(),
      delete_node("/a"),
  };
  for (const auto& op : requests) {
    expect_zookeepers_reply(op);
    c.take(cl);  // watch events the requests caused
  }
}

TEST_F(WireReplies, WatchEventsAreNotifications) {
  ASSERT_EQ(c.call(cl, create("/w")).err, Code::kOk);
  ASSERT_EQ(c.call(cl, get_data("/w", true)).err, Code::kOk);
  const int32_t set = c.send(cl, set_data("/w", "1"));
  c.settle();
  const auto msgs = c.take(cl);
  ASSERT_EQ(msgs.size(), 2u);
  const auto& e = std::get<wire::WatcherEvent>(msgs[0]);
  const auto decoded = wire::decode_notification(wire::encode_notification(e));
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, (wire::WatcherEvent{3, 3, "/w"}));
  EXPECT_EQ(std::get<ClientReply>(msgs[1]).cxid, set);
}

TEST_F(WireReplies, TheConnectResponseHasTheReadOnlyByteOnlyIfTheClientSentOne) {
  const auto with = c.connect_reply(cl);
  ASSERT_TRUE(with.has_value());
  EXPECT_EQ(with->read_only, std::optional<bool>(false));
  EXPECT_EQ(wire::encode_connect_response(*with).size(), 37u);

  auto old_client = std::get<ConnectOp>(connect());
  old_client.request.read_only.reset();  // a client before 3.4
  const auto old = c.connect_reply(c.connect(f, old_client));
  ASSERT_TRUE(old.has_value());
  EXPECT_EQ(old->read_only, std::nullopt);
  EXPECT_EQ(wire::encode_connect_response(*old).size(), 36u);

  // The expired reply too.
  auto wrong = std::get<ConnectOp>(reattach(c.session_of(cl), std::string(16, 'x')));
  wrong.request.read_only.reset();
  const auto refused = c.connect_reply(c.connect(f, wrong));
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(*refused, (wire::ConnectResponse{0, 0, 0, std::string(16, '\0'), std::nullopt}));
}

// UnimplementedRequestProcessor: {xid, zxid -1, UNIMPLEMENTED}, then the connection is closed.
TEST_F(WireReplies, WhatTheServerDoesNotServeIsUnimplemented) {
  const std::vector<RequestOp> refused{
      {OpCode::kSasl, wire::GetSaslRequest{"token"}},
      {OpCode::kCreate, wire::GetDataRequest{"/a", false}},  // a record that is not its type's
      {OpCode::kMulti, wire::MultiOperationRecord{{{OpCode::kGetData, wire::GetDataRequest{}}}}},
  };
  for (const auto& op : refused) {
    const ClientId client = c.connect(f);
    ASSERT_EQ(c.call(client, create("/eph-" + std::to_string(client.value), "", 1)).err, Code::kOk);
    const int32_t xid = c.send(client, op);
    const auto msgs = c.take(client);
    ASSERT_EQ(msgs.size(), 1u) << describe(ClientOp{op});
    const auto& r = std::get<ClientReply>(msgs[0]);
    EXPECT_EQ(reply_header(r), (wire::ReplyHeader{xid, -1, -6}));
    EXPECT_TRUE(c.closed(client));
    // The session lives on: a closed connection is not a closed session.
    c.settle();
    EXPECT_NE(c.db(f).tree().find("/eph-" + std::to_string(client.value)), nullptr);
  }
}

}  // namespace
}  // namespace zab::server::testing
