// A map keyed by server id, stored as a small sorted vector: compact (only present entries take
// space), iterated in id order (deterministic), and cheap to copy for the model checker.
#pragma once

#include <algorithm>
#include <utility>

#include <boost/container/small_vector.hpp>

#include "impl/core/ids.h"

namespace zab {

template <class T, size_t N = 3>
class SidMap {
 public:
  using Entry = std::pair<NodeId, T>;

  T* find(NodeId id) {
    auto it = lower(id);
    return it != entries_.end() && it->first == id ? &it->second : nullptr;
  }
  const T* find(NodeId id) const { return const_cast<SidMap*>(this)->find(id); }
  bool contains(NodeId id) const { return find(id) != nullptr; }
  // Inserts or overwrites.
  T& put(NodeId id, T value) {
    auto it = lower(id);
    if (it != entries_.end() && it->first == id) {
      it->second = std::move(value);
      return it->second;
    }
    return entries_.insert(it, Entry{id, std::move(value)})->second;
  }
  void erase(NodeId id) {
    auto it = lower(id);
    if (it != entries_.end() && it->first == id) entries_.erase(it);
  }
  void clear() { entries_.clear(); }
  bool empty() const { return entries_.empty(); }
  size_t size() const { return entries_.size(); }
  auto begin() const { return entries_.begin(); }
  auto end() const { return entries_.end(); }
  auto begin() { return entries_.begin(); }
  auto end() { return entries_.end(); }
  bool operator==(const SidMap&) const = default;

 private:
  auto lower(NodeId id) {
    return std::lower_bound(entries_.begin(), entries_.end(), id,
                            [](const Entry& e, NodeId k) { return e.first < k; });
  }
  boost::container::small_vector<Entry, N> entries_;
};

}  // namespace zab
