// Decoding from a byte stream that arrives in pieces (the quorum and election ports carry records
// with no length prefix): one attempt over the bytes buffered so far ends in a value and the
// bytes it took, "not enough bytes yet", or an error after which the stream cannot continue.
#pragma once

#include <cstddef>
#include <optional>
#include <utility>

#include "impl/core/errors.h"

namespace zab::wire {

template <class T>
struct StreamDecode {
  std::optional<T> value;
  size_t consumed = 0;  // bytes of the stream `value` took
  std::optional<Error> error;

  static StreamDecode need_more_bytes() { return {}; }
  static StreamDecode done(T v, size_t consumed_bytes) {
    return StreamDecode{std::move(v), consumed_bytes, std::nullopt};
  }
  static StreamDecode failed(Error e) { return StreamDecode{std::nullopt, 0, std::move(e)}; }

  bool need_more() const { return !value && !error; }
  bool ok() const { return value.has_value(); }
};

}  // namespace zab::wire
