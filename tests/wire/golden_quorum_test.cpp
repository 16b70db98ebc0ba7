// Golden bytes of the quorum and election ports, built by hand from zookeeper.jute's QuorumPacket
// and LearnerInfo, the packet writers in Leader/Learner/LearnerHandler, and
// QuorumCnxManager/FastLeaderElection (wire.md §4.4).
#include <gtest/gtest.h>

#include "impl/wire/election.h"
#include "impl/wire/quorum_message.h"
#include "tests/wire/wire_test_util.h"

namespace zab::wire {
namespace {

using test::hex;
using test::unhex;

// Encodes `message`, compares with the golden packet, and decodes it back from `sender`.
void expect_packet(const QuorumMessage& message, std::string_view golden_hex) {
  const std::string golden = unhex(golden_hex);
  EXPECT_EQ(hex(encode_quorum_packet(to_packet(message))), hex(golden));
  auto packet = decode_quorum_packet(golden);
  ASSERT_TRUE(packet.ok()) << (packet.error ? packet.error->message : "need more");
  EXPECT_EQ(packet.consumed, golden.size());
  auto decoded = from_packet(*packet.value, sender_of(message));
  ASSERT_TRUE(decoded.ok()) << decoded.error().message;
  EXPECT_TRUE(decoded.value() == message);
}

TEST(GoldenQuorum, FollowerInfoCarriesLearnerInfo) {
  expect_packet(FollowerInfo{false, 0x100000000, LearnerInfo{2, 0x10000, 0x100000000}},
                "0000000b"          // type 11 FOLLOWERINFO
                "0000000100000000"  // zxid: acceptedEpoch 1 << 32
                "00000014"          // data: 20 bytes of LearnerInfo
                "0000000000000002"  //   serverid 2
                "00010000"          //   protocolVersion 0x10000
                "0000000100000000"  //   configVersion
                "ffffffff");        // authinfo: null
}

TEST(GoldenQuorum, LeaderInfoAndAckEpoch) {
  expect_packet(LeaderInfo{0x200000000, 0x10000},
                "00000011 0000000200000000"  // LEADERINFO, newEpoch 2 << 32
                "00000004 00010000"          // data: int protocol version
                "ffffffff");
  expect_packet(AckEpoch{0x100000007, -1},
                "00000012 0000000100000007"  // ACKEPOCH, zxid = last logged
                "00000004 ffffffff"          // currentEpoch -1: epoch already accepted
                "ffffffff");
}

TEST(GoldenQuorum, PacketsWithoutDataWriteNullBufferAndNullAuthinfo) {
  // new QuorumPacket(Leader.ACK, zxid, null, null): 24 bytes.
  expect_packet(Ack{0x100000003}, "00000003 0000000100000003 ffffffff ffffffff");
  expect_packet(Commit{0x100000003}, "00000004 0000000100000003 ffffffff ffffffff");
  expect_packet(Diff{0x100000003}, "0000000d 0000000100000003 ffffffff ffffffff");
  expect_packet(Trunc{0x100000002}, "0000000e 0000000100000002 ffffffff ffffffff");
  expect_packet(Snap{0x100000003}, "0000000f 0000000100000003 ffffffff ffffffff");
  expect_packet(UpToDate{}, "0000000c ffffffffffffffff ffffffff ffffffff");  // zxid -1
  expect_packet(Sync{}, "00000007 0000000000000000 ffffffff ffffffff");      // zxid 0
  expect_packet(LeaderPing{0x100000003}, "00000005 0000000100000003 ffffffff ffffffff");
}

TEST(GoldenQuorum, NewLeaderCarriesTheConfigText) {
  expect_packet(NewLeader{0x200000000, std::string("version=0")},
                "0000000a 0000000200000000"
                "00000009 76657273696f6e3d30"  // "version=0"
                "ffffffff");
}

TEST(GoldenQuorum, LearnerPingListsTouchedSessions) {
  expect_packet(LearnerPing{0x100000003, {{0x1000004cff30000, 10000}, {0x2000004cff30001, 4000}}},
                "00000005 0000000100000003"
                "00000018"                   // 24 bytes: two (long, int) pairs
                "01000004cff30000 00002710"  // session, timeout 10000
                "02000004cff30001 00000fa0"  // session, timeout 4000
                "ffffffff");
  expect_packet(LearnerPing{7, {}}, "00000005 0000000000000007 00000000 ffffffff");  // empty
}

TEST(GoldenQuorum, RevalidateEachWay) {
  expect_packet(Revalidate{0x1000004cff30000, 10000},
                "00000006 ffffffffffffffff 0000000c 01000004cff30000 00002710 ffffffff");
  expect_packet(RevalidateReply{0x1000004cff30000, true},
                "00000006 ffffffffffffffff 00000009 01000004cff30000 01 ffffffff");
}

TEST(GoldenQuorum, RequestCarriesTheClientRecordAndAuthinfo) {
  LearnerRequest request{0x1000004cff30000, 5, OpCode::kSetData,
                         unhex("00000002 2f61 00000001 76 ffffffff"),  // SetDataRequest
                         std::vector<Id>{{"ip", "127.0.0.1"}}};
  expect_packet(request,
                "00000001 ffffffffffffffff"           // REQUEST, zxid -1
                "0000001f"                            // data: 31 bytes
                "01000004cff30000 00000005 00000005"  //   sessionId, cxid 5, type 5 (setData)
                "00000002 2f61 00000001 76 ffffffff"  //   the SetDataRequest
                "00000001"                            // authinfo: one Id
                "00000002 6970 00000009 3132372e302e302e31");  // ("ip", "127.0.0.1")
}

TEST(GoldenQuorum, ProposalIsTxnHeaderRecordAndDigest) {
  TxnEntry txn{TxnHeader{0x1000004cff30000, 3, 0x100000004, 0x18c2a3b4c5d, OpCode::kSetData},
               data::SetDataTxn{"/a", "v", 2}, TxnDigest{2, 0x123456789}};
  expect_packet(Proposal{0x100000004, txn},
                "00000002 0000000100000004"           // PROPOSAL, zxid
                "0000003b"                            // data: 59 bytes
                "01000004cff30000"                    //   TxnHeader.clientId
                "00000003"                            //   cxid
                "0000000100000004"                    //   zxid
                "0000018c2a3b4c5d"                    //   time
                "00000005"                            //   type 5 (setData)
                "00000002 2f61 00000001 76 00000002"  //   SetDataTxn "/a", "v", version 2
                "00000002 0000000123456789"           //   TxnDigest version 2, treeDigest
                "ffffffff");
  expect_packet(InformAndActivate{0x100000004, 3, txn},
                "00000013 0000000100000004 00000043"
                "0000000000000003"  // designated leader 3
                "01000004cff30000 00000003 0000000100000004 0000018c2a3b4c5d 00000005"
                "00000002 2f61 00000001 76 00000002 00000002 0000000123456789"
                "ffffffff");
}

TEST(GoldenQuorum, InformAndCommitAndActivate) {
  TxnEntry txn{TxnHeader{0x1000004cff30000, 0, 0x100000001, 0x18c2a3b4c5d, OpCode::kCreateSession},
               data::CreateSessionTxn{10000}, std::nullopt};
  expect_packet(Inform{0x100000001, txn},
                "00000008 0000000100000001 | 00000024"  // INFORM, 36 bytes of txn
                "| 01000004cff30000 00000000 0000000100000001 0000018c2a3b4c5d fffffff6"
                "| 00002710"    // CreateSessionTxn timeOut 10000
                "| ffffffff");  // (no digest: an older leader)
  expect_packet(CommitAndActivate{0x100000002, 3},
                "00000009 0000000100000002 | 00000008 0000000000000003 | ffffffff");
}

TEST(GoldenQuorum, SnapSignature) {
  EXPECT_EQ(hex(encode_snap_signature()), "0000000a" + test::ascii("BenWasHere"));
}

TEST(GoldenElection, InitialMessageV1) {
  InitialMessage message{kElectionProtocolV1, 3, {{"127.0.0.1", 3888}}};
  const std::string golden = unhex(
      "ffffffffffff0000"                         // protocol version -65536
      "0000000000000003"                         // sid 3
      "0000000e 3132372e302e302e313a33383838");  // "127.0.0.1:3888"
  EXPECT_EQ(hex(encode_initial_message(message)), hex(golden));
  auto decoded = decode_initial_message(golden + "extra");
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded.value, message);
  EXPECT_EQ(decoded.consumed, golden.size());
}

TEST(GoldenElection, InitialMessageV2WithIpv6AndAWildcardDropped) {
  const std::string golden =
      unhex("ffffffffffff0001 0000000000000001") + unhex("00000014") + "[::1]:3888|0.0.0.0:1";
  auto decoded = decode_initial_message(golden);
  ASSERT_TRUE(decoded.ok()) << decoded.error->message;
  EXPECT_EQ(decoded.value->addresses, (std::vector<ElectionAddress>{{"::1", 3888}}));
}

TEST(GoldenElection, OldPeerSendsItsSidAlone) {
  auto decoded = decode_initial_message(unhex("0000000000000005"));
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded.value->sid, 5);
  EXPECT_TRUE(decoded.value->addresses.empty());
}

