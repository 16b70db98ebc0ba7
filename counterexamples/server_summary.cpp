#include "counterexamples/server_summary.h"

#include <fmt/format.h>

namespace zab::cx {

namespace {

// Logs grow long in deep traces; the last few entries are what a crash or TRUNC touches.
constexpr size_t kTailEntries = 4;

std::string tail(const TxnLog& log) {
  const auto entries = log.entries();
  std::string out = "[";
  const size_t skip = entries.size() > kTailEntries ? entries.size() - kTailEntries : 0;
  if (skip) out += fmt::format("…{} ", skip);
  for (size_t i = skip; i < entries.size(); ++i)
    out += (i == skip ? "" : " ") + to_string(entries[i]->zxid());
  return out + "]";
}

// The learner's own phase says where inside discovery or synchronization it is waiting.
std::string phase_of(const PeerState& p) {
  std::string phase(to_string(p.phase));
  if (p.learning && p.learning->phase != LearnerPhase::kBroadcast)
    phase += fmt::format(" ({})", to_string(p.learning->phase));
  return phase;
}

// FLE's proposal while LOOKING (with its round), else the vote it reports (currentVote).
std::string vote_of(const PeerState& p) {
  if (p.state == ServerState::kLooking)
    return fmt::format("{} round {}", to_string(p.election.proposal), p.election.logical_clock);
  return to_string(p.current_vote);
}

std::string committed_of(const PeerState& p) {
  return to_string(p.leading ? p.leading->last_committed : p.last_processed);
}

}  // namespace

const std::string& ServerSummary::value(std::string_view name) const {
  static const std::string kNone = "-";
  for (const auto& f : fields)
    if (f.name == name) return f.value;
  return kNone;
}

ServerSummary summarize(const check::World& world, NodeId id) {
  const auto& slot = world.server(id);
  ServerSummary s{id, {}};
  auto add = [&](std::string_view name, std::string value) {
    s.fields.push_back(SummaryField{name, std::move(value)});
  };
  if (!slot.up) {
    add("role", "down");
    add("phase", "-");
    add("vote", "-");
    add("acceptedEpoch", std::to_string(slot.disk.accepted_epoch.value));
    add("currentEpoch", std::to_string(slot.disk.current_epoch.value));
    add("lastProcessed", "-");
    add("committed", "-");
    add("log", tail(slot.disk.log));
    add("unsynced", "0");
    add("applied", "-");
    return s;
  }
  const auto& p = slot.peer;
  add("role", std::string(to_string(p.state)));
  add("phase", phase_of(p));
  add("vote", vote_of(p));
  add("acceptedEpoch", std::to_string(p.durable.accepted_epoch.value));
  add("currentEpoch", std::to_string(p.durable.current_epoch.value));
  add("lastProcessed", to_string(p.last_processed));
  add("committed", committed_of(p));
  add("log", tail(p.durable.log));
  add("unsynced",
      std::to_string(slot.unsynced.size()) + (slot.blocked() ? " (fsync pending)" : ""));
  add("applied", tail(p.applied));
  return s;
}

std::vector<ServerSummary> summarize_all(const check::World& world) {
  std::vector<ServerSummary> out;
  for (const NodeId id : world.ids())
    out.push_back(summarize(world, id));
  return out;
}

std::vector<std::string_view> changed_fields(const ServerSummary& before,
                                             const ServerSummary& after) {
  std::vector<std::string_view> out;
  for (const auto& f : after.fields)
    if (before.value(f.name) != f.value) out.push_back(f.name);
  return out;
}

std::string describe_changes(const ServerSummary& before, const ServerSummary& after) {
  std::string out;
  for (const auto name : changed_fields(before, after))
    out += fmt::format("{}{} {} -> {}", out.empty() ? "" : ", ", name, before.value(name),
                       after.value(name));
  return out;
}

std::string short_summary(const ServerSummary& s) {
  if (s.value("role") == "down")
    return fmt::format("{} down epochs {}/{} log {}", to_string(s.id), s.value("acceptedEpoch"),
                       s.value("currentEpoch"), s.value("log"));
  return fmt::format("{} {} {} epochs {}/{} last {} committed {}", to_string(s.id), s.value("role"),
                     s.value("phase"), s.value("acceptedEpoch"), s.value("currentEpoch"),
                     s.value("lastProcessed"), s.value("committed"));
}

}  // namespace zab::cx
