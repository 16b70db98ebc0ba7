// Bad bytes end in a clear error, of the kind the runtime needs to answer as ZooKeeper does.
#include <gtest/gtest.h>

#include "impl/wire/client_reply.h"
#include "impl/wire/client_request.h"
#include "impl/wire/election.h"
#include "impl/wire/quorum_message.h"
#include "tests/wire/samples.h"
#include "tests/wire/wire_test_util.h"

namespace zab::wire {
namespace {

using test::unhex;

TEST(DecodeErrors, UnknownOpcodeIsUnimplementedWithTheXid) {
  for (int32_t type : {999, 0, -10, -1, 10, 23, 99}) {
    data::JuteWriter w;
    w.i32(77);
    w.i32(type);
    w.ustring("/a");
    auto decoded = decode_request(w.bytes());
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(decoded->header.xid, 77);
    ASSERT_FALSE(decoded->record.ok()) << type;
    EXPECT_EQ(decoded->record.code(), Code::kUnimplemented);
    EXPECT_EQ(decoded->trailing_bytes, 0u);
  }
}

TEST(DecodeErrors, TruncatedHeaderIsMarshalling) {
  auto decoded = decode_request(unhex("000000"));
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.code(), Code::kMarshallingError);
}

TEST(DecodeErrors, EveryStrictPrefixOfARequestIsMalformed) {
  for (const auto& [header, record] : test::sample_requests()) {
    const std::string bytes = encode_request(header, record);
    for (size_t len = 8; len < bytes.size(); ++len) {
      auto decoded = decode_request(std::string_view(bytes).substr(0, len));
      ASSERT_TRUE(decoded.ok());
      ASSERT_FALSE(decoded->record.ok()) << data::opcode_name(header.type) << " at " << len;
      EXPECT_EQ(decoded->record.code(), Code::kMarshallingError);
    }
  }
}

TEST(DecodeErrors, TrailingBytesAreIgnoredAndCounted) {
  auto decoded = decode_request(encode_request({1, OpCode::kSync}, SyncRequest{"/a"}) + "xyz");
  ASSERT_TRUE(decoded.ok());
  ASSERT_TRUE(decoded->record.ok());
  EXPECT_EQ(decoded->trailing_bytes, 3u);
}

TEST(DecodeErrors, NullPathAndBadLengths) {
  // getData with a null path (length -1).
  auto null_path = decode_request(unhex("00000001 00000004 ffffffff 00"));
  ASSERT_TRUE(null_path.ok());
  EXPECT_EQ(null_path->record.code(), Code::kMarshallingError);
  // A path length beyond jute.maxbuffer + extra.
  auto huge = decode_request(unhex("00000001 00000004 7fffffff"));
  EXPECT_EQ(huge->record.code(), Code::kMarshallingError);
  // A smaller configured jute.maxbuffer.
  auto small = decode_request(encode_request({1, OpCode::kSync}, SyncRequest{"/abcdef"}), 4);
  EXPECT_EQ(small->record.code(), Code::kMarshallingError);
  // An ACL count that cannot fit.
  auto acls = decode_request(unhex("00000001 00000007 00000002 2f61 7fffffff"));
  EXPECT_EQ(acls->record.code(), Code::kMarshallingError);
}

TEST(DecodeErrors, MultiWithABadOpOrMixedKinds) {
  // An op type a multi may not carry (getACL).
  auto bad_op = decode_request(unhex("00000001 0000000e 00000006 00 ffffffff 00000002 2f61"));
  EXPECT_EQ(bad_op->record.code(), Code::kMarshallingError);
  // A read inside multi.
  const std::string read_in_multi =
      encode_request({1, OpCode::kMultiRead},
                     MultiOperationRecord{{{OpCode::kGetData, GetDataRequest{"/a", false}}}});
  std::string as_multi = read_in_multi;
  as_multi[7] = 0x0e;  // the header's type 22 -> 14
  EXPECT_EQ(decode_request(as_multi)->record.code(), Code::kMarshallingError);
  // A write inside multiRead.
  std::string write_in_read = encode_request(
      {1, OpCode::kMulti}, MultiOperationRecord{{{OpCode::kDelete, DeleteRequest{"/a", -1}}}});
  write_in_read[7] = 0x16;
  EXPECT_EQ(decode_request(write_in_read)->record.code(), Code::kMarshallingError);
  // Reads and writes mixed.
  auto mixed =
      decode_request(unhex("00000001 0000000e"
                           "00000002 00 ffffffff 00000002 2f61 ffffffff"  // delete /a
                           "00000004 00 ffffffff 00000002 2f61 00"        // getData /a
                           "ffffffff 01 ffffffff"));
  EXPECT_NE(mixed->record.error().message.find("mixing"), std::string::npos);
  // No terminator.
  auto open =
      decode_request(unhex("00000001 0000000e 00000002 00 ffffffff 00000002 2f61 ffffffff"));
  EXPECT_EQ(open->record.code(), Code::kMarshallingError);
}

TEST(DecodeErrors, RepliesAreStrict) {
  const std::string reply = encode_reply({1, 5, 0}, SyncResponse{"/a"});
  EXPECT_FALSE(decode_reply(OpCode::kSync, reply + "x").ok());          // trailing
  EXPECT_FALSE(decode_reply(OpCode::kSync, reply.substr(0, 18)).ok());  // truncated
  EXPECT_FALSE(decode_reply(OpCode::kNotification, reply).ok());        // not a reply type
  EXPECT_FALSE(decode_notification(reply).ok());                        // xid 1, not -1
  EXPECT_FALSE(decode_connect_response(std::string(38, '\0')).ok());    // a stray byte
}

TEST(DecodeErrors, ConnectRequestTruncated) {
  auto decoded = decode_connect_request(std::string(26, '\0'));  // passwd length cut
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.code(), Code::kMarshallingError);
}

