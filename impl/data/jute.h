// Jute's binary archive (BinaryOutputArchive / BinaryInputArchive, wire.md §1.1): big-endian
// ints and longs, one-byte booleans, int-length-prefixed buffers, strings and vectors with -1 for
// null. The reader checks every length against the bytes that are left, so malformed input ends
// in an error, never in an out-of-bounds read or a huge allocation. A reader over a stream prefix
// tells "more bytes may complete this" (`truncated()`) from "this can never be valid".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "impl/core/errors.h"
#include "impl/data/stat.h"

namespace zab::data {

// jute.maxbuffer (0xfffff) plus its default extra allowance: the longest buffer or string the
// reader accepts, as BinaryInputArchive.checkLength does.
inline constexpr int32_t kJuteMaxBuffer = 0xfffff;
inline constexpr int32_t kJuteLengthMax = 2 * kJuteMaxBuffer;

class JuteWriter {
 public:
  void i32(int32_t v);
  void i64(int64_t v);
  void boolean(bool v) { out_.push_back(v ? 1 : 0); }
  void buffer(std::string_view bytes);  // length + bytes (never null)
  void ustring(std::string_view s) { buffer(s); }
  // nullopt is written as length -1 (BinaryOutputArchive.writeBuffer / writeString of null).
  void nullable_buffer(const std::optional<std::string>& bytes);
  void nullable_ustring(const std::optional<std::string>& s) { nullable_buffer(s); }
  void raw(std::string_view bytes) { out_.append(bytes); }  // no length: the caller frames it
  void stat(const Stat& stat);
  void id(const Id& id);
  void acl_list(const AclList& acl);
  void string_list(const std::vector<std::string>& strings);
  const std::string& bytes() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

// Reads fields in order. The first failure is sticky: later reads return zero values and
// `status()` reports the first problem with its byte offset.
class JuteReader {
 public:
  // `length_max` bounds every buffer and string length (jute.maxbuffer plus its extra allowance).
  explicit JuteReader(std::string_view in, int32_t length_max = kJuteLengthMax)
      : in_(in), length_max_(length_max) {}
  int32_t i32();
  int64_t i64();
  bool boolean();
  std::string buffer();   // null (-1) reads as empty
  std::string ustring();  // null (-1) is malformed: no record we read has a null string
  std::optional<std::string> nullable_buffer();  // null (-1) reads as nullopt
  std::optional<std::string> nullable_ustring();
  std::string raw(size_t bytes);  // exactly `bytes` bytes, no length prefix
  Stat stat();
  Id id();
  AclList acl_list();
  std::vector<std::string> string_list();
  // A vector's element count, for records that read their own elements: -1 for null, 0 after a
  // failure. Negative counts other than -1 are malformed; a count whose elements (at least
  // `min_element_bytes` each) run past the input is truncated, or malformed when they could not
  // fit in `length_max` bytes at all.
  int32_t vector_count(size_t min_element_bytes, std::string_view what);
  // Fails unless every byte was consumed.
  void expect_end();
  // Fails with `message` (for checks the caller makes on what it read); keeps the first failure.
  void reject(std::string message);

  bool ok() const { return !failed_; }
  // The first failure was a read past the end of the input: on a stream, more bytes may complete
  // the record. False for every other failure (a bad length, a check the caller made).
  bool truncated() const { return failed_ && truncated_; }
  size_t position() const { return pos_; }
  size_t remaining() const { return in_.size() - pos_; }
  Status status() const;

 private:
  bool need(size_t bytes, std::string_view what);
  // vector_count with null read as an empty vector.
  int32_t count(size_t min_element_bytes, std::string_view what);

  std::string_view in_;
  int32_t length_max_;
  size_t pos_ = 0;
  bool failed_ = false;
  bool truncated_ = false;
  std::string error_;
};

}  // namespace zab::data
