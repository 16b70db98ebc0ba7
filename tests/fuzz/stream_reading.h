// Reading a recorded stream the way a socket delivers it: the fuzz targets of the three stream
// readers (FrameReader on the client and election ports, QuorumPacketReader on the quorum port)
// compare what they yield for one input fed in chunks and fed at once.
#pragma once

#include <string_view>
#include <variant>
#include <vector>

#include "impl/core/errors.h"
#include "impl/wire/framing.h"
#include "tests/fuzz/fuzz_check.h"

namespace zab::fuzz {

// Feeds `input` to `reader` in pieces of `chunks` bytes, taking every event after each piece.
// Stops at the first Error (every later call repeats it); NeedMore events are not kept.
template <class Reader>
auto read_in_chunks(Reader reader, std::string_view input, const std::vector<size_t>& chunks) {
  using Event = decltype(reader.next());
  std::vector<Event> events;
  size_t offset = 0;
  for (size_t length : chunks) {
    reader.feed(input.substr(offset, length));
    offset += length;
    for (;;) {
      Event event = reader.next();
      if (std::holds_alternative<wire::NeedMore>(event)) break;
      const bool failed = std::holds_alternative<Error>(event);
      events.push_back(std::move(event));
      if (failed) return events;
    }
  }
  return events;
}

// The events of `input` read at once, after checking that reading it in the chunks `seed` picks
// (chunk_lengths) yields exactly the same ones. `fresh` is a reader that has read nothing.
template <class Reader>
auto read_whole_and_in_chunks(const Reader& fresh, std::string_view input, uint8_t seed) {
  auto whole = read_in_chunks(fresh, input, {input.size()});
  ZAB_FUZZ_CHECK(whole == read_in_chunks(fresh, input, chunk_lengths(input.size(), seed)));
  return whole;
}

}  // namespace zab::fuzz
