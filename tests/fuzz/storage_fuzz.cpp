// ZooKeeper's files as zabd reads them at start (impl/storage): a transaction log, a snapshot, the
// SNAP stream a leader sends, an epoch file. A damaged file is cut or refused with a reason, never
// read past; checks besides "no crash": a log scan's records lie in order inside the good prefix,
// a good prefix scans again to the same records with no damage, and an entry's zxid read off its
// header is the zxid it decodes to.
#include <variant>

#include "impl/storage/database_codec.h"
#include "impl/storage/epoch_file.h"
#include "impl/storage/log_entry.h"
#include "impl/storage/snapshot_file.h"
#include "impl/storage/txn_log.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using namespace zab;
using namespace zab::storage;

void check_log(std::string_view file) {
  LogScan scan = scan_log(file);
  ZAB_FUZZ_CHECK(scan.end_offset <= file.size());
  ZAB_FUZZ_CHECK((scan.damage == LogDamage::kNone) == scan.reason.empty());
  uint64_t previous = 0;
  for (const LogRecord& record : scan.records) {
    ZAB_FUZZ_CHECK(record.offset >= previous && record.offset < scan.end_offset);
    previous = record.offset;
    // The zxid read off the header alone is the one the whole entry decodes to.
    if (auto entry = decode_log_entry(record.entry); entry.ok()) {
      auto zxid = entry_zxid(record.entry);
      ZAB_FUZZ_CHECK(zxid && *zxid == entry.value().txn->zxid());
    }
  }
  if (scan.end_offset == 0) return;
  LogScan again = scan_log(file.substr(0, scan.end_offset));
  ZAB_FUZZ_CHECK(again.damage == LogDamage::kNone && again.end_offset == scan.end_offset);
  ZAB_FUZZ_CHECK(again.records.size() == scan.records.size());
}

}  // namespace

// The first byte says which file the rest is; every reader sees the bytes as a log entry too.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view file = zab::fuzz::bytes(data + 1, size - 1);
  switch (data[0] % 4) {
    case 0:
      check_log(file);
      break;
    case 1:
      if (auto snapshot = decode_snapshot_file(file); snapshot.ok()) {
        ZAB_FUZZ_CHECK(snapshot.value().database != nullptr);
      }
      looks_sealed(file);
      break;
    case 2: {
      SnapStreamRead read = decode_snap_stream(file);
      if (const auto* body = std::get_if<SnapStreamBody>(&read)) {
        ZAB_FUZZ_CHECK(body->database != nullptr && body->consumed <= file.size());
      }
      break;
    }
    case 3:
      (void)parse_epoch(file);
      break;
  }
  (void)decode_log_entry(file);
  return 0;
}
