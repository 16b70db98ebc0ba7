#include "tests/wire/samples.h"

namespace zab::wire::test {
namespace {

const AclList kAcl = {Acl{data::perms::kAll, Id{"world", "anyone"}},
                      Acl{data::perms::kRead, Id{"digest", "alice:aYXlLOpEooaV1cRAvUL1fp9Qt7E="}}};

RequestHeader header(int32_t xid, OpCode type) {
  return RequestHeader{xid, type};
}

}  // namespace

Stat sample_stat(int64_t seed) {
  return Stat{seed,
              seed + 1,
              1'700'000'000'000 + seed,
              1'700'000'000'001 + seed,
              static_cast<int32_t>(seed % 7),
              3,
              1,
              seed % 2 ? 0x1000004cff30000 : 0,
              12,
              2,
              seed + 2};
}

const std::vector<OpCode>& client_opcodes() {
  static const std::vector<OpCode> ops = {
      OpCode::kCreate,
      OpCode::kDelete,
      OpCode::kExists,
      OpCode::kGetData,
      OpCode::kSetData,
      OpCode::kGetAcl,
      OpCode::kSetAcl,
      OpCode::kGetChildren,
      OpCode::kSync,
      OpCode::kPing,
      OpCode::kGetChildren2,
      OpCode::kCheck,
      OpCode::kMulti,
      OpCode::kCreate2,
      OpCode::kReconfig,
      OpCode::kCheckWatches,
      OpCode::kRemoveWatches,
      OpCode::kCreateContainer,
      OpCode::kDeleteContainer,
      OpCode::kCreateTtl,
      OpCode::kMultiRead,
      OpCode::kAuth,
      OpCode::kSetWatches,
      OpCode::kSasl,
      OpCode::kGetEphemerals,
      OpCode::kGetAllChildrenNumber,
      OpCode::kSetWatches2,
      OpCode::kAddWatch,
      OpCode::kWhoAmI,
      OpCode::kCloseSession,
  };
  return ops;
}

std::vector<std::pair<RequestHeader, ClientRequestRecord>> sample_requests() {
  MultiOperationRecord writes{{
      {OpCode::kCreate, CreateRequest{"/m", std::string("d"), kAcl, 0}},
      {OpCode::kCreate2, CreateRequest{"/m2", std::nullopt, kAcl, 3}},
      {OpCode::kCreateContainer, CreateRequest{"/c", std::string(), kAcl, 4}},
      {OpCode::kCreateTtl, CreateTtlRequest{"/t", std::string("x"), kAcl, 5, 1000}},
      {OpCode::kSetData, SetDataRequest{"/m", std::string("v"), 3}},
      {OpCode::kCheck, CheckVersionRequest{"/m", 4}},
      {OpCode::kDelete, DeleteRequest{"/m", -1}},
  }};
  MultiOperationRecord reads{{
      {OpCode::kGetData, GetDataRequest{"/a", false}},
      {OpCode::kGetChildren, GetChildrenRequest{"/", false}},
  }};
  return {
      {header(1, OpCode::kCreate), CreateRequest{"/a", std::string("data"), kAcl, 0}},
      {header(2, OpCode::kDelete), DeleteRequest{"/a", 7}},
      {header(3, OpCode::kExists), ExistsRequest{"/a", true}},
      {header(4, OpCode::kGetData), GetDataRequest{"/a", false}},
      {header(5, OpCode::kSetData), SetDataRequest{"/a", std::string(300, 'z'), -1}},
      {header(6, OpCode::kGetAcl), GetAclRequest{"/a"}},
      {header(7, OpCode::kSetAcl), SetAclRequest{"/a", kAcl, 2}},
      {header(8, OpCode::kGetChildren), GetChildrenRequest{"/", true}},
      {header(9, OpCode::kSync), SyncRequest{"/a"}},
      {header(kPingXid, OpCode::kPing), EmptyRequest{}},
      {header(10, OpCode::kGetChildren2), GetChildren2Request{"/a", false}},
      {header(11, OpCode::kCheck), CheckVersionRequest{"/a", 1}},
      {header(12, OpCode::kMulti), writes},
      {header(13, OpCode::kCreate2), CreateRequest{"/b", std::nullopt, kAcl, 1}},
      {header(14, OpCode::kReconfig),
       ReconfigRequest{std::nullopt, std::string("3"), std::nullopt, 0x100000000}},
      {header(15, OpCode::kCheckWatches), CheckWatchesRequest{"/a", 2}},
      {header(16, OpCode::kRemoveWatches), RemoveWatchesRequest{"/a", 3}},
      {header(17, OpCode::kCreateContainer), CreateRequest{"/c", std::string(), kAcl, 4}},
      {header(18, OpCode::kDeleteContainer), DeleteRequest{"/c", -1}},
      {header(19, OpCode::kCreateTtl), CreateTtlRequest{"/t", std::string("t"), kAcl, 6, 5}},
      {header(20, OpCode::kMultiRead), reads},
      {header(kAuthXid, OpCode::kAuth), AuthPacket{0, "digest", "alice:secret"}},
      {header(kSetWatchesXid, OpCode::kSetWatches), SetWatches{9, {"/a"}, {"/b", "/c"}, {}}},
      {header(21, OpCode::kSasl), GetSaslRequest{std::string("\x01\x02", 2)}},
      {header(22, OpCode::kGetEphemerals), GetEphemeralsRequest{"/"}},
      {header(23, OpCode::kGetAllChildrenNumber), GetAllChildrenNumberRequest{"/a"}},
      {header(24, OpCode::kSetWatches2), SetWatches2{9, {"/a"}, {}, {"/c"}, {"/p"}, {"/r"}}},
      {header(25, OpCode::kAddWatch), AddWatchRequest{"/p", 0}},
      {header(26, OpCode::kWhoAmI), EmptyRequest{}},
      {header(27, OpCode::kCloseSession), EmptyRequest{}},
      {header(28, OpCode::kMulti), MultiOperationRecord{}},
  };
}

std::vector<std::pair<OpCode, Reply>> sample_replies() {
  std::vector<std::pair<OpCode, Reply>> out;
  int32_t xid = 100;
  for (OpCode op : client_opcodes()) {
    auto body = response_record_for(op);
    out.push_back({op, Reply{ReplyHeader{++xid, 0x100000001 + xid, -101}, EmptyResponse{}}});
    out.push_back({op, Reply{ReplyHeader{++xid, 0x100000001 + xid, 0}, *body}});
  }
  const Stat stat = sample_stat(5);
  auto add = [&](OpCode op, ClientResponseRecord body) {
    out.push_back({op, Reply{ReplyHeader{++xid, 0x200000000 + xid, 0}, std::move(body)}});
  };
  add(OpCode::kCreate, CreateResponse{"/a0000000001"});
  add(OpCode::kCreate2, Create2Response{"/b", stat});
  add(OpCode::kExists, ExistsResponse{stat});
  add(OpCode::kGetData, GetDataResponse{std::string("value"), stat});
  add(OpCode::kGetData, GetDataResponse{std::nullopt, stat});
  add(OpCode::kSetData, SetDataResponse{stat});
  add(OpCode::kGetAcl, GetAclResponse{kAcl, stat});
  add(OpCode::kSetAcl, SetAclResponse{stat});
  add(OpCode::kGetChildren, GetChildrenResponse{{"x", "y", "z"}});
  add(OpCode::kGetChildren2, GetChildren2Response{{"x"}, stat});
  add(OpCode::kSync, SyncResponse{"/a"});
  add(OpCode::kReconfig, GetDataResponse{std::string("server.1=h:1:2:participant"), stat});
  add(OpCode::kMulti, MultiResponse{{CreateResult{"/m"}, Create2Result{"/m2", stat},
                                     SetDataResult{stat}, CheckResult{}, DeleteResult{}}});
  add(OpCode::kMulti, MultiResponse{{ErrorResult{0}, ErrorResult{-110}, ErrorResult{-2}}});
  add(OpCode::kMultiRead, MultiResponse{{GetDataResult{std::string("d"), stat},
                                         GetChildrenResult{{"a"}}, ErrorResult{-101}}});
  add(OpCode::kAddWatch, ErrorResponse{0});
  add(OpCode::kSasl, SetSaslResponse{std::string("tok")});
  add(OpCode::kGetEphemerals, GetEphemeralsResponse{{"/e1", "/a/e2"}});
  add(OpCode::kGetAllChildrenNumber, GetAllChildrenNumberResponse{42});
  add(OpCode::kWhoAmI, WhoAmIResponse{{{"ip", "127.0.0.1"}, {"digest", "alice"}}});
  return out;
}

std::vector<TxnEntry> sample_txn_entries() {
  auto h = [](OpCode type, int64_t zxid) {
    return TxnHeader{0x1000004cff30000, 7, zxid, 1'700'000'000'000, type};
  };
  const TxnDigest digest{2, 0x0123456789abcdef};
  using namespace data;
  return {
      {h(OpCode::kCreateSession, 0x100000001), CreateSessionTxn{10000}, digest},
      {h(OpCode::kCreate, 0x100000002), CreateTxn{"/a", "d", kAcl, false, 1}, digest},
      {h(OpCode::kCreate2, 0x100000003), CreateTxn{"/e", "", kAcl, true, 2}, std::nullopt},
      {h(OpCode::kCreateContainer, 0x100000004), CreateContainerTxn{"/c", "", kAcl, 3}, digest},
      {h(OpCode::kCreateTtl, 0x100000005), CreateTtlTxn{"/t", "x", kAcl, 4, 60000}, digest},
      {h(OpCode::kSetData, 0x100000006), SetDataTxn{"/a", "v", 1}, digest},
      {h(OpCode::kReconfig, 0x100000007), SetDataTxn{"/zookeeper/config", "version=1", 1}, digest},
      {h(OpCode::kSetAcl, 0x100000008), SetAclTxn{"/a", kAcl, 1}, digest},
      {h(OpCode::kDelete, 0x100000009), DeleteTxn{"/a"}, digest},
      {h(OpCode::kDeleteContainer, 0x10000000a), DeleteTxn{"/c"}, digest},
      {h(OpCode::kError, 0x10000000b), ErrorTxn{Code::kNodeExists}, digest},
      {h(OpCode::kMulti, 0x10000000c),
       MultiTxn{{SubTxn{OpCode::kCreate, CreateTxn{"/m", "", kAcl, false, 5}},
                 SubTxn{OpCode::kCheck, CheckVersionTxn{"/m", 1}},
                 SubTxn{OpCode::kError, ErrorTxn{Code::kRuntimeInconsistency}}}},
       digest},
      {h(OpCode::kCloseSession, 0x10000000d), CloseSessionTxn{{"/e"}}, digest},
      {h(OpCode::kCloseSession, 0x10000000e), std::nullopt, std::nullopt},
  };
}

std::vector<QuorumMessage> sample_quorum_messages() {
  const auto entries = sample_txn_entries();
  return {
      FollowerInfo{false, 0x100000000, LearnerInfo{1, 0x10000, 0x100000000}},
      FollowerInfo{true, 0x200000000, LearnerInfo{4, 0x10000, 7}},
      LeaderInfo{0x300000000, 0x10000},
      AckEpoch{0x200000005, 2},
      AckEpoch{0x200000005, -1},
      Diff{0x200000005},
      Trunc{0x200000004},
      Snap{0x200000005},
      NewLeader{0x300000000, std::string("server.1=127.0.0.1:2888:3888:participant\nversion=0")},
      NewLeader{0x300000000, std::nullopt},
      UpToDate{},
      Proposal{entries[1].header.zxid, entries[1]},
      Proposal{entries[11].header.zxid, entries[11]},
      Ack{0x300000001},
      Commit{0x300000001},
      LeaderPing{0x300000001},
      LearnerPing{0x300000001, {{0x1000004cff30000, 10000}}},
      LearnerPing{0x300000001, {}},
      Revalidate{0x1000004cff30000, 30000},
      RevalidateReply{0x1000004cff30000, false},
      LearnerRequest{
          0x1000004cff30000, 9, OpCode::kCreate,
          encode_request({9, OpCode::kCreate}, CreateRequest{"/f", std::string("x"), kAcl, 0})
              .substr(8),
          std::vector<Id>{{"ip", "127.0.0.1"}, {"digest", "alice:x"}}},
      LearnerRequest{0x1000004cff30000, 0, OpCode::kCreateSession, std::string("\0\0\x27\x10", 4),
                     std::nullopt},
      Sync{},
      Inform{entries[5].header.zxid, entries[5]},
      CommitAndActivate{0x300000002, 2},
      InformAndActivate{entries[6].header.zxid, 2, entries[6]},
  };
}

std::vector<Notification> sample_notifications() {
  return {
      {ServerState::kLooking, 1, 0x100000003, 4, 1, 2, std::string("version=0"),
       NotificationLayout::kVersioned},
      {ServerState::kFollowing, 2, 0x200000000, 5, 2, 2, std::string(),
       NotificationLayout::kVersioned},
      {ServerState::kLeading, 3, 0x300000001, 6, 3, 3, std::string("a later version"),
       NotificationLayout::kVersioned},
      {ServerState::kObserving, 3, 0x300000001, 6, 3, 0, std::nullopt,
       NotificationLayout::kNoVersion},
      {ServerState::kLooking, 3, 0x700000001, 6, 7, 0, std::nullopt,
       NotificationLayout::kNoPeerEpoch},
  };
}

}  // namespace zab::wire::test
