// What a capture of capture/zk_capture.py's workload must contain, decoded without a failure.
#pragma once

#include <gtest/gtest.h>

#include <iostream>
#include <string>

#include "tests/wire/capture_check.h"

namespace zab::wire::test {

inline void expect_complete_capture(const CaptureReport& report) {
  for (const auto& failure : report.failures)
    ADD_FAILURE() << failure;
  EXPECT_GT(report.decoded, 300u);
  EXPECT_EQ(report.reencoded_equal + report.null_data_txns, report.decoded);
  // The workload creates two znodes with null data (a container and a raw create), each proposed
  // to two followers (and informed to none: no observers); nothing else may differ.
  EXPECT_LE(report.null_data_txns, 8u);
  // A connection cut while a message was in flight leaves at most a few partial messages.
  EXPECT_LT(report.tail_bytes, 4096u);
  std::string seen;
  for (const auto& [what, count] : report.seen)
    seen += what + " x" + std::to_string(count) + "\n";
  std::cout << report.decoded << " decoded, " << report.reencoded_equal
            << " re-encoded to the same bytes, " << report.null_data_txns
            << " txns with null data; seen:\n"
            << seen;
  for (const char* what : {
           // Client requests from kazoo, zkCli (Java), the C client and hand-built frames.
           "client connect",
           "client connect response",
           "client create",
           "client create2",
           "client createContainer",
           "client createTtl",
           "client delete",
           "client exists",
           "client getData",
           "client setData",
           "client getACL",
           "client setACL",
           "client getChildren",
           "client getChildren2",
           "client sync",
           "client ping",
           "client multi",
           "client multiRead",
           "client auth",
           "client setWatches",
           "client setWatches (xid -8)",
           "client setWatches2",
           "client addWatch",
           "client removeWatches",
           "client checkWatches",
           "client getEphemerals",
           "client getAllChildrenNumber",
           "client whoAmI",
           "client reconfig",
           "client closeSession",
           "client unknown opcode 99",
           // Replies, errors included.
           "client reply create err=0",
           "client reply create2 err=0",
           "client reply getData err=0",
           "client reply exists err=-101",
           "client reply multi err=0",
           "client reply multiRead err=0",
           "client reply getChildren2 err=0",
           "client reply whoAmI err=0",
           "client reply addWatch err=0",
           "client reply createTtl err=-6",
           "client reply reconfig err=-123",
           "client reply removeWatches err=-121",
           "client reply unknown err=-6",
           "client reply ping err=0",
           "client reply auth err=0",
           "client notification type=1",
           "client notification type=2",
           "client notification type=3",
           "client notification type=4",
           // Learner <-> leader.
           "quorum FOLLOWERINFO",
           "quorum LEADERINFO",
           "quorum ACKEPOCH",
           "quorum DIFF",
           "quorum SNAP",
           "quorum snapshot and signature",
           "quorum NEWLEADER",
           "quorum UPTODATE",
           "quorum ACK",
           "quorum COMMIT",
           "quorum PING",
           "quorum PING from learner",
           "quorum PING from learner with touches",
           "quorum PROPOSAL createSession",
           "quorum PROPOSAL create",
           "quorum PROPOSAL multi",
           "quorum PROPOSAL closeSession",
           "quorum PROPOSAL error",
           "quorum REQUEST createSession",
           "quorum REQUEST create",
           "quorum REVALIDATE",
           // Election.
           "election initial message",
           "election notification LOOKING",
       }) {
    EXPECT_TRUE(report.saw(what)) << what;
  }
}

}  // namespace zab::wire::test
