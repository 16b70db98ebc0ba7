// The transaction log file (FileTxnLog, wire.md §4.3): a FileHeader {"ZKLG", 2, dbid 0}, then per
// record a long checksum (Adler-32 of the entry), an int length, the entry (log_entry.h) and the
// end-of-record byte 0x42 ('B'). ZooKeeper preallocates the file with zeros; a record whose length
// is 0 therefore marks the end (Util.readTxnBytes), as does the end of the file.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "impl/storage/file_header.h"

namespace zab::storage {

inline constexpr char kEndOfRecord = 0x42;
inline constexpr size_t kRecordOverheadBytes = 8 + 4 + 1;  // checksum, length, end-of-record

std::string encode_log_header();  // the 16 header bytes
// One record around `entry`.
std::string encode_log_record(std::string_view entry);

// Why a log stops before its end. kNone: the file ended cleanly (at its end or at a zero length).
enum class LogDamage {
  kNone,
  kShortHeader,     // fewer than 16 bytes
  kBadMagic,        // the header is not "ZKLG"
  kShortRecord,     // the file ends inside a record (a torn write)
  kBadLength,       // negative, or longer than jute.maxbuffer allows
  kBadChecksum,     // the stored Adler-32 is not the entry's
  kBadEndOfRecord,  // the byte after the entry is not 0x42
};
std::string_view to_string(LogDamage damage);

struct LogRecord {
  uint64_t offset = 0;     // of the record's checksum field
  std::string_view entry;  // into the scanned bytes
};

// What a walk over a log file found. `records` are the good records before `end_offset`; the
// file's content after `end_offset` is a preallocated tail (kNone) or damage.
struct LogScan {
  FileHeader header;
  std::vector<LogRecord> records;
  uint64_t end_offset = 0;  // just after the last good record (or the header; 0 if that is bad)
  LogDamage damage = LogDamage::kNone;
  std::string reason;  // a sentence naming the offset, empty when kNone
};

// Walks `file` record by record (FileTxnIterator.next) and stops at the first record that is not
// whole and intact. The header's version and dbid are reported, not checked (ZooKeeper checks only
// the magic).
LogScan scan_log(std::string_view file);

}  // namespace zab::storage
