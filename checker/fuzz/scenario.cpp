#include "checker/fuzz/scenario.h"

#include <fmt/format.h>

#include <algorithm>
#include <ostream>
#include <random>

#include "checker/search/step.h"
#include "checker/world/harness.h"

namespace zab::fuzz {

using check::Action;
using check::World;

namespace {

std::string who(Target t) {
  return t.server == 0 ? "leader" : fmt::format("n{}", t.server);
}

std::string_view moment_name(Moment m) {
  switch (m) {
    case Moment::kNow:
      return "now";
    case Moment::kAfterFsync:
      return "after-fsync";
    case Moment::kDuringFsync:
      return "during-fsync";
    case Moment::kAfterAckSent:
      return "after-ack-sent";
    case Moment::kLogWriterQueued:
      return "log-writer-queued";
  }
  return "?";
}

struct Namer {
  std::string operator()(const Progress& s) const { return fmt::format("progress {}", s.actions); }
  std::string operator()(const ClientOp& s) const { return fmt::format("client-op {}", s.pick); }
  std::string operator()(const CrashAt& s) const {
    std::string queued =
        s.moment == Moment::kLogWriterQueued ? fmt::format(" queued={}", s.queued) : "";
    return fmt::format("crash {} {}{} keep={}", who(s.who), moment_name(s.moment), queued, s.keep);
  }
  std::string operator()(const RestartOf& s) const {
    return s.who.server == 0 ? "restart any" : fmt::format("restart n{}", s.who.server);
  }
  std::string operator()(const IsolateLeader& s) const {
    return fmt::format("isolate-leader {}", s.actions);
  }
  std::string operator()(const DropDuringSync& s) const {
    return fmt::format("drop-during-sync {} {}", who(s.a), who(s.b));
  }
};

bool is_client_action(const Action& a) {
  return std::holds_alternative<check::ClientWrite>(a) ||
         std::holds_alternative<check::ClientSend>(a);
}

// One scenario's run: the world, the scheduler and what was taken.
class Interpreter {
 public:
  Interpreter(const check::WorldModel& m, const World& start, const Scenario& s,
              const RunLimits& limits, ScenarioRun& out)
      : m_(m), world_(start), rng_(s.seed), limits_(limits), out_(out) {
    search::GoalSet reached = 0;
    out_.violation = search::check_new_state(m_, world_, reached);
  }

  // Whether the run may go on (no violation, within the bounds and the action budget).
  bool live() const {
    return !out_.violation && m_.within_bounds(world_) &&
           static_cast<int>(out_.actions.size()) < limits_.actions_max;
  }

  void operator()(const Progress& s) {
    for (int i = 0; i < s.actions && progress_one(); ++i) {
    }
  }
  void operator()(const ClientOp& s) {
    world_.actions(enabled_);
    std::vector<Action> clients;
    for (const auto& a : enabled_)
      if (is_client_action(a)) clients.push_back(a);
    if (!clients.empty()) take(clients[s.pick % clients.size()]);
  }
  void operator()(const CrashAt& s);
  void operator()(const RestartOf& s);
  void operator()(const IsolateLeader& s);
  void operator()(const DropDuringSync& s);

  // Progress until nothing but faults and client choices can happen, or the tail is spent.
  void tail() {
    for (int i = 0; i < limits_.tail_max && progress_one(); ++i) {
    }
  }

 private:
  // Takes `a` (enabled) with the one-step check of every explorer (checker/search/step.h).
  bool take(const Action& a) {
    out_.actions.push_back(a);
    World next = world_;
    auto v = search::take_step(m_, world_, a, next);
    if (!v || v->property != search::kAssertionProperty) {
      search::GoalSet reached = 0;
      auto invariant = search::check_new_state(m_, next, reached);
      if (!v) v = std::move(invariant);
      world_ = std::move(next);
    }
    out_.violation = std::move(v);
    return !out_.violation;
  }
  bool take_fault(const Action& a) {
    if (!live() || !world_.enabled(a)) {
      ++out_.faults_skipped;
      return false;
    }
    ++out_.faults_taken;
    return take(a);
  }
  void skip() { ++out_.faults_skipped; }

  // One progress action of the scheduler's choosing (no fault, no client choice).
  bool progress_one() {
    if (!live()) return false;
    world_.actions(enabled_);
    calm_.clear();
    for (const auto& a : enabled_)
      if (!check::is_fault(a) && !is_client_action(a)) calm_.push_back(a);
    if (calm_.empty()) return false;
    last_ = calm_[static_cast<size_t>(rng_() % calm_.size())];
    return take(last_);
  }

  // Progress until `ready()` holds (checked before each action); false if it never does.
  template <class Ready>
  bool wait_for(Ready&& ready) {
    for (int i = 0; i <= limits_.wait_max; ++i) {
      if (!live()) return false;
      if (ready()) return true;
      if (i == limits_.wait_max || !progress_one()) return false;
    }
    return false;
  }

