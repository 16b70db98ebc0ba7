// What a reader wants to see of one server at one step of a trace: role, Zab phase, epochs,
// zxids and the tails of its log and applied history, as named text fields in a fixed order so
// that `--step`, the Markdown and HTML step tables and the DOT labels all show and diff the same
// things.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "checker/world/world.h"

namespace zab::cx {

struct SummaryField {
  std::string_view name;  // "role", "phase", "acceptedEpoch", ...
  std::string value;
  bool operator==(const SummaryField&) const = default;
};

struct ServerSummary {
  NodeId id;
  // role, phase, vote, acceptedEpoch, currentEpoch, lastProcessed, committed, log, unsynced,
  // applied
  // (always all of them, in that order; "-" where a value does not apply, e.g. while down).
  std::vector<SummaryField> fields;
  bool operator==(const ServerSummary&) const = default;

  const std::string& value(std::string_view name) const;
};

// One server now. `committed` is the leader's last committed zxid, and a learner's (or a looking
// server's) last processed zxid: what it has applied.
ServerSummary summarize(const check::World& world, NodeId id);
std::vector<ServerSummary> summarize_all(const check::World& world);

// The names of the fields whose values differ.
std::vector<std::string_view> changed_fields(const ServerSummary& before,
                                             const ServerSummary& after);
// "phase DISCOVERY -> SYNCHRONIZATION, currentEpoch 0 -> 1", or empty when nothing changed.
std::string describe_changes(const ServerSummary& before, const ServerSummary& after);
// "LEADING BROADCAST epochs 1/1 last <1,1> committed <1,1>": one line for DOT labels.
std::string short_summary(const ServerSummary& summary);

}  // namespace zab::cx
