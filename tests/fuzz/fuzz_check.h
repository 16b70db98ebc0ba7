// What every fuzz target shares: a check that aborts (libFuzzer and the corpus runner both report
// an abort as a finding, with the input that caused it), and a deterministic way to cut an input
// into the chunks a socket might deliver.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

namespace zab::fuzz {

[[noreturn]] inline void check_failed(const char* condition, const char* file, int line) {
  std::fprintf(stderr, "%s:%d: fuzz check failed: %s\n", file, line, condition);
  std::abort();
}

// An input as bytes, the way every decoder takes them.
inline std::string_view bytes(const uint8_t* data, size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// Chunk lengths for feeding `size` bytes to a stream reader, drawn from `seed` (one input byte):
// the same input always splits the same way, and every split from one byte to the whole shows up
// across a corpus.
inline std::vector<size_t> chunk_lengths(size_t size, uint8_t seed) {
  std::vector<size_t> lengths;
  uint32_t state = seed * 2654435761u + 1;
  for (size_t done = 0; done < size;) {
    state = state * 1103515245u + 12345u;
    size_t length = 1 + (state >> 16) % (seed % 64 + 1);
    if (length > size - done) length = size - done;
    lengths.push_back(length);
    done += length;
  }
  return lengths;
}

}  // namespace zab::fuzz

#define ZAB_FUZZ_CHECK(condition) \
  ((condition) ? void(0) : ::zab::fuzz::check_failed(#condition, __FILE__, __LINE__))
