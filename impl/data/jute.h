// Jute's binary archive (BinaryOutputArchive / BinaryInputArchive, wire.md §1.1): big-endian
// ints and longs, one-byte booleans, int-length-prefixed buffers, strings and vectors with -1 for
// null. The reader checks every length against the bytes that are left, so malformed input ends
// in an error, never in an out-of-bounds read or a huge allocation.
#pragma once

#include <cstdint>
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
  explicit JuteReader(std::string_view in) : in_(in) {}
  int32_t i32();
  int64_t i64();
  bool boolean();
  std::string buffer();   // null (-1) reads as empty
  std::string ustring();  // null (-1) is malformed: no record we read has a null string
  Id id();
  AclList acl_list();
  std::vector<std::string> string_list();
  // Fails unless every byte was consumed.
  void expect_end();
  // Fails with `message` (for checks the caller makes on what it read); keeps the first failure.
  void reject(std::string message);

  bool ok() const { return !failed_; }
  // True when the first failure was running out of bytes (a length or count that points past the
  // end counts too): more input might have parsed, which a stream reader needs to know.
  bool truncated() const { return truncated_; }
  size_t position() const { return pos_; }
  size_t remaining() const { return in_.size() - pos_; }
  Status status() const;

 private:
  bool need(size_t bytes, std::string_view what);
  // A vector's element count: -1 (null) reads as 0; other negatives, and counts that cannot fit
  // in the remaining bytes at `min_element_bytes` each, fail.
  int32_t count(size_t min_element_bytes, std::string_view what);

  std::string_view in_;
  size_t pos_ = 0;
  bool failed_ = false;
  bool truncated_ = false;
  std::string error_;
};

}  // namespace zab::data