  std::optional<NodeId> resolve(Target t) const {
    if (t.server == 0) return check::established_leader(world_);
    for (const NodeId id : world_.ids())
      if (id.value == t.server) return id;
    return std::nullopt;
  }

  // An enabled quorum delivery from `from` (to anyone, or to `to`) whose name holds `what`.
  bool delivery_pending(NodeId from, std::optional<NodeId> to,
                        std::initializer_list<std::string_view> what) {
    world_.actions(enabled_);
    for (const auto& a : enabled_) {
      const auto* d = std::get_if<check::Deliver>(&a);
      if (!d || d->channel != Channel::kQuorum || d->from != from || (to && d->to != *to)) continue;
      const std::string name = world_.name(a);
      for (const auto w : what)
        if (name.find(w) != std::string::npos) return true;
    }
    return false;
  }

  const check::WorldModel& m_;
  World world_;
  std::mt19937_64 rng_;
  const RunLimits& limits_;
  ScenarioRun& out_;
  std::vector<Action> enabled_, calm_;
  Action last_ = check::Tick{};
};

void Interpreter::operator()(const CrashAt& s) {
  const auto id = resolve(s.who);
  if (!id) return skip();
  const NodeId x = *id;
  bool ready = false;
  switch (s.moment) {
    case Moment::kNow:
      ready = true;
      break;
    case Moment::kAfterFsync:
      // The fsync completes as one of the scheduler's actions: wait until it took one of x's.
      last_ = check::Tick{};
      ready = wait_for([&] { return last_ == Action{check::Fsync{x}}; });
      break;
    case Moment::kDuringFsync:
      ready = wait_for([&] { return world_.server(x).up && world_.server(x).blocked(); });
      break;
    case Moment::kAfterAckSent:
      ready = wait_for([&] { return delivery_pending(x, std::nullopt, {" quorum ACK "}); });
      break;
    case Moment::kLogWriterQueued:
      ready = wait_for([&] {
        const auto& slot = world_.server(x);
        return slot.up && slot.peer.log_writer_queue.size() >= std::max<size_t>(1, s.queued);
      });
      break;
  }
  if (!ready || !world_.server(x).up) return skip();
  const size_t unsynced = world_.server(x).unsynced.size();
  take_fault(check::Crash{x, static_cast<uint8_t>(std::min<size_t>(s.keep, unsynced))});
}

void Interpreter::operator()(const RestartOf& s) {
  for (const NodeId id : world_.ids())
    if ((s.who.server == 0 || s.who.server == id.value) && !world_.server(id).up)
      return void(take_fault(check::Restart{id}));
  skip();
}

void Interpreter::operator()(const IsolateLeader& s) {
  const auto leader = resolve(Target{0});
  if (!leader) return skip();
  std::vector<std::pair<NodeId, NodeId>> cut;
  for (const NodeId id : world_.ids()) {
    if (id == *leader) continue;
    const auto link = std::minmax(id, *leader);
    if (take_fault(check::Partition{link.first, link.second})) cut.emplace_back(link);
  }
  if (cut.empty()) return;
  (*this)(Progress{s.actions});
  for (const auto& [a, b] : cut)
    if (live() && world_.enabled(check::Heal{a, b})) take(check::Heal{a, b});
}

void Interpreter::operator()(const DropDuringSync& s) {
  const auto a = resolve(s.a);
  auto b = resolve(s.b);
  if (!a || !b) return skip();
  if (*a == *b) {  // the next server in id order
    const auto& ids = world_.ids();
    const auto it = std::find(ids.begin(), ids.end(), *a);
    b = (it + 1 == ids.end()) ? ids.front() : *(it + 1);
  }
  const std::initializer_list<std::string_view> sync = {" DIFF", " SNAP", " TRUNC", " NEWLEADER",
                                                        " UPTODATE"};
  if (!wait_for([&] { return delivery_pending(*a, *b, sync) || delivery_pending(*b, *a, sync); }))
    return skip();
  const auto link = std::minmax(*a, *b);
  take_fault(check::Drop{link.first, link.second});
}

}  // namespace

std::string describe(const Step& step) {
  return std::visit(Namer{}, step);
}

std::string describe(const Scenario& scenario) {
  std::string text = fmt::format("seed {}:", scenario.seed);
  for (size_t i = 0; i < scenario.steps.size(); ++i)
    text += (i == 0 ? " " : "; ") + describe(scenario.steps[i]);
  if (scenario.steps.empty()) text += " (no steps)";
  return text;
}

std::ostream& operator<<(std::ostream& os, const Scenario& scenario) {
  return os << describe(scenario);
}

ScenarioRun run_scenario(const check::WorldModel& model, const World& start,
                         const Scenario& scenario, const RunLimits& limits) {
  ScenarioRun out;
  Interpreter run(model, start, scenario, limits, out);
  for (const auto& step : scenario.steps) {
    if (!run.live()) break;
    std::visit(run, step);
  }
  run.tail();
  return out;
}

}  // namespace zab::fuzz
