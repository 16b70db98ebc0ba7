// Traces for the counterexample tests, produced by scripting a world the way the explorers
// would find them: take actions by name, check every safety property after each step, and stop
// at the first violation.
#pragma once

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "checker/world/run_config.h"
#include "counterexamples/replay.h"
#include "counterexamples/trace.h"
#include "properties/property.h"

namespace zab::cx::testing {

// Drives one world and writes down what it did.
class Script {
 public:
  explicit Script(check::RunConfig config)
      : config_(std::move(config)),
        world_config_(config_.world_config()),
        world_(check::start_world(world_config_, config_.from)) {}

  // Takes the first enabled action whose name starts with `prefix`.
  void take(std::string_view prefix) {
    std::vector<check::Action> enabled;
    world_.actions(enabled);
    for (const auto& a : enabled)
      if (world_.name(a).starts_with(prefix)) return perform(a);
    std::string listing;
    for (const auto& a : enabled)
      listing += "\n  " + world_.name(a);
    throw std::runtime_error("no enabled action starts with '" + std::string(prefix) +
                             "':" + listing);
  }

  // Deliveries, fsyncs and pipeline steps first, then free timers (the harness's stabilize), until
  // nothing is left, a violation is found, or `until` holds.
  void settle(const std::function<bool(const check::World&)>& until = {}) {
    std::vector<check::Action> enabled;
    for (int i = 0; i < 5000 && !violation_; ++i) {
      if (until && until(world_)) return;
      world_.actions(enabled);
      const check::Action* pick = nullptr;
      for (const auto& a : enabled)
        if (!pick &&
            (std::holds_alternative<check::Deliver>(a) || std::holds_alternative<check::Fsync>(a) ||
             std::holds_alternative<check::DrainLog>(a) || std::holds_alternative<check::Apply>(a)))
          pick = &a;
      for (const auto& a : enabled)
        if (const auto* fire = std::get_if<check::Fire>(&a); !pick && fire && !fire->costs_timeout)
          pick = &a;
      if (!pick) return;
      perform(*pick);
    }
  }

  const check::World& world() const { return world_; }
  const std::vector<std::string>& names() const { return names_; }
  const std::optional<props::Violation>& violation() const { return violation_; }

  // The run as a trace of its first violation, with the expected block recorded by replay.
  Trace trace(std::string found_by = "scripted run (tests/counterexamples)") const {
    Trace t;
    t.property = violation_ ? violation_->property : std::string("committed-never-lost");
    t.config = config_;
    t.found_by = std::move(found_by);
    t.actions = names_;
    record_expected(t);
    return t;
  }

 private:
  void perform(const check::Action& a) {
    names_.push_back(world_.name(a));
    const check::World before = world_;
    world_.perform(a);
    if (!violation_) violation_ = props::PropertySet::all_safety().check(&before, &a, world_);
  }

  check::RunConfig config_;
  check::WorldConfig world_config_;  // the World keeps a pointer to it
  check::World world_;
  std::vector<std::string> names_;
  std::optional<props::Violation> violation_;
};

inline check::RunConfig commit_before_quorum_config(int observers = 0, int timeouts = 0) {
  check::RunConfig c;
  c.servers = 3;
  c.observers = observers;
  c.writes = 1;
  c.crashes = 1;
  c.timeouts = timeouts;
  c.bugs = {"commit-before-quorum"};
  return c;
}

inline bool established(const check::World& w) {
  for (const NodeId id : w.ids())
    if (w.server(id).up && w.server(id).peer.is_established_leader()) return true;
  return false;
}

// ZOOKEEPER-style data loss with the commit-before-quorum bug: the leader n3 commits and
// acknowledges <1,1> on its own ACK alone, crashes before any follower has the PROPOSAL, and n1
// and n2 elect n2 for epoch 2 without <1,1>: committed-never-lost. With `pad`, the leader's ping
// fires early and its round is settled first (irrelevant to the bug) to make the trace longer.
// (A dropped and re-synced connection no longer is: the learner comes back by SNAP, named
// <1,0> like the leader's lastProcessedZxid, and then wins the next election.)
inline Script commit_before_quorum_run(int observers = 0, bool pad = false) {
  Script s(commit_before_quorum_config(observers, pad ? 1 : 0));
  s.settle();
  if (pad) {
    s.take("fire n3 leader-ping");
    s.settle();
  }
  s.take("client write n3");
  s.take("log-writer n3");
  s.take("fsync n3");
  s.take("apply n3");
  s.take("crash n3 keep-unsynced=0");
  s.settle();
  return s;
}

inline std::filesystem::path fresh_dir(std::string_view name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("zab_cx_" + std::string(name) + "_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void spit(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

}  // namespace zab::cx::testing
