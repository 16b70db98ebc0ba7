// The spec's properties, on the abstract state. Ids are those of the implementation's catalogue
// (properties/registry.cpp) where the idea is the same.
#include <fmt/format.h>

#include <algorithm>
#include <bit>

#include "spec/spec.h"

namespace zab::spec {
namespace {

bool contains(const std::vector<Zxid>& h, Zxid z) {
  return std::find(h.begin(), h.end(), z) != h.end();
}

// At most one server establishes leadership (a quorum ACK-LD) per epoch.
std::optional<search::Violation> single_leader_per_epoch(const State& s) {
  const auto& e = s.ghost.established;
  for (size_t epoch = 0; epoch < e.size(); ++epoch)
    if (std::popcount(e[epoch]) > 1) {
      std::string who;
      for (int i = 0; i < kServersMax; ++i)
        if (e[epoch] & (1u << i)) who += (who.empty() ? "" : " and ") + sid(i);
      return search::Violation{"single-leader-per-epoch",
                               fmt::format("{} both established epoch {}", who, epoch)};
    }
  return std::nullopt;
}

// Every transaction committed anywhere, in an epoch before an established leader's, is in that
// leader's history (paper: a committed transaction is in the initial history of every later
// epoch).
std::optional<search::Violation> committed_never_lost(const State& s) {
  for (size_t i = 0; i < s.servers.size(); ++i) {
    const Server& l = s.servers[i];
    if (!l.up || l.role != Role::kLeading || l.lphase != LeaderPhase::kBroadcast) continue;
    for (const Zxid z : s.ghost.ever_committed)
      if (z.epoch().value < l.current_epoch && !contains(l.history, z))
        return search::Violation{
            "committed-never-lost",
            fmt::format("leader {} of epoch {} lacks committed {}", sid(static_cast<int>(i)),
                        l.current_epoch, to_string(z))};
  }
  return std::nullopt;
}

// The delivered (committed) sequences of any two servers are prefixes of one another: each is
// a prefix of the longest one delivered so far.
std::optional<search::Violation> prefix_agreement(const State& s) {
  const auto& d = s.ghost.delivered;
  for (size_t i = 0; i < s.servers.size(); ++i) {
    const Server& sv = s.servers[i];
    if (!sv.up) continue;
    const size_t n = std::min<size_t>(sv.committed, d.size());
    const auto diff = std::mismatch(d.begin(), d.begin() + n, sv.history.begin());
    if (diff.first != d.begin() + n)
      return search::Violation{
          "prefix-agreement",
          fmt::format("{} delivered {} where another server delivered {}", sid(static_cast<int>(i)),
                      to_string(*diff.second), to_string(*diff.first))};
    if (sv.committed > d.size())  // neither extends the other
      return search::Violation{
          "prefix-agreement",
          fmt::format("{} delivered {} entries that do not extend the longest delivered sequence",
                      sid(static_cast<int>(i)), sv.committed)};
  }
  return std::nullopt;
}

// A server's history holds zxids in increasing order.
std::optional<search::Violation> zxid_monotonic(const State& s) {
  for (size_t i = 0; i < s.servers.size(); ++i) {
    const auto& h = s.servers[i].history;
    for (size_t k = 1; k < h.size(); ++k)
      if (!(h[k - 1] < h[k]))
        return search::Violation{"zxid-monotonic",
                                 fmt::format("{} logged {} after {}", sid(static_cast<int>(i)),
                                             to_string(h[k]), to_string(h[k - 1]))};
  }
  return std::nullopt;
}

}  // namespace

const std::vector<std::string_view>& SpecModel::property_ids() {
  static const std::vector<std::string_view> ids = {"single-leader-per-epoch",
                                                    "committed-never-lost", "prefix-agreement",
                                                    "zxid-monotonic", "primary-integrity"};
  return ids;
}

bool SpecModel::checks(std::string_view id) const {
  return cfg_.properties.empty() ||
         std::find(cfg_.properties.begin(), cfg_.properties.end(), id) != cfg_.properties.end();
}

std::optional<search::Violation> SpecModel::check_invariants(const State& s) const {
  using Check = std::optional<search::Violation> (*)(const State&);
  constexpr std::pair<std::string_view, Check> kInvariants[] = {
      {"single-leader-per-epoch", single_leader_per_epoch},
      {"committed-never-lost", committed_never_lost},
      {"prefix-agreement", prefix_agreement},
      {"zxid-monotonic", zxid_monotonic}};
  for (const auto& [id, check] : kInvariants)
    if (checks(id))
      if (auto v = check(s)) return v;
  return std::nullopt;
}

// primary-integrity (the paper's): a leader, when established, has delivered every transaction
// committed in an earlier epoch.
std::optional<search::Violation> SpecModel::check_transition(const State& before, const Action& a,
                                                             const State& after) const {
  if (a.kind != Kind::kCommitLd || !checks("primary-integrity")) return std::nullopt;
  const Server& l = after.servers[a.a];
  const std::vector<Zxid> delivered(l.history.begin(), l.history.begin() + l.committed);
  for (const Zxid z : before.ghost.ever_committed)
    if (z.epoch().value < l.current_epoch && !contains(delivered, z))
      return search::Violation{
          "primary-integrity",
          fmt::format("{} established epoch {} without delivering committed {}", sid(a.a),
                      l.current_epoch, to_string(z))};
  return std::nullopt;
}

namespace {
constexpr std::string_view kGoals[] = {"leader-established", "write-committed", "re-election"};
}

size_t SpecModel::goal_count() const {
  return std::size(kGoals);
}
std::string_view SpecModel::goal_id(size_t i) const {
  return kGoals[i];
}

bool SpecModel::goal_reached(size_t i, const State& s) const {
  const auto& e = s.ghost.established;
  const auto epochs = std::count_if(e.begin(), e.end(), [](uint8_t m) { return m != 0; });
  switch (i) {
    case 0:
      return epochs >= 1;
    case 1:  // a client transaction (counter > 0) committed somewhere
      return !s.ghost.ever_committed.empty();
    case 2:
      return epochs >= 2;
  }
  return false;
}

}  // namespace zab::spec
