#include "checker/world/network.h"

#include <algorithm>
#include <tuple>

#include "checker/search/model.h"

namespace zab::check {

namespace {
auto key_of(const InFlight& m) {
  return std::make_tuple(m.from, m.to, m.kind);
}
}  // namespace

const Envelope* Network::head(NodeId from, NodeId to, Channel kind) const {
  const auto key = std::make_tuple(from, to, kind);
  auto it = std::lower_bound(entries_.begin(), entries_.end(), key,
                             [](const InFlight& m, const auto& k) { return key_of(m) < k; });
  return it != entries_.end() && key_of(*it) == key ? &it->env : nullptr;
}

bool Network::is_head(size_t i) const {
  return i == 0 || key_of(entries_[i - 1]) != key_of(entries_[i]);
}

std::optional<ChannelQueue> Network::channel(NodeId from, NodeId to, Channel kind) const {
  ChannelQueue q{from, to, kind, {}};
  for (const auto& m : entries_)
    if (key_of(m) == std::make_tuple(from, to, kind)) q.items.push_back(m.env);
  if (q.items.empty()) return std::nullopt;
  return q;
}

std::vector<ChannelQueue> Network::channels() const {
  std::vector<ChannelQueue> out;
  for (const auto& m : entries_) {
    if (out.empty() ||
        std::make_tuple(out.back().from, out.back().to, out.back().kind) != key_of(m))
      out.push_back(ChannelQueue{m.from, m.to, m.kind, {}});
    out.back().items.push_back(m.env);
  }
  return out;
}

void Network::push(NodeId from, NodeId to, Channel kind, Envelope env) {
  const auto key = std::make_tuple(from, to, kind);
  auto it = std::upper_bound(entries_.begin(), entries_.end(), key,
                             [](const auto& k, const InFlight& m) { return k < key_of(m); });
  entries_.insert(it, InFlight{from, to, kind, std::move(env)});
}

void Network::pop(NodeId from, NodeId to, Channel kind) {
  const auto key = std::make_tuple(from, to, kind);
  auto it = std::lower_bound(entries_.begin(), entries_.end(), key,
                             [](const InFlight& m, const auto& k) { return key_of(m) < k; });
  if (it == entries_.end() || key_of(*it) != key)
    throw search::CheckerFailure("pop on an empty channel " + to_string(from) + "->" +
                                 to_string(to));
  entries_.erase(it);
}

void Network::clear_queue(NodeId from, NodeId to, Channel kind) {
  const auto key = std::make_tuple(from, to, kind);
  entries_.erase(std::remove_if(entries_.begin(), entries_.end(),
                                [&](const InFlight& m) { return key_of(m) == key; }),
                 entries_.end());
}

void Network::clear_node(NodeId id) {
  entries_.erase(std::remove_if(entries_.begin(), entries_.end(),
                                [&](const InFlight& m) { return m.from == id || m.to == id; }),
                 entries_.end());
}

void Network::close_connection(NodeId from, NodeId to) {
  clear_queue(from, to, Channel::kQuorum);
  clear_queue(to, from, Channel::kQuorum);
  push(from, to, Channel::kQuorum, Envelope{});
}

void Network::partition(NodeId a, NodeId b) {
  cut_[a.value].insert(b);
  cut_[b.value].insert(a);
  for (const auto kind : {Channel::kElection, Channel::kQuorum}) {
    clear_queue(a, b, kind);
    clear_queue(b, a, kind);
  }
  push(a, b, Channel::kQuorum, Envelope{});
  push(b, a, Channel::kQuorum, Envelope{});
}

void Network::heal(NodeId a, NodeId b) {
  cut_[a.value].erase(b);
  cut_[b.value].erase(a);
}

}  // namespace zab::check
