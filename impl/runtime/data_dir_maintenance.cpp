// The two writes that remove data: truncation (a learner told by TRUNC to drop txns the leader
// never committed) and purge (autopurge.snapRetainCount).
#include <fmt/format.h>

#include "impl/runtime/data_dir.h"
#include "impl/runtime/data_dir_files.h"
#include "impl/storage/file_names.h"
#include "impl/storage/log_entry.h"
#include "impl/storage/snapshot_file.h"
#include "impl/storage/txn_log.h"

namespace zab::runtime {
namespace {

namespace fs = std::filesystem;

// Where to cut `file` so that it keeps only records with zxid <= `zxid` (and nothing damaged).
uint64_t cut_offset(const std::string& bytes, Zxid zxid, size_t& kept) {
  const storage::LogScan scan = storage::scan_log(bytes);
  kept = 0;
  for (const auto& record : scan.records) {
    const auto z = storage::entry_zxid(record.entry);
    if (!z || *z > zxid) return record.offset;
    ++kept;
  }
  return scan.end_offset;
}

}  // namespace

// FileTxnSnapLog.truncateLog / FileTxnLog.truncate: the log that holds `zxid` is cut after the
// last record <= zxid and every later log is removed. ZooKeeper positions its iterator on the
// first record >= zxid and cuts after that record, which is the same cut whenever `zxid` is in
// the log (the leader sends TRUNC with a zxid the learner logged). Then, unlike ZooKeeper 3.8,
// snapshots newer than `zxid` are removed too: they would bring the dropped txns back at the next
// start (the core's model of TruncateLog does the same).
void DataDir::truncate_log(Zxid zxid) {
  end_segment();
  const auto snapshots = zxid_files(snap_dir_, storage::kSnapshotPrefix);
  const auto newer = snapshots.upper_bound(zxid);
  if (newer == snapshots.begin() && newer != snapshots.end())
    throw DataDirError(
        fmt::format("cannot truncate the log to {}: every snapshot in {} is newer, "
                    "and removing them all would leave no snapshot",
                    hex(zxid), snap_dir_.string()));
  const auto logs = zxid_files(log_dir_, storage::kLogPrefix);
  const auto holder = logs.upper_bound(zxid);  // the first log that starts after zxid
  if (holder != logs.begin()) {
    const fs::path path = log_dir_ / std::prev(holder)->second;
    const std::string bytes = read_whole_file(path);
    size_t kept = 0;
    const uint64_t cut = cut_offset(bytes, zxid, kept);
    if (cut < bytes.size()) {
      PosixFile file = PosixFile::open_for_update(path);
      file.truncate(cut);
      file.sync();
      file.close();
      say(DataDirLogLevel::kInfo, fmt::format("Truncated {} at offset {} after {} records (txns "
                                              "after {} dropped)",
                                              path.string(), cut, kept, hex(zxid)));
    }
  }
  for (auto it = holder; it != logs.end(); ++it) {
    remove_file(log_dir_ / it->second);
    say(DataDirLogLevel::kInfo,
        fmt::format("Removed {} (starts after {})", (log_dir_ / it->second).string(), hex(zxid)));
  }
  sync_directory(log_dir_);
  if (last_logged_ && *last_logged_ > zxid) last_logged_ = zxid;
  for (auto it = newer; it != snapshots.end(); ++it) {
    remove_file(snap_dir_ / it->second);
    say(DataDirLogLevel::kWarn, fmt::format("Removed {}: it is newer than the truncation point {}",
                                            (snap_dir_ / it->second).string(), hex(zxid)));
  }
  sync_directory(snap_dir_);
  latest_snapshot_.reset();
  if (newer != snapshots.begin()) latest_snapshot_ = std::prev(newer)->first;
}

// PurgeTxnLog.purge + purgeOlderSnapshots.
PurgeReport DataDir::purge(int snap_retain_count) {
  if (snap_retain_count < 3)
    throw DataDirError(fmt::format("snapRetainCount {} is below 3, the minimum ZooKeeper allows",
                                   snap_retain_count));
  // findNValidSnapshots: the newest ones that end with the "/" seal.
  const auto snapshots = zxid_files(snap_dir_, storage::kSnapshotPrefix);
  std::optional<Zxid> least;
  int found = 0;
  for (auto it = snapshots.rbegin(); it != snapshots.rend() && found < snap_retain_count; ++it) {
    if (storage::is_compressed_snapshot(it->second)) continue;
    if (!storage::looks_sealed(read_file_tail(snap_dir_ / it->second, 10))) continue;
    least = it->first;
    ++found;
  }
  PurgeReport report;
  if (!least) return report;
  // getSnapshotLogs: the log that starts at or before `least` holds txns the snapshot may need.
  const auto logs = zxid_files(log_dir_, storage::kLogPrefix);
  Zxid keep_from{0};
  for (const auto& [start, name] : logs)
    if (start <= *least) keep_from = start;
  auto remove = [&](const fs::path& path) {
    say(DataDirLogLevel::kInfo, fmt::format("Removing file: {}", path.string()));
    if (remove_file(path)) report.removed.push_back(path);
  };
  for (const auto& [start, name] : logs)
    if (start < *least && start < keep_from) remove(log_dir_ / name);
  for (const auto& [zxid, name] : snapshots)
    if (zxid < *least) remove(snap_dir_ / name);
  if (!report.removed.empty()) {
    sync_directory(log_dir_);
    sync_directory(snap_dir_);
  }
  return report;
}

}  // namespace zab::runtime
