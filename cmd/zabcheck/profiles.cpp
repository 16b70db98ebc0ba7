#include "cmd/zabcheck/profiles.h"

namespace zab::check {
namespace {

RunConfig make(int servers, int observers, int txns, int crashes, int restarts,
               uint32_t max_epoch = 0) {
  RunConfig r;
  r.servers = servers;
  r.observers = observers;
  r.writes = txns;
  r.crashes = crashes;
  r.restarts = restarts;
  r.max_epoch = max_epoch;
  return r;
}

// One election schedule per election (--election settled).
RunConfig settled(RunConfig r) {
  r.settle_elections = true;
  return r;
}

}  // namespace

const std::vector<Profile>& profiles() {
  static const std::vector<Profile> all = {
      {"quick",
       "seconds: election, one write and a crash on 3 servers",
       30,
       // A crash is what makes committed-never-lost and primary-integrity mean something.
       {{"3 servers, 1 txn, 1 crash", make(3, 0, 1, 1, 0), {}},
        {"3 servers, election only, liveness",
         make(3, 0, 0, 0, 0),
         {"single-leader-per-epoch", "leader-eventually"}}}},
      {"pr",
       "minutes: every property with a crash, 5 servers electing, observers",
       900,
       {{"3 servers, 2 txns, 1 crash", make(3, 0, 2, 1, 0, 2), {}},
        // Settled: a restart's re-election interleavings alone exceed the budget.
        {"3 servers, 1 txn, 1 crash + restart, settled", settled(make(3, 0, 1, 1, 1, 2)), {}},
        // Five servers' full FLE interleaving space is beyond memory: bounded by depth.
        {"5 servers, election interleavings to depth 8",
         [] {
           auto r = make(5, 0, 0, 0, 0);
           r.depth_max = 8;
           return r;
         }(),
         {"no-vote-cycle"}},
        // Observers with a crash (a restart too where one crash leaves no quorum), settled.
        {"2 servers + 1 observer, 1 txn, 1 crash + restart", settled(make(2, 1, 1, 1, 1, 2)), {}},
        {"3 servers + 1 observer, 1 txn, 1 crash", settled(make(3, 1, 1, 1, 0, 2)), {}}}},
      {"nightly",
       "hours, depth-first: deeper crash, restart and partition budgets, and every interleaving "
       "of a five-server election",
       4 * 3600,
       {{"3 servers, 2 txns, 2 crashes + 2 restarts, from steady",
         [] {
           auto r = make(3, 0, 2, 2, 2, 3);
           r.from = "steady";
           return r;
         }(),
         {},
         true},
        {"3 servers, 2 txns, 1 crash, 1 partition",
         [] {
           auto r = make(3, 0, 2, 1, 0, 3);
           r.partitions = 1;
           return r;
         }(),
         {},
         true},
        {"5 servers, election only, every interleaving",
         make(5, 0, 0, 0, 0, 1),
         {"single-leader-per-epoch", "no-vote-cycle", "epoch-monotonic",
          "first-ack-after-newleader"},
         true}}},
  };
  return all;
}

const Profile* find_profile(std::string_view name) {
  for (const auto& p : profiles())
    if (p.name == name) return &p;
  return nullptr;
}

}  // namespace zab::check