TEST(GoldenElection, NotificationWithConfig) {
  Notification n{ServerState::kLooking,         3, 0x100000005, 2, 1, 2, std::string("version=0"),
                 NotificationLayout::kVersioned};
  const std::string golden = unhex(
      "00000000"                       // state LOOKING
      "0000000000000003"               // proposed leader 3
      "0000000100000005"               // proposed zxid
      "0000000000000002"               // electionEpoch (logical clock)
      "0000000000000001"               // peerEpoch
      "00000002"                       // version 2
      "00000009 76657273696f6e3d30");  // config "version=0"
  EXPECT_EQ(golden.size(), 44u + 9u);
  EXPECT_EQ(hex(encode_notification_message(n)), hex(golden));
  auto decoded = decode_notification_message(golden);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, n);
  EXPECT_EQ(hex(frame_election_message(golden)).substr(0, 8), "00000035");
}

TEST(GoldenElection, OldLayoutsAreRead) {
  // 28 bytes: no peerEpoch; FastLeaderElection takes the zxid's epoch.
  auto n28 = decode_notification_message(
      unhex("00000002 0000000000000001 0000000300000009 0000000000000004"));
  ASSERT_TRUE(n28.ok());
  EXPECT_EQ(n28->state, ServerState::kLeading);
  EXPECT_EQ(n28->peer_epoch, 3);
  EXPECT_EQ(n28->version, 0);
  EXPECT_EQ(n28->layout, NotificationLayout::kNoPeerEpoch);
  // 40 bytes: the trailing int is not read; version 0.
  auto n40 = decode_notification_message(unhex(
      "00000001 0000000000000001 0000000300000009 0000000000000004 0000000000000003 00000001"));
  ASSERT_TRUE(n40.ok());
  EXPECT_EQ(n40->peer_epoch, 3);
  EXPECT_EQ(n40->version, 0);
  EXPECT_EQ(n40->layout, NotificationLayout::kNoVersion);
  EXPECT_FALSE(n40->config);
}

}  // namespace
}  // namespace zab::wire
