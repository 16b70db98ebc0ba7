// A copy-on-write value for the parts of a world that change rarely: worlds share one copy
// until a step mutates it. Hashes and compares by content.
#pragma once

#include <memory>

#include "impl/core/hasher.h"

namespace zab::check {

template <class T>
class Cow {
 public:
  Cow() : p_(empty()) {}
  const T& operator*() const { return *p_; }
  const T* operator->() const { return p_.get(); }
  // The value to change: this world's own copy.
  T& mut() {
    if (p_.use_count() != 1) p_ = std::make_shared<const T>(*p_);
    return const_cast<T&>(*p_);
  }
  uint64_t fingerprint() const { return fingerprint_of(*p_); }
  bool operator==(const Cow& o) const { return p_ == o.p_ || *p_ == *o.p_; }

 private:
  static const std::shared_ptr<const T>& empty() {
    static const std::shared_ptr<const T> value = std::make_shared<const T>();
    return value;
  }
  std::shared_ptr<const T> p_;
};

}  // namespace zab::check
