#include "tests/scenario/interaction.h"

#include <fmt/format.h>

#include <charconv>
#include <stdexcept>

#include "checker/world/seeded_bugs.h"
#include "impl/core/overloaded.h"

namespace zab::testing {

namespace {

std::vector<std::string_view> split(std::string_view line) {
  std::vector<std::string_view> words;
  size_t at = 0;
  while (at < line.size()) {
    const size_t start = line.find_first_not_of(' ', at);
    if (start == std::string_view::npos) break;
    const size_t end = std::min(line.find(' ', start), line.size());
    words.push_back(line.substr(start, end - start));
    at = end;
  }
  return words;
}

[[noreturn]] void fail(const std::string& why) {
  throw std::runtime_error(why);
}

int number(std::string_view digits) {
  int value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size())
    fail(fmt::format("'{}' is not a number", digits));
  return value;
}

NodeId node(std::string_view word) {
  if (word.size() < 2 || word[0] != 'n') fail(fmt::format("'{}' is not a server (nX)", word));
  return NodeId{static_cast<uint8_t>(number(word.substr(1)))};
}

TimerKind timer(std::string_view word) {
  for (int t = 0; t < kTimerKindCount; ++t)
    if (to_string(static_cast<TimerKind>(t)) == word) return static_cast<TimerKind>(t);
  fail(fmt::format("unknown timer '{}'", word));
}

// The writes an acknowledgement depends on: everything but the updatingEpoch marker's delete,
// which ZooKeeper does not sync (a lost delete is harmless).
bool must_precede_acks(const DiskWrite& w) {
  const auto* marker = std::get_if<WriteUpdatingEpoch>(&w);
  return !marker || marker->present;
}

bool is_ack(const Effect& e) {
  if (std::holds_alternative<SelfAck>(e)) return true;
  const auto* send = std::get_if<Send>(&e);
  return send &&
         (std::holds_alternative<Ack>(send->msg) || std::holds_alternative<AckEpoch>(send->msg));
}

}  // namespace

PeerState& Interaction::peer(NodeId id) {
  auto it = peers_.find(id);
  if (it == peers_.end()) fail(fmt::format("{} is not up", to_string(id)));
  return it->second;
}

std::string Interaction::run(std::string_view command) {
  out_.clear();
  const auto words = split(command);
  if (words.empty()) fail("an empty command");
  const std::string_view verb = words[0];
  auto arg = [&](size_t i) {
    if (i >= words.size()) fail(fmt::format("'{}' needs more arguments", command));
    return words[i];
  };
  if (verb == "config") {
    configure(words);
  } else if (verb == "boot") {
    for (size_t i = 1; i < words.size(); ++i)
      boot(node(words[i]), initial_durable_state(make_counter_image()));
  } else if (verb == "deliver") {
    const std::string_view ends = arg(1);
    const size_t at = ends.find("->");
    if (at == std::string_view::npos) fail("deliver needs nA->nB");
    const std::string_view kind = arg(2);
    if (kind != "election" && kind != "quorum") fail("the channel is election or quorum");
    deliver(node(ends.substr(0, at)), node(ends.substr(at + 2)),
            kind == "election" ? Channel::kElection : Channel::kQuorum);
  } else if (verb == "fire") {
    const NodeId id = node(arg(1));
    const TimerKind t = timer(arg(2));
    if (!timers_[id].erase(t)) fail(fmt::format("{} has no {} timer armed", arg(1), arg(2)));
    step(id, TimerFired{t}, fmt::format("{} fires {}", arg(1), arg(2)));
  } else if (verb == "log-writer") {
    step(node(arg(1)), DrainLogWriter{}, fmt::format("{} log writer drains", arg(1)));
  } else if (verb == "apply") {
    step(node(arg(1)), DrainApply{}, fmt::format("{} applies", arg(1)));
  } else if (verb == "self-ack") {
    const NodeId id = node(arg(1));
    auto& queue = self_acks_[id];
    if (queue.empty()) fail(fmt::format("{} has no SelfAck pending", arg(1)));
    const Zxid zxid = queue.front();
    queue.pop_front();
    step(id, LocalAck{zxid}, fmt::format("{} LocalAck {}", arg(1), to_string(zxid)));
  } else if (verb == "propose") {
    step(node(arg(1)), ClientPropose{++requests_, std::string(arg(2))},
         fmt::format("{} client write {}", arg(1), arg(2)));
  } else if (verb == "crash") {
    crash(node(arg(1)));
  } else if (verb == "restart") {
    const NodeId id = node(arg(1));
    const auto it = down_.find(id);
    if (it == down_.end()) fail(fmt::format("{} is not down", arg(1)));
    const DurableState disk = it->second;
    down_.erase(it);
    boot(id, disk);
  } else if (verb == "settle") {
    if (words.size() > 2 || (words.size() == 2 && words[1] != "election"))
      fail("settle takes nothing or 'election'");
    const bool election_only = words.size() == 2;
    silent_ = true;
    int steps = 0;
    while (steps < 5000 && settle_once(election_only))
      ++steps;
    silent_ = false;
    out_ += fmt::format("settled after {} steps\n", steps);
    for (const auto& [id, p] : peers_)
      out_ += state_of(id);
  } else if (verb == "state") {
    if (words.size() == 1)
      for (const auto& [id, p] : peers_)
        out_ += state_of(id);
    for (size_t i = 1; i < words.size(); ++i)
      out_ += state_of(node(words[i]));
  } else {
    fail(fmt::format("unknown command '{}'", verb));
  }
  return out_;
}