TEST(DecodeErrors, QuorumPacketNeedMoreVersusMalformed) {
  const std::string ack = encode_quorum_packet(to_packet(Ack{5}));
  for (size_t len = 0; len < ack.size(); ++len)
    EXPECT_TRUE(decode_quorum_packet(std::string_view(ack).substr(0, len)).need_more()) << len;
  // A data length under -1 can never be completed.
  auto negative = decode_quorum_packet(unhex("00000003 0000000000000005 fffffffe"));
  ASSERT_TRUE(negative.error.has_value());
  // A data length over the bound.
  auto big = decode_quorum_packet(unhex("00000003 0000000000000005 7fffffff"));
  ASSERT_TRUE(big.error.has_value());
  // An authinfo count whose Ids could never fit.
  auto ids = decode_quorum_packet(unhex("00000003 0000000000000005 ffffffff 7fffffff"));
  ASSERT_TRUE(ids.error.has_value());
  // A packet that never ends within the byte bound.
  QuorumLimits tight{1000, 100};
  std::string partial = unhex("00000002 0000000000000005 000003e8") + std::string(90, 'x');
  EXPECT_TRUE(decode_quorum_packet(partial, tight).error.has_value());
}

TEST(DecodeErrors, QuorumDataLayouts) {
  auto from = [](QuorumPacket p, Sender s) { return from_packet(p, s); };
  // LEADERINFO from a learner, ACK from the leader: wrong direction.
  EXPECT_FALSE(from(to_packet(LeaderInfo{1, 0x10000}), Sender::kLearner).ok());
  EXPECT_FALSE(from(to_packet(Ack{1}), Sender::kLeader).ok());
  // Unknown type.
  EXPECT_FALSE(from(QuorumPacket{static_cast<PacketType>(42), 0, {}, {}}, Sender::kLeader).ok());
  // ACKEPOCH without data; a learner ping with half a pair; a short LearnerInfo.
  EXPECT_FALSE(from(QuorumPacket{PacketType::kAckEpoch, 0, {}, {}}, Sender::kLearner).ok());
  EXPECT_FALSE(
      from(QuorumPacket{PacketType::kPing, 0, std::string(13, '\0'), {}}, Sender::kLearner).ok());
  EXPECT_FALSE(
      from(QuorumPacket{PacketType::kFollowerInfo, 0, std::string(7, '\0'), {}}, Sender::kLearner)
          .ok());
  // A PROPOSAL whose txn has stray bytes after the digest, or an unknown txn type.
  std::string txn = encode_txn_entry(test::sample_txn_entries()[1]);
  EXPECT_FALSE(from(QuorumPacket{PacketType::kProposal, 0, txn + "x", {}}, Sender::kLeader).ok());
  txn[31] = 0x63;  // type 99
  EXPECT_FALSE(from(QuorumPacket{PacketType::kProposal, 0, txn, {}}, Sender::kLeader).ok());
}

