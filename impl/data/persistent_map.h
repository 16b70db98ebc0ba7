// An immutable sorted map shared copy-on-write (a persistent AVL tree). `insert` and `erase`
// return a new map that copies only the O(log n) nodes on the path to the changed key and shares
// every other node with the old map, so the model checker can keep millions of versions of a data
// tree that differ in a few znodes. Iteration is in key order, never in an order that depends on
// addresses or hashing.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <utility>
#include <vector>

#include "impl/core/check.h"

namespace zab::data {

template <class K, class V, class Compare = std::less<>>
class PersistentMap {
  struct Node;
  using NodeRef = std::shared_ptr<const Node>;
  struct Node {
    std::pair<K, V> kv;
    NodeRef left;
    NodeRef right;
    uint32_t size;
    uint8_t height;
  };

 public:
  using value_type = std::pair<K, V>;

  PersistentMap() = default;

  size_t size() const { return root_ ? root_->size : 0; }
  bool empty() const { return !root_; }

  // The value at `key`, or nullptr. Works with any key type Compare accepts (string_view).
  template <class Key>
  const V* find(const Key& key) const {
    const Node* n = root_.get();
    while (n) {
      if (less_(key, n->kv.first)) {
        n = n->left.get();
      } else if (less_(n->kv.first, key)) {
        n = n->right.get();
      } else {
        return &n->kv.second;
      }
    }
    return nullptr;
  }
  template <class Key>
  bool contains(const Key& key) const {
    return find(key) != nullptr;
  }

  // A map with `key` bound to `value` (replacing any previous value).
  PersistentMap insert(K key, V value) const {
    return PersistentMap(insert_at(root_, std::move(key), std::move(value)));
  }
  // A map without `key` (the same map when the key is absent).
  template <class Key>
  PersistentMap erase(const Key& key) const {
    bool erased = false;
    NodeRef root = erase_at(root_, key, erased);
    return erased ? PersistentMap(std::move(root)) : *this;
  }

  // In-order iteration; the iterator keeps its own stack, so it stays valid while the map lives.
  class const_iterator {
   public:
    using value_type = std::pair<K, V>;
    using difference_type = std::ptrdiff_t;
    using reference = const value_type&;
    using pointer = const value_type*;
    using iterator_category = std::forward_iterator_tag;

    const_iterator() = default;
    reference operator*() const { return stack_.back()->kv; }
    pointer operator->() const { return &stack_.back()->kv; }
    const_iterator& operator++() {
      const Node* n = stack_.back();
      stack_.pop_back();
      push_left(n->right.get());
      return *this;
    }
    const_iterator operator++(int) {
      auto copy = *this;
      ++*this;
      return copy;
    }
    bool operator==(const const_iterator& other) const {
      if (stack_.empty() || other.stack_.empty()) return stack_.empty() == other.stack_.empty();
      return stack_.back() == other.stack_.back();
    }

   private:
    friend class PersistentMap;
    explicit const_iterator(const Node* root) { push_left(root); }
    void push_left(const Node* n) {
      for (; n; n = n->left.get())
        stack_.push_back(n);
    }
    std::vector<const Node*> stack_;
  };

  const_iterator begin() const { return const_iterator(root_.get()); }
  const_iterator end() const { return const_iterator(); }

  // True when both maps are the same version (a cheap sufficient test for equality).
  bool shares_root_with(const PersistentMap& other) const { return root_ == other.root_; }

  friend bool operator==(const PersistentMap& a, const PersistentMap& b) {
    if (a.root_ == b.root_) return true;
    if (a.size() != b.size()) return false;
    return std::equal(a.begin(), a.end(), b.begin());
  }

  // Height of the tree (tests check the AVL balance through it).
  int height() const { return height_of(root_); }

 private:
  explicit PersistentMap(NodeRef root) : root_(std::move(root)) {}

  static int height_of(const NodeRef& n) { return n ? n->height : 0; }
  static uint32_t size_of(const NodeRef& n) { return n ? n->size : 0; }

  static NodeRef make(std::pair<K, V> kv, NodeRef left, NodeRef right) {
    const auto height = static_cast<uint8_t>(1 + std::max(height_of(left), height_of(right)));
    const uint32_t size = 1 + size_of(left) + size_of(right);
    return std::make_shared<const Node>(
        Node{std::move(kv), std::move(left), std::move(right), size, height});
  }

  // Rebuilds a node whose subtrees differ in height by at most 2, rotating back into AVL shape.
  static NodeRef balance(std::pair<K, V> kv, NodeRef l, NodeRef r) {
    const int hl = height_of(l);
    const int hr = height_of(r);
    if (hl > hr + 1) {
      if (height_of(l->left) >= height_of(l->right)) {
        return make(l->kv, l->left, make(std::move(kv), l->right, std::move(r)));
      }
      const Node* lr = l->right.get();
      return make(lr->kv, make(l->kv, l->left, lr->left), make(std::move(kv), lr->right, r));
    }
    if (hr > hl + 1) {
      if (height_of(r->right) >= height_of(r->left)) {
        return make(r->kv, make(std::move(kv), std::move(l), r->left), r->right);
      }
      const Node* rl = r->left.get();
      return make(rl->kv, make(std::move(kv), l, rl->left), make(r->kv, rl->right, r->right));
    }
    return make(std::move(kv), std::move(l), std::move(r));
  }

  static NodeRef insert_at(const NodeRef& n, K&& key, V&& value) {
    if (!n) return make({std::move(key), std::move(value)}, nullptr, nullptr);
    if (less_(key, n->kv.first)) {
      return balance(n->kv, insert_at(n->left, std::move(key), std::move(value)), n->right);
    }
    if (less_(n->kv.first, key)) {
      return balance(n->kv, n->left, insert_at(n->right, std::move(key), std::move(value)));
    }
    return make({std::move(key), std::move(value)}, n->left, n->right);
  }

  static NodeRef erase_min(const NodeRef& n) {
    if (!n->left) return n->right;
    return balance(n->kv, erase_min(n->left), n->right);
  }

  template <class Key>
  static NodeRef erase_at(const NodeRef& n, const Key& key, bool& erased) {
    if (!n) return nullptr;
    if (less_(key, n->kv.first)) {
      NodeRef l = erase_at(n->left, key, erased);
      return erased ? balance(n->kv, std::move(l), n->right) : n;
    }
    if (less_(n->kv.first, key)) {
      NodeRef r = erase_at(n->right, key, erased);
      return erased ? balance(n->kv, n->left, std::move(r)) : n;
    }
    erased = true;
    if (!n->left) return n->right;
    if (!n->right) return n->left;
    const Node* successor = n->right.get();
    while (successor->left)
      successor = successor->left.get();
    return balance(successor->kv, n->left, erase_min(n->right));
  }

  static constexpr Compare less_{};
  NodeRef root_;
};

}  // namespace zab::data
