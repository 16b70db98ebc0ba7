// The simulated world and a selection of the property catalogue, as one model for the explorers
// (checker/search/model.h). Everything here is a thin, inline forwarding: the explorers run at
// the world's speed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checker/search/hash_cons.h"
#include "checker/search/model.h"
#include "checker/world/world.h"
#include "properties/property.h"

namespace zab::check {

class WorldModel {
 public:
  using State = World;
  using Action = check::Action;
  using Sharing = search::HashCons<ServerSlot>;

  // `properties` must outlive the model.
  explicit WorldModel(const props::PropertySet& properties);

  void actions(const World& s, std::vector<Action>& out) const { s.actions(out); }
  void perform(World& s, const Action& a) const { s.perform(a); }
  uint64_t fingerprint(const World& s) const { return s.fingerprint(); }
  bool within_bounds(const World& s) const { return s.within_bounds(); }
  std::string name(const World& s, const Action& a) const { return s.name(a); }
  std::optional<Action> parse(const World& s, std::string_view line) const { return s.parse(line); }
  std::optional<search::FaultClass> fault_class(const Action& a) const {
    return check::fault_class(a);
  }

  std::optional<search::Violation> check_invariants(const World& s) const {
    return properties_->check_invariants(s);
  }
  std::optional<search::Violation> check_transition(const World& before, const Action& a,
                                                    const World& after) const {
    return properties_->check_transition(before, a, after);
  }
  size_t goal_count() const { return props::all_sometimes().size(); }
  std::string_view goal_id(size_t i) const { return props::all_sometimes()[i].id; }
  bool goal_reached(size_t i, const World& s) const { return props::all_sometimes()[i].reached(s); }

  // Every liveness property of the catalogue is recorded in a graph; the selected are checked.
  size_t eventually_count() const { return liveness_.size(); }
  std::string_view eventually_id(size_t i) const { return liveness_[i]->id; }
  bool eventually_checked(size_t i) const { return checked_[i]; }
  search::LivenessBits liveness_bits(const World& s) const;
  std::string eventually_detail(size_t i, uint64_t stuck, uint64_t eligible) const;

  // Sleep sets over FLE notification deliveries. A delivery after which its receiver is in the
  // same ServerState (still LOOKING, or a LEADING/FOLLOWING peer answering) changes only that
  // receiver and appends to its outgoing election channels, so two such deliveries to different
  // servers commute and neither disables the other. A delivery that makes its receiver decide is
  // not independent (the new role opens quorum connections, which clears the other end's stale
  // channel), so it never sleeps and nothing sleeps across it. Whether a delivery decides depends
  // only on its receiver and the head it reads, which independent deliveries leave alone, so a
  // sleeping delivery stays independent. One bit per (sender, receiver) election channel.
  uint64_t por_bit(const Action& a) const {
    const auto* d = std::get_if<Deliver>(&a);
    if (!d || d->channel != Channel::kElection) return 0;
    return uint64_t{1} << ((d->from.value - 1) * 8 + (d->to.value - 1));
  }
  // Every delivery to the same receiver.
  uint64_t por_conflicts(const Action& a) const {
    const NodeId receiver = std::get<Deliver>(a).to;
    uint64_t mask = 0;
    for (int from = 0; from < 8; ++from)
      mask |= uint64_t{1} << (from * 8 + (receiver.value - 1));
    return mask;
  }
  bool por_independent(const World& before, const Action& a, const World& after) const {
    const NodeId receiver = std::get<Deliver>(a).to;
    return before.server(receiver).peer.state == after.server(receiver).peer.state;
  }
  bool por_supported(const World& start) const { return start.ids().back().value <= 8; }

  void share(World& s, Sharing& table) const { s.share_servers(table); }

 private:
  const props::PropertySet* properties_;
  std::vector<const props::Property*> liveness_;  // the catalogue's, in its order
  std::vector<bool> checked_;
};

static_assert(search::Model<WorldModel>);

}  // namespace zab::check
