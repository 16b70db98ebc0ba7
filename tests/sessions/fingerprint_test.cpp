// Every field of every session state struct is part of its fingerprint and its equality: perturb
// one field at a time and expect both to notice (hasher.h's contract).
#include <gtest/gtest.h>

#include <functional>
#include <vector>

#include "impl/core/hasher.h"
#include "impl/sessions/session_tracker.h"
#include "impl/sessions/watch_manager.h"

namespace zab::sessions {
namespace {

template <class T>
void expect_each_perturbation_noticed(const T& base,
                                      const std::vector<std::function<void(T&)>>& perturbations) {
  const uint64_t base_fp = fingerprint_of(base);
  EXPECT_EQ(fingerprint_of(T(base)), base_fp);  // copies hash alike
  for (size_t i = 0; i < perturbations.size(); ++i) {
    T changed = base;
    perturbations[i](changed);
    EXPECT_FALSE(changed == base) << "perturbation " << i;
    EXPECT_NE(fingerprint_of(changed), base_fp) << "perturbation " << i;
  }
}

TEST(Fingerprint, Session) {
  const Session base{
      .id = 7, .timeout_ms = 4000, .owner = NodeId{1}, .closing = false, .last_touch_ms = 10};
  expect_each_perturbation_noticed<Session>(base, {
                                                      [](Session& s) { s.id = 8; },
                                                      [](Session& s) { s.timeout_ms = 5000; },
                                                      [](Session& s) { s.owner = NodeId{2}; },
                                                      [](Session& s) { s.owner.reset(); },
                                                      [](Session& s) { s.closing = true; },
                                                      [](Session& s) { s.last_touch_ms = 11; },
                                                  });
}

TEST(Fingerprint, ExpiryQueue) {
  ExpiryQueue base(2000, 0);
  base.update(1, 4000, 0);
  expect_each_perturbation_noticed<ExpiryQueue>(
      base, {
                [](ExpiryQueue& q) {
                  q = ExpiryQueue(1000, 0);
                  q.update(1, 4000, 0);
                },
                [](ExpiryQueue& q) {
                  q = ExpiryQueue(2000, 0, true);
                  q.update(1, 4000, 0);
                },
                [](ExpiryQueue& q) { q.poll(2000); },             // next_expiration_ms
                [](ExpiryQueue& q) { q.update(1, 4000, 2000); },  // an entry's expiration
                [](ExpiryQueue& q) { q.update(2, 4000, 0); },     // one more entry
                [](ExpiryQueue& q) { q.remove(1); },
            });
}

TEST(Fingerprint, SessionTracker) {
  const SessionConfig config{.tick_time_ms = 2000};
  SessionTracker base(config, NodeId{1}, 0);
  const uint64_t id = base.create_session(4000, NodeId{1}, 0).session_id;
  expect_each_perturbation_noticed<SessionTracker>(
      base, {
                [&](SessionTracker& t) { t.touch(id, 2000); },          // queue and last touch
                [&](SessionTracker& t) { t.set_session_closing(id); },  // a session field only
                [&](SessionTracker& t) { t.expire(2000); },             // the queue only
                [&](SessionTracker& t) {                                // the id generator only
                  SessionTracker other(config, NodeId{2}, 0);
                  other.track_session(id, 4000, NodeId{1}, 0);
                  t = other;
                },
            });
}

TEST(Fingerprint, WatchManager) {
  WatchManager base;
  base.add_data_watch(1, "/a");
  expect_each_perturbation_noticed<WatchManager>(
      base, {
                [](WatchManager& w) { w.add_child_watch(1, "/a"); },  // child_modes
                [](WatchManager& w) { w.add_watch(1, "/a", AddWatchMode::kPersistent); },
                [](WatchManager& w) {
                  w.remove_session(1);
                  w.add_data_watch(2, "/a");
                },  // session_id
                [](WatchManager& w) {
                  w.remove_session(1);
                  w.add_data_watch(1, "/b");
                },  // path
                [](WatchManager& w) { w.add_data_watch(1, "/b"); },
            });
}

TEST(Fingerprint, ExpiryEntryAndWatchEntryFields) {
  expect_each_perturbation_noticed<ExpiryEntry>(ExpiryEntry{1, 2000},
                                                {
                                                    [](ExpiryEntry& e) { e.id = 2; },
                                                    [](ExpiryEntry& e) { e.expiration_ms = 4000; },
                                                });
  expect_each_perturbation_noticed<WatchEntry>(WatchEntry{"/a", 1, 1, 0},
                                               {
                                                   [](WatchEntry& e) { e.path = "/b"; },
                                                   [](WatchEntry& e) { e.session_id = 2; },
                                                   [](WatchEntry& e) { e.data_modes = 2; },
                                                   [](WatchEntry& e) { e.child_modes = 1; },
                                               });
}

}  // namespace
}  // namespace zab::sessions
