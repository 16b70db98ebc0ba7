// A copy-on-write value for the parts of a world that change rarely: worlds share one copy
// until a step mutates it. Hashes and compares by content. The empty value is a null pointer,
// not a shared empty object: a reference count that every world of a run shares would be
// written by every core on every copy.
#pragma once

#include <memory>

#include "impl/core/hasher.h"

namespace zab::check {

template <class T>
class Cow {
 public:
  const T& operator*() const { return p_ ? *p_ : empty(); }
  const T* operator->() const { return &**this; }
  // The value to change: this world's own copy.
  T& mut() {
    if (!p_)
      p_ = std::make_shared<const T>();
    else if (p_.use_count() != 1)
      p_ = std::make_shared<const T>(*p_);
    return const_cast<T&>(*p_);
  }
  uint64_t fingerprint() const { return fingerprint_of(**this); }
  bool operator==(const Cow& o) const { return p_ == o.p_ || **this == *o; }

 private:
  static const T& empty() {
    static const T value{};
    return value;
  }
  std::shared_ptr<const T> p_;
};

}  // namespace zab::check