TEST(DecodeErrors, LearnerInfoOlderLayouts) {
  auto sid_only = decode_learner_info(unhex("0000000000000003"));
  ASSERT_TRUE(sid_only.ok());
  EXPECT_EQ(sid_only->server_id, 3);
  EXPECT_EQ(sid_only->protocol_version, 0x1);
  EXPECT_FALSE(sid_only->config_version);
  auto no_config = decode_learner_info(unhex("0000000000000003 00010000"));
  EXPECT_EQ(no_config->protocol_version, 0x10000);
  EXPECT_FALSE(no_config->config_version);
}

TEST(DecodeErrors, InitialMessages) {
  auto failed = [](const std::string& bytes) {
    return decode_initial_message(bytes).error.has_value();
  };
  const std::string v1 = unhex("ffffffffffff0000 0000000000000003");
  EXPECT_TRUE(failed(unhex("ffffffffffff0005 0000000000000003")));  // unknown version
  EXPECT_TRUE(failed(v1 + unhex("00000000")));                      // empty address
  EXPECT_TRUE(failed(v1 + unhex("00000801")));                      // over 2048
  EXPECT_TRUE(failed(v1 + unhex("00000004") + "host"));             // no port
  EXPECT_TRUE(failed(v1 + unhex("00000007") + "host:xx"));          // bad port
  EXPECT_TRUE(failed(v1 + unhex("00000009") + "host:1:2:"));        // extra ':'
  EXPECT_TRUE(failed(v1 + unhex("00000006") + "[::1]1"));           // no ':' after ']'
  EXPECT_TRUE(failed(v1 + unhex("00000008") + "h:999999"));         // port out of range
  // Incomplete is not an error.
  EXPECT_TRUE(decode_initial_message(v1 + unhex("0000000e") + "127.0").need_more());
}

TEST(DecodeErrors, Notifications) {
  const std::string good = encode_notification_message(test::sample_notifications()[0]);
  EXPECT_FALSE(decode_notification_message(good.substr(0, 27)).ok());  // short
  EXPECT_FALSE(decode_notification_message(good.substr(0, 33)).ok());  // partial peerEpoch
  EXPECT_FALSE(decode_notification_message(good.substr(0, 38)).ok());  // partial version
  EXPECT_FALSE(decode_notification_message(good.substr(0, 46)).ok());  // config cut short
  std::string bad_state = good;
  bad_state[3] = 9;
  EXPECT_FALSE(decode_notification_message(bad_state).ok());
  std::string bad_length = good;
  bad_length[40] = static_cast<char>(0x80);  // negative config length
  EXPECT_FALSE(decode_notification_message(bad_length).ok());
  // Bytes after the config are room for a later version: ignored.
  EXPECT_TRUE(decode_notification_message(good + "future").ok());
}

TEST(DecodeErrors, TxnEntries) {
  EXPECT_FALSE(decode_txn_entry(std::string(10, '\0')).ok());            // short header
  std::string close = encode_txn_entry(test::sample_txn_entries()[13]);  // bare closeSession
  auto bare = decode_txn_entry(close);
  ASSERT_TRUE(bare.ok());
  EXPECT_FALSE(bare->record);
  EXPECT_FALSE(decode_txn_entry(close + "abc").ok());
}

}  // namespace
}  // namespace zab::wire