void Interaction::configure(const std::vector<std::string_view>& words) {
  int servers = 3, observers = 0;
  BugSet bugs;
  for (size_t i = 1; i < words.size(); ++i) {
    const std::string_view w = words[i];
    const size_t eq = w.find('=');
    if (eq == std::string_view::npos) fail(fmt::format("config takes key=value, not '{}'", w));
    const std::string_view key = w.substr(0, eq), value = w.substr(eq + 1);
    if (key == "servers") {
      servers = number(value);
    } else if (key == "observers") {
      observers = number(value);
    } else if (key == "bug") {
      const auto* seeded = check::find_seeded_bug(value);
      if (!seeded) fail(fmt::format("unknown bug '{}'", value));
      bugs.add(seeded->bug);
    } else {
      fail(fmt::format("unknown config key '{}'", key));
    }
  }
  cfg_ = make_config(servers, observers);
  cfg_.bugs = bugs;
}

void Interaction::boot(NodeId id, const DurableState& disk) {
  Outbox out;
  peers_[id] = Peer::recover(cfg_, id, disk, out);
  out_ += fmt::format("{} recovers\n", to_string(id));
  for (const auto& e : out.effects()) {
    out_ += fmt::format("  {}\n", describe(e));
    interpret(id, e);
  }
}

void Interaction::deliver(NodeId from, NodeId to, Channel channel) {
  auto& queue = channels_[Key{from, to, channel}];
  if (queue.empty())
    fail(fmt::format("nothing in flight {}->{} {}", to_string(from), to_string(to),
                     to_string(channel)));
  const std::optional<Message> head = queue.front();
  queue.pop_front();
  const std::string what = fmt::format("{} <- {} {}", to_string(to), to_string(from),
                                       head ? describe(*head) : "connection-closed");
  if (head)
    step(to, Receive{from, *head}, what);
  else
    step(to, ConnectionLost{from}, what);
}

void Interaction::step(NodeId id, const Input& input, const std::string& what) {
  PeerState& p = peer(id);
  Before before{p.state, {}};
  if (p.leading)
    for (const auto& [sid, handler] : p.leading->learners)
      before.connected.push_back(sid);
  if (p.learning) before.connected.push_back(p.learning->leader);
  // A connection whose close is this very input is gone already: there is nothing to close.
  if (const auto* lost = std::get_if<ConnectionLost>(&input))
    std::erase(before.connected, lost->peer);
  Outbox out;
  Peer(cfg_, p, out).step(input);
  if (!silent_) out_ += what + "\n";
  for (const auto& e : out.effects()) {
    if (!silent_) out_ += fmt::format("  {}\n", describe(e));
    interpret(id, e);
  }
  check_contract(id, before, out.effects());
}

// The harness's interpretation (effects.h, points 4 to 6): FIFO channels, a connection close
// read in order and losing what was in flight, armed timers, SelfAck queued to loop back.
void Interaction::interpret(NodeId id, const Effect& e) {
  std::visit(Overloaded{
                 [&](const Send& s) {
                   const Channel kind = channel_of(s.msg);
                   if (kind == Channel::kQuorum && opens_connection(s.msg))
                     channels_[Key{s.to, id, kind}].clear();  // a new connection
                   channels_[Key{id, s.to, kind}].push_back(s.msg);
                 },
                 [&](const CloseConnection& c) {
                   channels_[Key{id, c.peer, Channel::kQuorum}].clear();
                   channels_[Key{c.peer, id, Channel::kQuorum}].clear();
                   channels_[Key{id, c.peer, Channel::kQuorum}].push_back(std::nullopt);
                 },
                 [&](const SetTimer& t) { timers_[id].insert(t.timer); },
                 [&](const CancelTimer& t) { timers_[id].erase(t.timer); },
                 [&](const Persist&) {},
                 [&](const Sync&) {},
                 [&](const SelfAck& a) { self_acks_[id].push_back(a.zxid); },
                 [&](const Delivered&) {},
                 [&](const ClientReply&) {},
             },
             e);
}

