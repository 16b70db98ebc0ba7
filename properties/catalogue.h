// The checks behind the catalogue's entries (registry.cpp lists them with their sentences).
// One group per file: election.cpp, broadcast.cpp, durability.cpp, epochs.cpp, sessions.cpp,
// liveness.cpp.
#pragma once

#include "properties/property.h"

namespace zab::props {

using check::Action;
using check::World;

Finding single_leader_per_epoch(const World&, const Action*, const World& after);
Finding no_vote_cycle(const World&, const Action*, const World& after);

Finding prefix_agreement(const World&, const Action*, const World& after);
Finding total_order(const World&, const Action*, const World& after);
Finding replica_consistency(const World&, const Action*, const World& after);
Finding zxid_monotonic(const World& before, const Action*, const World& after);

Finding committed_never_lost(const World& before, const Action*, const World& after);
Finding primary_integrity(const World& before, const Action*, const World& after);
Finding first_ack_after_newleader(const World&, const Action*, const World& after);

Finding epoch_monotonic(const World& before, const Action*, const World& after);
// checker/conformance: the step maps to a stutter or at most 4 spec actions.
Finding spec_conformance(const World& before, const Action*, const World& after);

Finding ephemeral_cleanup(const World&, const Action*, const World& after);
Finding session_bucket_expiry(const World&, const Action*, const World& after);
Finding watch_once_in_order(const World&, const Action*, const World& after);
Finding sync_linearizable(const World&, const Action*, const World& after);
Finding txn_digest_agrees(const World&, const Action*, const World& after);

// leader-eventually's goal (some server that is up is an established leader) and the states it
// constrains (no fault can happen any more, and a quorum of participants is up and pairwise
// connected).
bool leader_established_now(const World& w);
bool quorum_connected_and_no_fault_left(const World& w);

}  // namespace zab::props
