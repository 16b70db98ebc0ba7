#include "impl/data/jute.h"

#include <fmt/format.h>

#include <algorithm>

namespace zab::data {

void JuteWriter::i32(int32_t v) {
  const auto u = static_cast<uint32_t>(v);
  for (int shift = 24; shift >= 0; shift -= 8)
    out_.push_back(static_cast<char>(u >> shift));
}

void JuteWriter::i64(int64_t v) {
  const auto u = static_cast<uint64_t>(v);
  for (int shift = 56; shift >= 0; shift -= 8)
    out_.push_back(static_cast<char>(u >> shift));
}

void JuteWriter::buffer(std::string_view bytes) {
  ZK_ASSERT(bytes.size() <= static_cast<size_t>(INT32_MAX));
  i32(static_cast<int32_t>(bytes.size()));
  out_.append(bytes);
}

void JuteWriter::nullable_buffer(const std::optional<std::string>& bytes) {
  if (bytes) {
    buffer(*bytes);
  } else {
    i32(-1);
  }
}

void JuteWriter::stat(const Stat& s) {
  i64(s.czxid);
  i64(s.mzxid);
  i64(s.ctime);
  i64(s.mtime);
  i32(s.version);
  i32(s.cversion);
  i32(s.aversion);
  i64(s.ephemeral_owner);
  i32(s.data_length);
  i32(s.num_children);
  i64(s.pzxid);
}

void JuteWriter::id(const Id& id) {
  ustring(id.scheme);
  ustring(id.id);
}

void JuteWriter::acl_list(const AclList& acl) {
  i32(static_cast<int32_t>(acl.size()));
  for (const auto& a : acl) {
    i32(a.perms);
    id(a.id);
  }
}

void JuteWriter::string_list(const std::vector<std::string>& strings) {
  i32(static_cast<int32_t>(strings.size()));
  for (const auto& s : strings)
    ustring(s);
}

void JuteReader::reject(std::string message) {
  if (failed_) return;
  failed_ = true;
  error_ = fmt::format("{} at byte {}", message, pos_);
}

bool JuteReader::need(size_t bytes, std::string_view what) {
  if (failed_) return false;
  if (remaining() < bytes) {
    reject(fmt::format("truncated {}: need {} bytes, have {}", what, bytes, remaining()));
    truncated_ = true;
    return false;
  }
  return true;
}

int32_t JuteReader::i32() {
  if (!need(4, "int")) return 0;
  uint32_t u = 0;
  for (int k = 0; k < 4; ++k)
    u = (u << 8) | static_cast<unsigned char>(in_[pos_ + k]);
  pos_ += 4;
  return static_cast<int32_t>(u);
}

int64_t JuteReader::i64() {
  if (!need(8, "long")) return 0;
  uint64_t u = 0;
  for (int k = 0; k < 8; ++k)
    u = (u << 8) | static_cast<unsigned char>(in_[pos_ + k]);
  pos_ += 8;
  return static_cast<int64_t>(u);
}

bool JuteReader::boolean() {
  if (!need(1, "boolean")) return false;
  return in_[pos_++] != 0;  // BinaryInputArchive: any non-zero byte is true
}

std::string JuteReader::buffer() {
  return nullable_buffer().value_or(std::string());
}

std::optional<std::string> JuteReader::nullable_buffer() {
  const int32_t len = i32();
  if (failed_) return std::string();
  if (len == -1) return std::nullopt;
  // BinaryInputArchive.checkLength.
  if (len < 0 || len > length_max_) {
    reject(fmt::format("unreasonable length {}", len));
    return std::string();
  }
  return raw(static_cast<size_t>(len));
}

std::optional<std::string> JuteReader::nullable_ustring() {
  return nullable_buffer();
}

std::string JuteReader::raw(size_t bytes) {
  if (!need(bytes, "buffer")) return {};
  std::string out(in_.substr(pos_, bytes));
  pos_ += bytes;
  return out;
}

Stat JuteReader::stat() {
  Stat s;
  s.czxid = i64();
  s.mzxid = i64();
  s.ctime = i64();
  s.mtime = i64();
  s.version = i32();
  s.cversion = i32();
  s.aversion = i32();
  s.ephemeral_owner = i64();
  s.data_length = i32();
  s.num_children = i32();
  s.pzxid = i64();
  return s;
}

std::string JuteReader::ustring() {
  const size_t at = pos_;
  const int32_t len = i32();
  if (!failed_ && len == -1) {
    pos_ = at;
    reject("null string");
    return {};
  }
  pos_ = at;
  return buffer();
}

Id JuteReader::id() {
  Id out;
  out.scheme = ustring();
  out.id = ustring();
  return out;
}

int32_t JuteReader::vector_count(size_t min_element_bytes, std::string_view what) {
  const int32_t n = i32();
  if (failed_) return 0;
  if (n == -1) return -1;
  if (n < 0 || static_cast<size_t>(n) > static_cast<size_t>(length_max_) / min_element_bytes) {
    reject(fmt::format("unreasonable {} count {}", what, n));
    return 0;
  }
  if (static_cast<size_t>(n) > remaining() / min_element_bytes) {
    reject(fmt::format("truncated {} vector: {} elements need at least {} bytes, have {}", what, n,
                       static_cast<size_t>(n) * min_element_bytes, remaining()));
    truncated_ = true;
    return 0;
  }
  return n;
}

int32_t JuteReader::count(size_t min_element_bytes, std::string_view what) {
  return std::max(vector_count(min_element_bytes, what), 0);
}

AclList JuteReader::acl_list() {
  AclList out;
  const int32_t n = count(12, "ACL");  // perms + two string lengths
  for (int32_t k = 0; k < n && ok(); ++k) {
    Acl a;
    a.perms = i32();
    a.id = id();
    out.push_back(std::move(a));
  }
  return out;
}

std::vector<std::string> JuteReader::string_list() {
  std::vector<std::string> out;
  const int32_t n = count(4, "string");
  for (int32_t k = 0; k < n && ok(); ++k)
    out.push_back(ustring());
  return out;
}

void JuteReader::expect_end() {
  if (!failed_ && remaining() != 0) reject(fmt::format("{} trailing bytes", remaining()));
}

Status JuteReader::status() const {
  if (!failed_) return {};
  return Error{Code::kMarshallingError, error_};
}

}  // namespace zab::data
