#include "impl/storage/txn_log.h"

#include <fmt/format.h>

#include "impl/storage/checksum.h"

namespace zab::storage {
namespace {

uint64_t read_u64(std::string_view bytes) {
  uint64_t v = 0;
  for (int k = 0; k < 8; ++k)
    v = (v << 8) | static_cast<unsigned char>(bytes[static_cast<size_t>(k)]);
  return v;
}

int32_t read_i32(std::string_view bytes) {
  uint32_t v = 0;
  for (int k = 0; k < 4; ++k)
    v = (v << 8) | static_cast<unsigned char>(bytes[static_cast<size_t>(k)]);
  return static_cast<int32_t>(v);
}

void stop(LogScan& scan, LogDamage damage, std::string reason) {
  scan.damage = damage;
  scan.reason = std::move(reason);
}

}  // namespace

std::string_view to_string(LogDamage damage) {
  switch (damage) {
    case LogDamage::kNone:
      return "clean end";
    case LogDamage::kShortHeader:
      return "short header";
    case LogDamage::kBadMagic:
      return "bad magic";
    case LogDamage::kShortRecord:
      return "short record";
    case LogDamage::kBadLength:
      return "bad length";
    case LogDamage::kBadChecksum:
      return "bad checksum";
    case LogDamage::kBadEndOfRecord:
      return "bad end-of-record byte";
  }
  return "?";
}

std::string encode_log_header() {
  data::JuteWriter w;
  write_file_header(w, FileHeader{kTxnLogMagic, kFormatVersion, kTxnLogDbId});
  return w.take();
}

std::string encode_log_record(std::string_view entry) {
  data::JuteWriter w;
  w.i64(adler32(entry));
  w.buffer(entry);
  std::string record = w.take();
  record.push_back(kEndOfRecord);
  return record;
}

LogScan scan_log(std::string_view file) {
  LogScan scan;
  if (file.size() < kFileHeaderBytes) {
    stop(scan, LogDamage::kShortHeader,
         fmt::format("the file has {} bytes, fewer than a header's 16", file.size()));
    return scan;
  }
  data::JuteReader header(file.substr(0, kFileHeaderBytes));
  scan.header = read_file_header(header);
  if (scan.header.magic != kTxnLogMagic) {
    stop(scan, LogDamage::kBadMagic,
         fmt::format("invalid magic number {} at offset 0", magic_name(scan.header.magic)));
    return scan;
  }
  uint64_t at = kFileHeaderBytes;
  scan.end_offset = at;
  while (at < file.size()) {
    const std::string_view rest = file.substr(at);
    if (rest.size() < 12) {
      stop(scan, LogDamage::kShortRecord,
           fmt::format("the record at offset {} ends after {} bytes, inside its checksum and "
                       "length",
                       at, rest.size()));
      return scan;
    }
    const uint64_t stored = read_u64(rest);
    const int32_t length = read_i32(rest.substr(8));
    if (length == 0) return scan;  // the preallocated zero tail: the end of the log
    if (length < 0 || length > data::kJuteLengthMax) {
      stop(scan, LogDamage::kBadLength,
           fmt::format("the record at offset {} has an unreasonable length {}", at, length));
      return scan;
    }
    const auto size = static_cast<size_t>(length);
    if (rest.size() < 12 + size + 1) {
      stop(scan, LogDamage::kShortRecord,
           fmt::format("the record at offset {} needs {} bytes, the file has {} left", at,
                       12 + size + 1, rest.size()));
      return scan;
    }
    const std::string_view entry = rest.substr(12, size);
    if (stored != adler32(entry)) {
      stop(scan, LogDamage::kBadChecksum,
           fmt::format("the record at offset {} has checksum 0x{:x}, its entry sums to 0x{:x}", at,
                       stored, adler32(entry)));
      return scan;
    }
    if (rest[12 + size] != kEndOfRecord) {
      stop(scan, LogDamage::kBadEndOfRecord,
           fmt::format("the record at offset {} ends with byte 0x{:02x}, not 0x42", at,
                       static_cast<unsigned char>(rest[12 + size])));
      return scan;
    }
    scan.records.push_back(LogRecord{at, entry});
    at += 12 + size + 1;
    scan.end_offset = at;
  }
  return scan;
}

}  // namespace zab::storage
