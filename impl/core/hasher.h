// Canonical fingerprints of state. Every state-bearing type lists its fields once with
// ZK_FIELDS(...); that one list drives hashing and printing, so they cannot drift from each other
// (equality is the compiler's `= default`, which covers every member by construction; a test
// perturbs each field and expects the fingerprint to change).
//
// Fingerprints are XXH3-64 with a fixed seed over a canonical byte encoding: stable across runs,
// machines and thread counts, never `std::hash` (whose values may change between runs).
#pragma once

#include <array>
#include <concepts>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <variant>
#include <vector>

#include "impl/core/ids.h"

#define ZK_FIELDS(...)                                                   \
  auto fields() const { return std::tie(__VA_ARGS__); }                  \
  static constexpr std::string_view field_names() { return #__VA_ARGS__; }

namespace zab {

// Collects the canonical bytes of a value in a stack buffer (states are a few KiB at most) and
// hashes them once at the end; larger inputs spill to the heap.
class Hasher {
 public:
  void bytes(const void* data, size_t size) {
    if (size == 0) return;  // an empty vector's data() may be null, and memcpy(null) is UB
    if (size_ + size <= kInline) {
      std::memcpy(inline_ + size_, data, size);
      size_ += size;
    } else {
      spill(data, size);
    }
  }
  void u64(uint64_t v) { bytes(&v, sizeof v); }
  void u32(uint32_t v) { bytes(&v, sizeof v); }
  void u8(uint8_t v) { bytes(&v, 1); }
  // Length-prefixed, so that ("ab","c") and ("a","bc") differ.
  void str(std::string_view s) {
    u32(static_cast<uint32_t>(s.size()));
    bytes(s.data(), s.size());
  }
  uint64_t finish() const;
  void clear() {
    size_ = 0;
    heap_.clear();
  }

 private:
  static constexpr size_t kInline = 4096;
  void spill(const void* data, size_t size);
  char inline_[kInline];
  size_t size_ = 0;  // bytes in inline_ (0 once spilled to heap_)
  std::string heap_;
};

template <class T>
concept HasFields = requires(const T& t) { t.fields(); };
template <class T>
concept HasFingerprint = requires(const T& t) {
  { t.fingerprint() } -> std::convertible_to<uint64_t>;
};

template <class T>
void hash_append(Hasher& h, const T& value);

// Containers and wrappers, declared up front so that hash_append finds them for std types.
template <class T>
void hash_container(Hasher& h, const std::optional<T>& v);
template <class T, class A>
void hash_container(Hasher& h, const std::vector<T, A>& v);
template <class T, size_t N>
void hash_container(Hasher& h, const std::array<T, N>& v);
template <class K, class V, class C, class A>
void hash_container(Hasher& h, const std::map<K, V, C, A>& m);
template <class... Ts>
void hash_container(Hasher& h, const std::variant<Ts...>& v);
template <class A, class B>
void hash_container(Hasher& h, const std::pair<A, B>& v);
template <class T>
void hash_container(Hasher& h, const std::shared_ptr<const T>& p);
template <class C>
  requires requires(const C& c) {
    c.begin();
    c.end();
    c.size();
  }
void hash_container(Hasher& h, const C& c);

namespace detail {
template <class Tuple, size_t... I>
void hash_tuple(Hasher& h, const Tuple& t, std::index_sequence<I...>) {
  (hash_append(h, std::get<I>(t)), ...);
}
}  // namespace detail

template <class T>
void hash_append(Hasher& h, const T& value) {
  using U = std::remove_cvref_t<T>;
  if constexpr (std::is_same_v<U, bool>) {
    h.u8(value ? 1 : 0);
  } else if constexpr (std::is_enum_v<U>) {
    h.u32(static_cast<uint32_t>(value));
  } else if constexpr (std::is_integral_v<U>) {
    h.u64(static_cast<uint64_t>(value));
  } else if constexpr (std::is_same_v<U, NodeId>) {
    h.u8(value.value);
  } else if constexpr (std::is_same_v<U, Epoch>) {
    h.u32(value.value);
  } else if constexpr (std::is_same_v<U, Zxid>) {
    h.u64(value.value);
  } else if constexpr (std::is_same_v<U, SidSet>) {
    h.u32(value.bits());
  } else if constexpr (std::is_same_v<U, std::string>) {
    h.str(value);
  } else if constexpr (HasFingerprint<U>) {
    h.u64(value.fingerprint());
  } else if constexpr (HasFields<U>) {
    auto t = value.fields();
    detail::hash_tuple(h, t, std::make_index_sequence<std::tuple_size_v<decltype(t)>>{});
  } else {
    hash_container(h, value);
  }
}

template <class T>
void hash_container(Hasher& h, const std::optional<T>& v) {
  h.u8(v ? 1 : 0);
  if (v) hash_append(h, *v);
}
template <class T, class A>
void hash_container(Hasher& h, const std::vector<T, A>& v) {
  h.u32(static_cast<uint32_t>(v.size()));
  for (const auto& x : v) hash_append(h, x);
}
template <class T, size_t N>
void hash_container(Hasher& h, const std::array<T, N>& v) {
  for (const auto& x : v) hash_append(h, x);
}
template <class K, class V, class C, class A>
void hash_container(Hasher& h, const std::map<K, V, C, A>& m) {
  h.u32(static_cast<uint32_t>(m.size()));
  for (const auto& [k, v] : m) {
    hash_append(h, k);
    hash_append(h, v);
  }
}
template <class... Ts>
void hash_container(Hasher& h, const std::variant<Ts...>& v) {
  h.u32(static_cast<uint32_t>(v.index()));
  std::visit([&](const auto& x) { hash_append(h, x); }, v);
}
template <class A, class B>
void hash_container(Hasher& h, const std::pair<A, B>& v) {
  hash_append(h, v.first);
  hash_append(h, v.second);
}
// Shared immutable values hash by content (their fingerprint), never by address.
template <class T>
void hash_container(Hasher& h, const std::shared_ptr<const T>& p) {
  h.u8(p ? 1 : 0);
  if (p) hash_append(h, *p);
}
// Generic containers with begin/end (small_vector, deque, ...).
template <class C>
  requires requires(const C& c) {
    c.begin();
    c.end();
    c.size();
  }
void hash_container(Hasher& h, const C& c) {
  h.u32(static_cast<uint32_t>(c.size()));
  for (const auto& x : c) hash_append(h, x);
}

template <class T>
uint64_t fingerprint_of(const T& value) {
  Hasher h;
  hash_append(h, value);
  return h.finish();
}

}  // namespace zab