// What one outbox can show of the contract: an acknowledgement (ACK, ACKEPOCH, the leader's own
// SelfAck) never overtakes the writes before it (a Sync lies between); at NEWLEADER the synced
// log goes before currentEpoch (ZOOKEEPER-4643); a peer that leaves a role closes the quorum
// connections of that role.
void Interaction::check_contract(NodeId id, const Before& before, const Effects& effects) {
  auto breach = [&](const std::string& what) {
    out_ += fmt::format("!! contract: {}: {}\n", to_string(id), what);
  };
  bool unsynced = false;      // a write an acknowledgement depends on, not yet followed by Sync
  bool log_unsynced = false;  // a log or snapshot write not yet followed by Sync
  bool epoch_written = false;
  for (const auto& e : effects) {
    if (std::holds_alternative<Sync>(e)) unsynced = log_unsynced = false;
    if (const auto* p = std::get_if<Persist>(&e)) {
      if (must_precede_acks(p->write)) unsynced = true;
      const bool log = std::holds_alternative<AppendTxn>(p->write) ||
                       std::holds_alternative<TruncateLog>(p->write) ||
                       std::holds_alternative<WriteSnapshot>(p->write);
      if (log) log_unsynced = true;
      if (log && epoch_written) breach("a log write after currentEpoch in the same step");
      if (std::holds_alternative<WriteCurrentEpoch>(p->write)) {
        if (log_unsynced) breach("currentEpoch written before the log writes were synced");
        epoch_written = true;
      }
    }
    if (is_ack(e) && unsynced) breach(fmt::format("'{}' before a Sync", describe(e)));
  }
  const PeerState& after = peer(id);
  if (before.state == ServerState::kLooking || after.state == before.state) return;
  for (const NodeId other : before.connected) {
    bool closed = false;
    for (const auto& e : effects) {
      const auto* c = std::get_if<CloseConnection>(&e);
      closed = closed || (c && c->peer == other);
    }
    if (!closed)
      breach(fmt::format("left {} without closing {}", to_string(before.state), to_string(other)));
  }
}

// One silent step: the first deliverable channel head, else a SelfAck, a log writer, an apply
// stage, else a finalizeWait that is armed (only election traffic and finalizeWait with
// `election_only`). False when nothing is left.
bool Interaction::settle_once(bool election_only) {
  for (auto& [key, queue] : channels_) {
    const auto& [from, to, kind] = key;
    if (queue.empty() || !peers_.contains(to)) continue;
    if (election_only && kind != Channel::kElection) continue;
    if (kind == Channel::kQuorum && !Peer::reads_quorum_from(peers_.at(to), from)) continue;
    deliver(from, to, kind);
    return true;
  }
  for (auto& [id, p] : peers_) {
    if (election_only) break;
    if (auto& queue = self_acks_[id]; !queue.empty()) {
      const Zxid zxid = queue.front();
      queue.pop_front();
      step(id, LocalAck{zxid}, "");
      return true;
    }
    if (!p.log_writer_queue.empty()) {
      step(id, DrainLogWriter{}, "");
      return true;
    }
    if (!p.apply_queue.empty()) {
      step(id, DrainApply{}, "");
      return true;
    }
  }
  for (auto& [id, armed] : timers_)
    if (peers_.contains(id) && armed.erase(TimerKind::kElectionFinalize)) {
      step(id, TimerFired{TimerKind::kElectionFinalize}, "");
      return true;
    }
  return false;
}

// The harness keeps no disk: a crash keeps what the peer had written, synced or not.
void Interaction::crash(NodeId id) {
  down_[id] = peer(id).durable;
  peers_.erase(id);
  self_acks_.erase(id);
  timers_.erase(id);
  for (auto& [key, queue] : channels_) {
    const auto& [from, to, kind] = key;
    if (from == id || to == id) queue.clear();
  }
  // Its sockets are reset: every peer reads the close.
  for (const auto& [other, p] : peers_)
    channels_[Key{id, other, Channel::kQuorum}].push_back(std::nullopt);
  out_ += fmt::format("{} crashes\n", to_string(id));
}

std::string Interaction::state_of(NodeId id) const {
  const auto it = peers_.find(id);
  if (it == peers_.end()) return fmt::format("{} down\n", to_string(id));
  const PeerState& p = it->second;
  std::string armed;
  if (const auto t = timers_.find(id); t != timers_.end())
    for (const TimerKind k : t->second)
      armed += (armed.empty() ? "" : " ") + std::string(to_string(k));
  return fmt::format("{} {} {} accepted={} current={} log={} applied={} timers=[{}]\n",
                     to_string(id), to_string(p.state), to_string(p.phase),
                     p.durable.accepted_epoch.value, p.durable.current_epoch.value,
                     p.durable.log.describe(), p.applied.describe(), armed);
}

}  // namespace zab::testing
