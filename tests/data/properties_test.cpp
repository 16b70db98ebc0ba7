// RapidCheck properties of the data tree: random client workloads are prepared by a leader and
// applied to its projected view (the decoded txns), while a follower replays the encoded committed
// log. Shrinking gives the shortest workload that breaks a property.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <random>
#include <set>

#include "impl/core/check.h"
#include "impl/data/acl.h"
#include "impl/data/path.h"
#include "impl/data/prep.h"

namespace zab::data {
namespace {

const std::vector<std::string> kPaths = {"/a",   "/b",     "/a/x", "/a/y",
                                         "/b/x", "/a/x/q", "/s-",  "/a/s-"};
const std::vector<int64_t> kSessions = {0x100000000000001, 0x100000000000002, 0x200000000000003};
const Id kAlice{"digest", "alice:aYXlLOpEooaV1cRAvUL1fp9Qt7E="};

// kind, path index, session index, flags / ACL choice, version.
using RawOp = std::tuple<int, int, int, int, int>;
struct Action {
  RawOp op;
  std::vector<RawOp> sub;  // the ops of a multi
};

enum Kind {
  kCreateKinds = 4,
  kDelete = 4,
  kSetData,
  kSetAcl,
  kCheck,
  kMulti,
  kCreateSession,
  kCloseSession,
  kCreateWithAcl,
  kCreateSequential,
  kDeleteSequential,
  kKindCount
};

rc::Gen<RawOp> raw_op() {
  return rc::gen::tuple(
      rc::gen::inRange(0, int(kKindCount)), rc::gen::inRange(0, int(kPaths.size())),
      rc::gen::inRange(0, int(kSessions.size())), rc::gen::inRange(0, 4), rc::gen::inRange(-1, 3));
}

rc::Gen<std::vector<Action>> workload() {
  auto action = rc::gen::map(
      rc::gen::pair(raw_op(), rc::gen::mapcat(rc::gen::inRange(0, 4),
                                              [](int n) {
                                                return rc::gen::container<std::vector<RawOp>>(
                                                    n, raw_op());
                                              })),
      [](std::pair<RawOp, std::vector<RawOp>> p) {
        return Action{p.first, std::move(p.second)};
      });
  return rc::gen::container<std::vector<Action>>(action);
}

AclList acl_choice(int choice) {
  switch (choice) {
    case 0:
      return open_acl_unsafe();
    case 1:
      return read_acl_unsafe();
    case 2:
      return creator_all_acl();
    default:
      return {};
  }
}

// Multi ops lean towards succeeding (persistent creates, mostly unconditional versions), so that
// both applied and rolled-back multis are common.
MultiOp multi_op(const RawOp& raw) {
  const auto [kind, p, s, f, v] = raw;
  const std::string& path = kPaths[p];
  const int32_t version = v <= 0 ? -1 : v;
  switch (kind % 5) {
    case 0:
    case 1:
      return Create{path, "m", open_acl_unsafe(), f & 2, -1};
    case 2:
      return Delete{path, version};
    case 3:
      return SetData{path, "md", version};
    default:
      return Check{path, version};
  }
}

// For a sequential template ("/s-"), the newest sequential child the parent has, so that deletes
// and writes reach sequential nodes (and a reused name would show).
std::string resolve(const std::string& path, const ZkDatabase& db) {
  if (!path.ends_with("s-")) return path;
  const auto node = db.tree().find(*parent_of(path));
  std::string newest = path;
  if (!node) return newest;
  for (const auto& [name, child] : node->children) {
    if (name.starts_with("s-")) newest = child_path(*parent_of(path), name);
  }
  return newest;
}

WriteRequest request_for(const Action& action, const ZkDatabase& db) {
  const auto [kind, p, s, f, v] = action.op;
  // Sequential nodes get their own kinds, so that several land under one parent in most runs.
  if (kind == kCreateSequential) {
    return Create{kPaths[6 + p % 2], "", open_acl_unsafe(), 2 | (f & 1), -1};
  }
  if (kind == kDeleteSequential) return Delete{resolve(kPaths[6 + p % 2], db), -1};
  const bool creates = kind < kCreateKinds || kind == kCreateWithAcl;
  const std::string path = creates ? kPaths[p] : resolve(kPaths[p], db);
  if (kind < kCreateKinds) return Create{path, "v", open_acl_unsafe(), f, -1};
  switch (kind) {
    case kDelete:
      return Delete{path, v};
    case kSetData:
      return SetData{path, std::string(size_t(v + 1), 'd'), v};
    case kSetAcl:
      return SetAcl{path, acl_choice(f), v};
    case kCheck:
      return Check{path, v};
    case kMulti: {
      Multi multi;
      for (const auto& raw : action.sub)
        multi.ops.push_back(multi_op(raw));
      return multi;
    }
    case kCreateSession:
      return CreateSession{4000 + 1000 * s};
    case kCloseSession:
      return CloseSession{};
    default:
      return Create{path, "", acl_choice(f), f == 2 ? 1 : 0, -1};
  }
}

// The ephemerals index agrees with the znodes' owners, and every owner is a live session.
void check_ephemerals(const ZkDatabase& db) {
  std::map<int64_t, std::vector<std::string>> owners;
  db.tree().for_each([&](const std::string& path, const Znode& node) {
    if (ephemeral_type(node.stat.ephemeral_owner) == EphemeralType::kNormal) {
      owners[node.stat.ephemeral_owner].push_back(path);
    }
  });
  for (auto& [owner, paths] : owners) {
    std::sort(paths.begin(), paths.end());
    RC_ASSERT(db.tree().ephemerals(owner) == paths);
    RC_ASSERT(db.session_timeout(owner).has_value());
  }
  RC_ASSERT(db.tree().ephemeral_owners().size() == owners.size());
}

struct Leader {
  ZkDatabase leader;  // the projected view: decoded txns applied directly
  std::vector<TxnRef> log;
  // Sequential names created under each parent, in creation order.
  std::map<std::string, std::vector<std::string>> sequential;
  uint32_t counter = 0;

