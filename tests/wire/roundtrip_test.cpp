// Every record survives encode -> decode unchanged, and re-encoding the decoded value gives the
// same bytes.
#include <gtest/gtest.h>

#include <set>

#include "impl/wire/framing.h"
#include "tests/wire/samples.h"
#include "tests/wire/wire_test_util.h"

namespace zab::wire {
namespace {

TEST(RoundTrip, SamplesCoverEveryClientOpcode) {
  std::set<OpCode> requested;
  std::set<OpCode> replied;
  for (const auto& [h, record] : test::sample_requests())
    requested.insert(h.type);
  for (const auto& [op, reply] : test::sample_replies())
    replied.insert(op);
  for (OpCode op : test::client_opcodes()) {
    EXPECT_TRUE(requested.contains(op)) << data::opcode_name(op);
    EXPECT_TRUE(replied.contains(op)) << data::opcode_name(op);
    EXPECT_TRUE(request_record_for(op).has_value()) << data::opcode_name(op);
    EXPECT_TRUE(response_record_for(op).has_value()) << data::opcode_name(op);
  }
}

TEST(RoundTrip, EveryRequest) {
  for (const auto& [header, record] : test::sample_requests()) {
    SCOPED_TRACE(data::opcode_name(header.type));
    const std::string bytes = encode_request(header, record);
    auto decoded = decode_request(bytes);
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(decoded->header, header);
    ASSERT_TRUE(decoded->record.ok()) << decoded->record.error().message;
    EXPECT_TRUE(decoded->record.value() == record);
    EXPECT_EQ(encode_request(decoded->header, decoded->record.value()), bytes);
    // The record alone, as a REQUEST packet forwards it.
    auto alone = decode_request_record(header.type, std::string_view(bytes).substr(8));
    ASSERT_TRUE(alone.ok());
    EXPECT_TRUE(alone.value() == record);
  }
}

TEST(RoundTrip, EveryReply) {
  for (const auto& [op, reply] : test::sample_replies()) {
    SCOPED_TRACE(data::opcode_name(op));
    const std::string bytes = encode_reply(reply.header, reply.body);
    auto decoded = decode_reply(op, bytes);
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_TRUE(decoded.value() == reply);
    EXPECT_EQ(encode_reply(decoded->header, decoded->body), bytes);
  }
}

TEST(RoundTrip, ConnectRequestsAndResponses) {
  for (std::optional<bool> read_only : {std::optional<bool>(), std::optional<bool>(true)}) {
    const ConnectRequest request{
        0, 0x500000001, 6000, 0x3000004cff30001, std::string(16, 'k'), read_only};
    auto r = decode_connect_request(encode_connect_request(request));
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(*r, request);
    const ConnectResponse response{0, 6000, 0x3000004cff30001, std::string(16, 'k'), read_only};
    auto s = decode_connect_response(encode_connect_response(response));
    ASSERT_TRUE(s.ok());
    EXPECT_EQ(*s, response);
  }
}

TEST(RoundTrip, WatcherEvents) {
  for (int32_t type = 1; type <= 4; ++type) {
    const WatcherEvent event{type, 3, "/a/b"};
    auto decoded = decode_notification(encode_notification(event));
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(*decoded, event);
  }
}

TEST(RoundTrip, EveryTxnEntry) {
  for (const auto& entry : test::sample_txn_entries()) {
    SCOPED_TRACE(data::opcode_name(entry.header.type));
    const std::string bytes = encode_txn_entry(entry);
    auto decoded = decode_txn_entry(bytes);
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_TRUE(decoded.value() == entry);
    EXPECT_EQ(encode_txn_entry(decoded.value()), bytes);
  }
}

TEST(RoundTrip, EveryQuorumMessageThroughOneStream) {
  const auto messages = test::sample_quorum_messages();
  std::string stream;
  for (const auto& m : messages)
    stream += encode_quorum_packet(to_packet(m));
  // Fed one byte at a time: every packet comes out once its last byte is in, never earlier.
  QuorumPacketReader reader;
  size_t next = 0;
  for (char c : stream) {
    reader.feed(std::string_view(&c, 1));
    auto out = reader.next();
    if (std::holds_alternative<NeedMore>(out)) continue;
    ASSERT_TRUE(std::holds_alternative<QuorumPacket>(out)) << std::get<Error>(out).message;
    ASSERT_LT(next, messages.size());
    auto decoded = from_packet(std::get<QuorumPacket>(out), sender_of(messages[next]));
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_TRUE(decoded.value() == messages[next]) << next;
    ++next;
  }
  EXPECT_EQ(next, messages.size());
  EXPECT_EQ(reader.buffered_bytes(), 0u);
}

TEST(RoundTrip, SnapIsFollowedByRawBytesTheCallerTakes) {
  std::string stream = encode_quorum_packet(to_packet(Snap{0x100000009}));
  const std::string database = "serialized database bytes";
  stream += database + encode_snap_signature() + encode_quorum_packet(to_packet(NewLeader{9, {}}));
  QuorumPacketReader reader;
  reader.feed(stream);
  auto snap = reader.next();
  ASSERT_TRUE(std::holds_alternative<QuorumPacket>(snap));
  EXPECT_EQ(std::get<QuorumPacket>(snap).type, PacketType::kSnap);
  std::string rest = reader.take_buffered();
  ASSERT_TRUE(rest.starts_with(database));
  rest.erase(0, database.size());  // what the snapshot reader would consume
  auto signature = decode_snap_signature(rest);
  ASSERT_TRUE(signature.ok());
  reader.feed(std::string_view(rest).substr(signature.consumed));
  auto next = reader.next();
  ASSERT_TRUE(std::holds_alternative<QuorumPacket>(next));
  EXPECT_EQ(std::get<QuorumPacket>(next).type, PacketType::kNewLeader);
}

TEST(RoundTrip, EveryNotificationLayout) {
  for (const auto& n : test::sample_notifications()) {
    const std::string bytes = encode_notification_message(n);
    auto decoded = decode_notification_message(bytes);
    ASSERT_TRUE(decoded.ok()) << decoded.error().message;
    EXPECT_EQ(*decoded, n);
  }
}

TEST(RoundTrip, InitialMessages) {
  for (const InitialMessage& m :
       {InitialMessage{kElectionProtocolV1, 1, {{"10.0.0.1", 3888}}},
        InitialMessage{kElectionProtocolV2, 2, {{"zk2.example", 3889}, {"fe80::1", 3890}}},
        InitialMessage{7, 7, {}}}) {
    auto decoded = decode_initial_message(encode_initial_message(m));
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(*decoded.value, m);
  }
}

}  // namespace
}  // namespace zab::wire
