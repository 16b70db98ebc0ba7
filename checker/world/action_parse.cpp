// Reading an action back from its name (action_names.cpp): the words say which kind and which
// servers, channel, timer or client; the rest of a name (the packet a delivery reads, the request
// a client sends) is checked by World::parse against the enabled action's full name.
#include <charconv>
#include <type_traits>
#include <utility>

#include "checker/world/action.h"

namespace zab::check {

namespace {

// The words of a line, read left to right.
class Words {
 public:
  explicit Words(std::string_view line) : rest_(line) {}
  std::string_view next() {
    const size_t start = rest_.find_first_not_of(' ');
    if (start == std::string_view::npos) return rest_ = {};
    rest_ = rest_.substr(start);
    const size_t end = std::min(rest_.find(' '), rest_.size());
    const std::string_view word = rest_.substr(0, end);
    rest_ = rest_.substr(end);
    return word;
  }
  bool done() const { return rest_.find_first_not_of(' ') == std::string_view::npos; }

 private:
  std::string_view rest_;
};

std::optional<uint8_t> number(std::string_view digits) {
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size() || value > 255) return std::nullopt;
  return static_cast<uint8_t>(value);
}

// "n3" / "c2".
std::optional<uint8_t> tagged(std::string_view word, char tag) {
  if (word.size() < 2 || word[0] != tag) return std::nullopt;
  return number(word.substr(1));
}
std::optional<NodeId> node(std::string_view word) {
  const auto v = tagged(word, 'n');
  if (!v) return std::nullopt;
  return NodeId{*v};
}

// "a->b", split.
std::optional<std::pair<std::string_view, std::string_view>> arrow(std::string_view word) {
  const size_t at = word.find("->");
  if (at == std::string_view::npos) return std::nullopt;
  return std::pair{word.substr(0, at), word.substr(at + 2)};
}

std::optional<TimerKind> timer(std::string_view word) {
  for (int t = 0; t < kTimerKindCount; ++t)
    if (to_string(static_cast<TimerKind>(t)) == word) return static_cast<TimerKind>(t);
  return std::nullopt;
}

template <class T>
using As = std::type_identity<T>;

// "verb nX" for the one-server local steps.
template <class T>
std::optional<T> one_server(std::string_view verb, std::string_view line) {
  Words w(line);
  if (w.next() != verb) return std::nullopt;
  const auto id = node(w.next());
  if (!id || !w.done()) return std::nullopt;
  return T{*id};
}

// "verb nX nY" for the link faults.
template <class T>
std::optional<T> two_servers(std::string_view verb, std::string_view line) {
  Words w(line);
  if (w.next() != verb) return std::nullopt;
  const auto a = node(w.next());
  const auto b = node(w.next());
  if (!a || !b || !w.done()) return std::nullopt;
  return T{*a, *b};
}

// "deliver X->Y <channel> ..." with its channel word.
std::optional<std::pair<std::pair<std::string_view, std::string_view>, std::string_view>> delivery(
    std::string_view line) {
  Words w(line);
  if (w.next() != "deliver") return std::nullopt;
  const auto ends = arrow(w.next());
  if (!ends) return std::nullopt;
  return std::pair{*ends, w.next()};
}

std::optional<Deliver> parse(As<Deliver>, std::string_view line) {
  const auto d = delivery(line);
  if (!d) return std::nullopt;
  const auto from = node(d->first.first), to = node(d->first.second);
  if (!from || !to) return std::nullopt;
  if (d->second == to_string(Channel::kElection)) return Deliver{*to, *from, Channel::kElection};
  if (d->second == to_string(Channel::kQuorum)) return Deliver{*to, *from, Channel::kQuorum};
  return std::nullopt;
}

std::optional<Fsync> parse(As<Fsync>, std::string_view line) {
  return one_server<Fsync>("fsync", line);
}
std::optional<DrainLog> parse(As<DrainLog>, std::string_view line) {
  return one_server<DrainLog>("log-writer", line);
}
std::optional<Apply> parse(As<Apply>, std::string_view line) {
  return one_server<Apply>("apply", line);
}
std::optional<Restart> parse(As<Restart>, std::string_view line) {
  return one_server<Restart>("restart", line);
}
std::optional<Prep> parse(As<Prep>, std::string_view line) {
  return one_server<Prep>("prep", line);
}

std::optional<Fire> parse(As<Fire>, std::string_view line) {
  Words w(line);
  if (w.next() != "fire") return std::nullopt;
  const auto id = node(w.next());
  const auto kind = timer(w.next());
  if (!id || !kind) return std::nullopt;
  if (w.done()) return Fire{*id, *kind, false};
  if (w.next() != "delay-fault" || !w.done()) return std::nullopt;
  return Fire{*id, *kind, true};
}

std::optional<ClientWrite> parse(As<ClientWrite>, std::string_view line) {
  Words w(line);
  if (w.next() != "client" || w.next() != "write") return std::nullopt;
  const auto id = node(w.next());
  if (!id || !w.done()) return std::nullopt;
  return ClientWrite{*id};
}

std::optional<Crash> parse(As<Crash>, std::string_view line) {
  Words w(line);
  if (w.next() != "crash") return std::nullopt;
  const auto id = node(w.next());
  const std::string_view keep = w.next();
  constexpr std::string_view kKeep = "keep-unsynced=";
  if (!id || !keep.starts_with(kKeep) || !w.done()) return std::nullopt;
  const auto kept = number(keep.substr(kKeep.size()));
  if (!kept) return std::nullopt;
  return Crash{*id, *kept};
}

std::optional<Partition> parse(As<Partition>, std::string_view line) {
  return two_servers<Partition>("partition", line);
}
std::optional<Heal> parse(As<Heal>, std::string_view line) {
  return two_servers<Heal>("heal", line);
}
std::optional<Drop> parse(As<Drop>, std::string_view line) {
  return two_servers<Drop>("drop-connection", line);
}

std::optional<SettleElection> parse(As<SettleElection>, std::string_view line) {
  if (line != "settle-election") return std::nullopt;
  return SettleElection{};
}

std::optional<ClientSend> parse(As<ClientSend>, std::string_view line) {
  Words w(line);
  if (w.next() != "client") return std::nullopt;
  const auto c = tagged(w.next(), 'c');
  if (!c || w.next() != "sends") return std::nullopt;
  return ClientSend{*c};
}

std::optional<ClientRecv> parse(As<ClientRecv>, std::string_view line) {
  const auto d = delivery(line);
  if (!d || d->second != "client" || !node(d->first.first)) return std::nullopt;
  const auto c = tagged(d->first.second, 'c');
  if (!c) return std::nullopt;
  return ClientRecv{*c};
}

std::optional<ServerRead> parse(As<ServerRead>, std::string_view line) {
  const auto d = delivery(line);
  if (!d || d->second != "client") return std::nullopt;
  const auto c = tagged(d->first.first, 'c');
  const auto to = node(d->first.second);
  if (!c || !to) return std::nullopt;
  return ServerRead{*to, *c};
}

std::optional<Tick> parse(As<Tick>, std::string_view line) {
  Words w(line);
  if (w.next() != "tick" || w.next() != "to") return std::nullopt;
  const std::string_view ms = w.next();
  uint64_t value = 0;
  const auto [end, ec] = std::from_chars(ms.data(), ms.data() + ms.size(), value);
  if (ec != std::errc() || end != ms.data() + ms.size() || w.next() != "ms" || !w.done())
    return std::nullopt;
  return Tick{};
}

// Tries every kind, in the variant's order; each must have a parse overload.
template <size_t... I>
std::optional<Action> parse_any(std::string_view line, std::index_sequence<I...>) {
  std::optional<Action> out;
  ((out ? void() : [&] {
     if (auto a = parse(As<std::variant_alternative_t<I, Action>>{}, line)) out = Action{*a};
   }()),
   ...);
  return out;
}

}  // namespace

std::optional<Action> parse_action(std::string_view line) {
  return parse_any(line, std::make_index_sequence<std::variant_size_v<Action>>{});
}

}  // namespace zab::check
