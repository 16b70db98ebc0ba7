// The property catalogue: named, documented checks over the world, evaluated by the explorers
// at every step. Invariants look at one state; transition properties at (before, action, after);
// liveness properties ("eventually") name a goal and the states that must be able to reach one,
// checked on the reachable state graph (checker/search/liveness.h). Every property has
// "sometimes" twins: states that must be reachable for a green run to mean anything (a run that
// never reaches them is reported as vacuous, not ok).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "checker/search/model.h"
#include "checker/world/world.h"

namespace zab::props {

enum class PropertyKind { kInvariant, kTransition, kLiveness };
std::string_view to_string(PropertyKind kind);

// What a check found wrong, in one sentence naming servers and zxids.
using Finding = std::optional<std::string>;

// A liveness property: from every eligible state, some goal state is reachable. The words
// complete "N of M states <eligible_words> can never reach <goal_words>".
struct Eventually {
  std::function<bool(const check::World&)> goal;
  std::function<bool(const check::World&)> eligible;
  std::string_view goal_words;
  std::string_view eligible_words;
};

struct Property {
  std::string_view id;        // command-line name, e.g. "committed-never-lost"
  std::string_view sentence;  // what must hold
  std::string_view known_as;  // names in the Zab paper / ZooKeeper's TLA+ specs, if any
  PropertyKind kind = PropertyKind::kInvariant;
  // Safety: invariants ignore `before` and `action` (both null for the initial state).
  std::function<Finding(const check::World* before, const check::Action* action,
                        const check::World& after)>
      check;
  // Sometimes-goals that make this property's check meaningful: a run that reaches none of them
  // checked the property vacuously.
  std::vector<std::string_view> witnesses;
  // Only meaningful with scripted clients (sessions, ephemerals, watches).
  bool needs_clients = false;
  // Liveness: the goal and the states that must reach one.
  Eventually eventually;
  // Checked only when named (--property): not part of the default safety set, because it costs
  // more than the others and says nothing they do not about the fixed code (spec-conformance).
  bool opt_in = false;
};

// A state that some run must reach ("sometimes"): the twin of a safety property.
struct Sometimes {
  std::string_view id;
  std::string_view sentence;
  std::function<bool(const check::World&)> reached;
};

const std::vector<Property>& all_properties();
const std::vector<Sometimes>& all_sometimes();
const Property* find_property(std::string_view id);
const Sometimes* find_sometimes(std::string_view id);

using search::Violation;

// The properties to check in a run, and their witnesses.
class PropertySet {
 public:
  // Every safety property (the default of `zabcheck check`); the client properties only when the
  // world has scripted clients.
  static PropertySet all_safety(bool with_clients = false);
  // The named ones; throws std::invalid_argument naming an unknown id.
  static PropertySet named(const std::vector<std::string>& ids);

  // The first violated property at this step, in catalogue order.
  std::optional<Violation> check(const check::World* before, const check::Action* action,
                                 const check::World& after) const;
  // Every violated property at this step, in catalogue order.
  std::vector<Violation> check_all(const check::World* before, const check::Action* action,
                                   const check::World& after) const;
  // Only the invariants (for a newly reached state) / only the transition properties (for every
  // transition, also into states reached before).
  std::optional<Violation> check_invariants(const check::World& state) const;
  std::optional<Violation> check_transition(const check::World& before, const check::Action& action,
                                            const check::World& after) const;
  const std::vector<const Property*>& properties() const { return properties_; }
  // The selected properties none of whose witnesses is in `reached`.
  std::vector<std::string> vacuous(const std::vector<std::string>& reached) const;
  bool has_liveness() const;

 private:
  std::vector<const Property*> properties_;
};

}  // namespace zab::props