  // Every workload starts with all sessions open, so that most requests get past the session
  // check; workloads close and reopen them.
  Leader() {
    for (int s = 0; s < int(kSessions.size()); ++s)
      step(Action{{kCreateSession, 0, s, 0, 0}, {}});
  }

  ApplyResult step(const Action& action) {
    const int64_t session = kSessions[std::get<2>(action.op)];
    PrepContext ctx;
    ctx.session_id = session;
    ctx.cxid = static_cast<int32_t>(counter);
    ctx.time_ms = 1000 + counter;
    ctx.auth_ids = {Id{"ip", "10.0.0.1"}};
    if (session == kSessions[0]) ctx.auth_ids.push_back(kAlice);
    ctx.session_valid = leader.session_timeout(session).has_value();
    const PreparedTxn prepared = prepare(leader, request_for(action, leader), ctx);
    const Zxid zxid = Zxid::make(Epoch{1}, ++counter);
    log.push_back(make_txn(zxid, prepared.payload));
    auto [next, result] = leader.apply_decoded(zxid, prepared.txn);
    leader = std::move(next);
    record_sequential(result);
    return result;
  }

  void record_sequential(const ApplyResult& result) {
    auto note = [&](const std::string& path) {
      const auto name = basename_of(path);
      if (name.size() > 10 && name.starts_with("s-")) {
        sequential[std::string(*parent_of(path))].push_back(path);
      }
    };
    if (result.err == Code::kOk && result.header.type == OpCode::kCreate) note(result.path);
    for (const auto& op : result.multi) {
      if (op.type == OpCode::kCreate) note(op.path);
    }
  }
};

RC_GTEST_PROP(DataProperties, ReplicasApplyingTheCommittedLogAgree, ()) {
  set_assertions_throw(true);
  Leader run;
  for (const auto& action : *workload()) {
    run.step(action);
    RC_ASSERT(run.leader.tree().digest() == run.leader.tree().recompute_digest());
    RC_ASSERT(run.leader.tree().zk_digest() == run.leader.tree().recompute_zk_digest());
  }
  StateImageRef follower = std::make_shared<const ZkDatabase>();
  for (const auto& txn : run.log)
    follower = follower->apply(*txn);
  const auto& replica = dynamic_cast<const ZkDatabase&>(*follower);
  RC_ASSERT(replica.fingerprint() == run.leader.fingerprint());
  RC_ASSERT(replica == run.leader);
  RC_ASSERT(replica.tree().node_count() == run.leader.tree().node_count());
  RC_TAG(run.leader.tree().node_count() > 6 ? "grew" : "small");
}

RC_GTEST_PROP(DataProperties, SequentialNamesAreUniqueAndIncreasing, ()) {
  set_assertions_throw(true);
  Leader run;
  for (const auto& action : *workload())
    run.step(action);
  size_t total = 0;
  for (const auto& [parent, names] : run.sequential) {
    total += names.size();
    for (size_t i = 1; i < names.size(); ++i)
      RC_ASSERT(names[i - 1] < names[i]);
    RC_ASSERT(std::set<std::string>(names.begin(), names.end()).size() == names.size());
  }
  RC_CLASSIFY(total > 1, "several sequential creates");
}

RC_GTEST_PROP(DataProperties, NoEphemeralOutlivesItsSession, ()) {
  set_assertions_throw(true);
  Leader run;
  for (const auto& action : *workload()) {
    const int64_t session = kSessions[std::get<2>(action.op)];
    const bool had_ephemerals = !run.leader.tree().ephemerals(session).empty();
    const auto result = run.step(action);
    check_ephemerals(run.leader);
    if (std::get<0>(action.op) == kCloseSession) {
      RC_ASSERT(run.leader.tree().ephemerals(session).empty());
      RC_ASSERT(!run.leader.session_timeout(session).has_value());
      bool owned = false;
      run.leader.tree().for_each([&](const std::string&, const Znode& node) {
        owned = owned || node.stat.ephemeral_owner == session;
      });
      RC_ASSERT(!owned);
      RC_CLASSIFY(had_ephemerals, "closed a session with ephemerals");
      RC_ASSERT(result.events.size() % 2 == 0);
    }
  }
}

RC_GTEST_PROP(DataProperties, AMultiAppliesEntirelyOrNotAtAll, ()) {
  set_assertions_throw(true);
  Leader run;
  for (const auto& action : *workload()) {
    const ZkDatabase before = run.leader;
    const auto result = run.step(action);
    if (std::get<0>(action.op) != kMulti) continue;
    RC_ASSERT(result.multi.size() == action.sub.size());
    if (result.err != Code::kOk) {
      RC_ASSERT(run.leader == before);
      RC_ASSERT(run.leader.fingerprint() == before.fingerprint());
      RC_ASSERT(result.events.empty());
      bool seen_failure = false;
      for (const auto& op : result.multi) {
        RC_ASSERT(op.type == OpCode::kError);
        if (seen_failure) RC_ASSERT(op.err == Code::kRuntimeInconsistency);
        if (op.err != Code::kOk) seen_failure = true;
      }
      RC_ASSERT(seen_failure);
    } else {
      for (const auto& op : result.multi)
        RC_ASSERT(op.err == Code::kOk && op.type != OpCode::kError);
      // Every create, delete and setData of the multi is visible afterwards.
      for (size_t i = 0; i < action.sub.size(); ++i) {
        const auto& op = result.multi[i];
        if (op.type == OpCode::kCreate)
          RC_ASSERT(run.leader.tree().exists(op.path) ||
                    std::any_of(result.multi.begin() + i + 1, result.multi.end(),
                                [&](const OpResult& later) {
                                  return later.type == OpCode::kDelete && later.path == op.path;
                                }));
        if (op.type == OpCode::kSetData && run.leader.tree().exists(op.path)) {
          RC_ASSERT(run.leader.tree().find(op.path)->stat.mzxid ==
                    int64_t(run.log.back()->zxid().value));
        }
      }
      RC_CLASSIFY(!action.sub.empty(), "non-empty multi applied");
    }
  }
}

// The "sometimes" twin of the properties above: the workloads they draw from do reach the cases
// the properties are about, so that passing them is not vacuous.
TEST(DataWorkloads, ReachTheCasesThePropertiesAreAbout) {
  set_assertions_throw(true);
  std::mt19937 rng(2024);
  auto raw = [&] {
    return RawOp{int(rng() % kKindCount), int(rng() % kPaths.size()), int(rng() % kSessions.size()),
                 int(rng() % 4), int(rng() % 4) - 1};
  };
  int multis_applied = 0, multis_failed = 0, closes_with_ephemerals = 0, sequential_runs = 0;
  int64_t largest_tree = 0;
  for (int workload = 0; workload < 300; ++workload) {
    Leader run;
    for (int i = 0; i < 60; ++i) {
      Action action{raw(), {}};
      for (int k = int(rng() % 4); k > 0; --k)
        action.sub.push_back(raw());
      const auto kind = std::get<0>(action.op);
      const int64_t session = kSessions[std::get<2>(action.op)];
      if (kind == kCloseSession && !run.leader.tree().ephemerals(session).empty()) {
        ++closes_with_ephemerals;
      }
      const auto result = run.step(action);
      if (kind == kMulti && !action.sub.empty()) {
        (result.err == Code::kOk ? multis_applied : multis_failed) += 1;
      }
      largest_tree = std::max(largest_tree, run.leader.tree().node_count());
    }
    for (const auto& [parent, names] : run.sequential)
      sequential_runs += names.size() > 1;
  }
  std::cout << fmt::format(
      "multis applied {} / rolled back {}, closes with ephemerals {}, sequential runs {}, "
      "largest tree {}\n",
      multis_applied, multis_failed, closes_with_ephemerals, sequential_runs, largest_tree);
  EXPECT_GT(multis_applied, 20);
  EXPECT_GT(multis_failed, 20);
  EXPECT_GT(closes_with_ephemerals, 20);
  EXPECT_GT(sequential_runs, 20);
  EXPECT_GE(largest_tree, 10);
}

}  // namespace
}  // namespace zab::data
