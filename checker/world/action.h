// One event the world can take: a small value (a few bytes), so that a frontier can hold many.
// Each kind is its own struct; an Action is one of them. Every kind has, as overloads, a
// canonical name (World::name, which is also the line a trace stores), a way to be performed
// (World::perform), a fault class (fault_class below) and a parser (parse_action, in
// action_parse.cpp), all dispatched with std::visit and no default: a new kind does not compile
// until it is named, performed, classified and parseable. Traces store names and replay matches
// them exactly, so traces survive refactors that reorder the world's actions.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>

#include "checker/search/model.h"
#include "impl/core/ids.h"
#include "impl/quorum/inputs.h"
#include "impl/quorum/messages.h"

namespace zab::check {

// Deliver the head of channel from -> to of `channel` ("deliver n2->n1 quorum ACKEPOCH ...").
struct Deliver {
  NodeId to;
  NodeId from;
  Channel channel = Channel::kElection;
  bool operator==(const Deliver&) const = default;
};
// The pending fsync of `node` completes ("fsync n1").
struct Fsync {
  NodeId node;
  bool operator==(const Fsync&) const = default;
};
// `node`'s log writer (SyncRequestProcessor) appends and syncs what is queued ("log-writer n1").
struct DrainLog {
  NodeId node;
  bool operator==(const DrainLog&) const = default;
};
// `node`'s apply stage applies the oldest committed txn ("apply n1").
struct Apply {
  NodeId node;
  bool operator==(const Apply&) const = default;
};
// Timer `timer` of `node` fires; `costs_timeout`: counted as a delay fault (something else could
// happen, or it is a heartbeat) ("fire n1 election-resend[ delay-fault]").
struct Fire {
  NodeId node;
  TimerKind timer = TimerKind::kElectionResend;
  bool costs_timeout = false;
  bool operator==(const Fire&) const = default;
};
// A raw client write submitted to `node` (worlds without scripted clients) ("client write n3").
struct ClientWrite {
  NodeId node;
  bool operator==(const ClientWrite&) const = default;
};
// `node` crashes, keeping the first `keep` of its unsynced writes ("crash n1 keep-unsynced=0").
struct Crash {
  NodeId node;
  uint8_t keep = 0;
  bool operator==(const Crash&) const = default;
};
// `node` restarts from its data directory ("restart n1").
struct Restart {
  NodeId node;
  bool operator==(const Restart&) const = default;
};
// Cut the link between `a` and `b`, a < b ("partition n1 n2").
struct Partition {
  NodeId a;
  NodeId b;
  bool operator==(const Partition&) const = default;
};
// Restore the link between `a` and `b` ("heal n1 n2").
struct Heal {
  NodeId a;
  NodeId b;
  bool operator==(const Heal&) const = default;
};
// Break the quorum connection between `a` and `b` ("drop-connection n1 n2").
struct Drop {
  NodeId a;
  NodeId b;
  bool operator==(const Drop&) const = default;
};
// Run every pending FLE exchange to its end in one canonical order ("settle-election").
struct SettleElection {
  bool operator==(const SettleElection&) const = default;
};
// Client `client` sends its next scripted request, or vanishes ("client c1 sends ...").
struct ClientSend {
  uint8_t client = 0;
  bool operator==(const ClientSend&) const = default;
};
// Client `client` reads the head of what its server sent it ("deliver n1->c1 client ...").
struct ClientRecv {
  uint8_t client = 0;
  bool operator==(const ClientRecv&) const = default;
};
// Server `node` reads the head of what client `client` sent it ("deliver c1->n1 client ...").
struct ServerRead {
  NodeId node;
  uint8_t client = 0;
  bool operator==(const ServerRead&) const = default;
};
// `node`'s PrepRequestProcessor takes its oldest queued request ("prep n3").
struct Prep {
  NodeId node;
  bool operator==(const Prep&) const = default;
};
// Logical time advances by half a tickTime (the leader's ping period) on every server
// ("tick to 1000 ms").
struct Tick {
  bool operator==(const Tick&) const = default;
};

using Action =
    std::variant<Deliver, Fsync, DrainLog, Apply, Fire, ClientWrite, Crash, Restart, Partition,
                 Heal, Drop, SettleElection, ClientSend, ClientRecv, ServerRead, Prep, Tick>;

// ---- Fault classes: which budget an action spends (none for the system's own progress, for
// timers that fire when nothing else can, and for client choices). A heal undoes a partition.
constexpr std::optional<search::FaultClass> fault_class(const Deliver&) {
  return std::nullopt;
}
constexpr std::optional<search::FaultClass> fault_class(const Fsync&) {
  return std::nullopt;
}
constexpr std::optional<search::FaultClass> fault_class(const DrainLog&) {
  return std::nullopt;
}
constexpr std::optional<search::FaultClass> fault_class(const Apply&) {
  return std::nullopt;
}
constexpr std::optional<search::FaultClass> fault_class(const Fire& a) {
  if (a.costs_timeout) return search::FaultClass::kDelay;
  return std::nullopt;
}
constexpr std::optional<search::FaultClass> fault_class(const ClientWrite&) {
  return std::nullopt;
}
constexpr std::optional<search::FaultClass> fault_class(const Crash&) {
  return search::FaultClass::kCrash;
}
constexpr std::optional<search::FaultClass> fault_class(const Restart&) {
  return search::FaultClass::kRestart;
}
constexpr std::optional<search::FaultClass> fault_class(const Partition&) {
  return search::FaultClass::kPartition;
}
constexpr std::optional<search::FaultClass> fault_class(const Heal&) {
  return search::FaultClass::kPartition;
}
constexpr std::optional<search::FaultClass> fault_class(const Drop&) {
  return search::FaultClass::kDrop;
}
constexpr std::optional<search::FaultClass> fault_class(const SettleElection&) {
  return std::nullopt;
}
constexpr std::optional<search::FaultClass> fault_class(const ClientSend&) {
  return std::nullopt;
}
constexpr std::optional<search::FaultClass> fault_class(const ClientRecv&) {
  return std::nullopt;
}
constexpr std::optional<search::FaultClass> fault_class(const ServerRead&) {
  return std::nullopt;
}
constexpr std::optional<search::FaultClass> fault_class(const Prep&) {
  return std::nullopt;
}
constexpr std::optional<search::FaultClass> fault_class(const Tick&) {
  return std::nullopt;
}

inline std::optional<search::FaultClass> fault_class(const Action& a) {
  return std::visit([](const auto& kind) { return fault_class(kind); }, a);
}
// Fault actions spend a budget and are what a liveness check waits out.
inline bool is_fault(const Action& a) {
  return fault_class(a).has_value();
}

// The system's own progress: deliveries, fsyncs and stage drains, which happen without time
// passing, a fault or a client's choice (what the harness's stabilize takes first).
bool is_progress(const Action& a);

// The action a trace line names, read from its words alone ("deliver n2->n1 quorum ..." is a
// Deliver to n1 from n2 on the quorum channel); nullopt when the line names no action. The world
// then checks that the action is enabled and that its name is exactly the line (World::parse).
std::optional<Action> parse_action(std::string_view line);

}  // namespace zab::check
