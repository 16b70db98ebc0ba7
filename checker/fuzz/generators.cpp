#include "checker/fuzz/generators.h"

#include "checker/search/random_walk.h"

namespace zab::fuzz {

namespace {

rc::Gen<Target> target_gen(int servers) {
  return rc::gen::map(rc::gen::inRange<int>(0, servers + 1),
                      [](int s) { return Target{static_cast<uint8_t>(s)}; });
}

rc::Gen<uint8_t> count_gen(int lo, int hi) {
  return rc::gen::map(rc::gen::inRange<int>(lo, hi + 1),
                      [](int n) { return static_cast<uint8_t>(n); });
}

template <class T>
rc::Gen<Step> as_step(rc::Gen<T> gen) {
  return rc::gen::map(std::move(gen), [](T s) { return Step{s}; });
}

}  // namespace

rc::Gen<Step> step_gen(int servers) {
  const auto progress = rc::gen::construct<Progress>(count_gen(1, 32));
  const auto client = rc::gen::construct<ClientOp>(count_gen(0, 3));
  const auto crash = rc::gen::construct<CrashAt>(
      target_gen(servers),
      rc::gen::element(Moment::kNow, Moment::kAfterFsync, Moment::kDuringFsync,
                       Moment::kAfterAckSent, Moment::kLogWriterQueued),
      count_gen(1, 3), count_gen(0, 3));
  const auto restart = rc::gen::construct<RestartOf>(target_gen(servers));
  const auto isolate = rc::gen::construct<IsolateLeader>(count_gen(1, 32));
  const auto drop = rc::gen::construct<DropDuringSync>(target_gen(servers), target_gen(servers));
  // Progress first (what shrinking falls back to), faults often enough that a run of a dozen
  // steps holds a few.
  return rc::gen::weightedOneOf<Step>({{6, as_step(progress)},
                                       {2, as_step(client)},
                                       {3, as_step(crash)},
                                       {2, as_step(restart)},
                                       {1, as_step(isolate)},
                                       {1, as_step(drop)}});
}

rc::Gen<Scenario> scenario_gen(int servers) {
  return rc::gen::construct<Scenario>(rc::gen::noShrink(rc::gen::arbitrary<uint64_t>()),
                                      rc::gen::container<std::vector<Step>>(step_gen(servers)));
}

rc::Shrinkable<Scenario> generate(uint64_t seed, int run, int size, int servers) {
  return scenario_gen(servers)(rc::Random(search::walk_seed(seed, run)), size);
}

}  // namespace zab::fuzz
