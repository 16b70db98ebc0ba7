// The effect order every interpreter keeps (impl/quorum/effects.h), checked on the one piece of
// code both interpreters share.
#include "impl/server/effect_sequencer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace zab::server {
namespace {

// Records what it performs; its disk has unsynced writes after a Persist until fsync_done.
struct Recorder {
  std::vector<std::string> performed;
  bool unsynced = false;
  int fsyncs_awaited = 0;
  ServerEffects on_self_ack;

  bool has_unsynced() const { return unsynced; }
  void await_fsync() { ++fsyncs_awaited; }
  ServerEffects self_ack(Zxid zxid) {
    performed.push_back("LocalAck " + to_string(zxid));
    return std::move(on_self_ack);
  }
  void perform(ServerEffect& e) {
    if (const auto* base = std::get_if<Effect>(&e); base && std::holds_alternative<Persist>(*base))
      unsynced = true;
    performed.push_back(describe(e));
  }
  void fsync_done(HeldEffects& held) {
    unsynced = false;
    complete_fsync(held, *this);
  }
};

ServerEffects effects(std::initializer_list<Effect> list) {
  ServerEffects out;
  for (const auto& e : list)
    out.emplace_back(e);
  return out;
}

const Zxid k11 = Zxid::make(Epoch{1}, 1);
const Zxid k12 = Zxid::make(Epoch{1}, 2);

TEST(EffectSequencer, EffectsRunInOutboxOrder) {
  Recorder r;
  HeldEffects held;
  run_effects(held,
              effects({Send{NodeId{2}, Ack{k11}}, CancelTimer{TimerKind::kLeaderInit},
                       Send{NodeId{3}, Commit{k11}}}),
              r);
  EXPECT_EQ(r.performed,
            (std::vector<std::string>{"send n2 ACK <1,1>", "cancel-timer leader-init-limit",
                                      "send n3 COMMIT <1,1>"}));
  EXPECT_TRUE(held.empty());
}

TEST(EffectSequencer, NothingAfterASyncRunsBeforeTheFsync) {
  Recorder r;
  HeldEffects held;
  run_effects(
      held, effects({Persist{WriteCurrentEpoch{Epoch{2}}}, Sync{}, Send{NodeId{1}, Ack{k11}}}), r);
  EXPECT_EQ(r.performed, (std::vector<std::string>{"write currentEpoch=2"}));
  EXPECT_EQ(r.fsyncs_awaited, 1);
  ASSERT_EQ(held.size(), 2u);
  // A later step's effects queue behind the same fsync.
  run_effects(held, effects({Send{NodeId{1}, Ack{k12}}}), r);
  EXPECT_EQ(r.performed.size(), 1u);
  r.fsync_done(held);
  EXPECT_EQ(r.performed, (std::vector<std::string>{"write currentEpoch=2", "send n1 ACK <1,1>",
                                                   "send n1 ACK <1,2>"}));
  EXPECT_TRUE(held.empty());
}

TEST(EffectSequencer, ASyncWithNothingUnsyncedCompletesAtOnce) {
  Recorder r;
  HeldEffects held;
  run_effects(held, effects({Sync{}, Send{NodeId{2}, Ack{k11}}}), r);
  EXPECT_EQ(r.fsyncs_awaited, 0);
  EXPECT_EQ(r.performed, (std::vector<std::string>{"send n2 ACK <1,1>"}));
}

TEST(EffectSequencer, TheReleasedEffectsStopAtTheNextSyncWithWrites) {
  Recorder r;
  HeldEffects held;
  run_effects(held,
              effects({Persist{AppendTxn{make_txn(k11, "a")}}, Sync{},
                       Persist{WriteUpdatingEpoch{false}}, Sync{}, Send{NodeId{2}, Ack{k11}}}),
              r);
  r.fsync_done(held);
  EXPECT_EQ(r.performed,
            (std::vector<std::string>{"write append <1,1>", "write delete updatingEpoch"}));
  EXPECT_EQ(r.fsyncs_awaited, 2);
  r.fsync_done(held);
  EXPECT_EQ(r.performed.back(), "send n2 ACK <1,1>");
}

TEST(EffectSequencer, ASelfAcksEffectsRunBeforeWhatFollowsIt) {
  Recorder r;
  r.on_self_ack = effects({Send{NodeId{2}, Commit{k11}}});
  HeldEffects held;
  run_effects(held, effects({SelfAck{k11}, Send{NodeId{3}, Ack{k12}}}), r);
  EXPECT_EQ(r.performed, (std::vector<std::string>{"LocalAck <1,1>", "send n2 COMMIT <1,1>",
                                                   "send n3 ACK <1,2>"}));
}

}  // namespace
}  // namespace zab::server
