// The data directory of one server, in ZooKeeper 3.8's layout and formats (wire.md §4.2-4.3):
// the interpreter of the core's DiskWrite effects on real files, and the loader that turns the
// files back into the DurableState `Peer::recover` starts from.
//
//   <dataDir>/version-2/      snapshot.<hex>, acceptedEpoch, currentEpoch, updatingEpoch
//   <dataLogDir>/version-2/   log.<hex>            (dataLogDir defaults to dataDir)
//
// Durability follows impl/quorum/effects.h. Appended txns are buffered and reach the disk at
// `sync()`, which writes them and fdatasyncs every file written since the last sync (the disk
// thread applies a batch of writes, then syncs once: group commit, as SyncRequestProcessor).
// Every other write (snapshot, epoch files, the marker, truncation) first makes everything before
// it durable and is then itself made durable before `apply` returns, so whatever a crash leaves
// is a prefix of the writes in issue order. Only the newest log segment ever holds unsynced
// records: a new segment starts after a snapshot, which has synced everything before it.
//
// What the files hold that DurableState does not: the boundaries of log segments (a new
// log.<zxid> starts at the first append after a snapshot, after a truncation and after every
// start, as FileTxnLog does), and which older snapshots are still on disk. DataDir keeps both on
// disk only; DurableState.snapshots holds the one snapshot `load` chose.
//
// No preallocation: ZooKeeper pads logs with zeros in 64 MiB steps so that fsync need not update
// the file size, but on this machine's ext4 an append + fdatasync took about 6 ms whether the file
// grew (5.7-6.3 ms), was fallocate'd (5.8-6.4) or zero-filled beforehand (5.9-6.6), so batching
// appends into one sync (group commit) is what matters. The reader accepts ZooKeeper's padded
// files (a zero length ends the log).
//
// Not thread-safe: the disk thread owns it. An exception (DataDirError, DiskError) leaves the
// files consistent for the next load but this object unusable: the server should stop, as
// ZooKeeper's SyncRequestProcessor does on an IOException.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "impl/quorum/effects.h"
#include "impl/quorum/state.h"
#include "impl/runtime/posix_file.h"

namespace zab::runtime {

// Something the data directory cannot recover from on its own; the message names the file (and
// the offset, for a log).
struct DataDirError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

enum class DataDirLogLevel { kInfo, kWarn, kError };
std::string_view to_string(DataDirLogLevel level);
using DataDirLog = std::function<void(DataDirLogLevel, const std::string&)>;

struct DataDirOptions {
  std::filesystem::path data_dir;      // zoo.cfg dataDir
  std::filesystem::path data_log_dir;  // zoo.cfg dataLogDir; empty: data_dir
  // QuorumPeer.loadDataBase's rule for a directory that holds data but no epoch files (written by
  // a standalone server, or by a version before 3.4): take the epoch of the last zxid and write
  // it. Off by default, and then a missing epoch file is an error that names it.
  bool adopt_missing_epochs = false;
  // Where load, truncation and purge report what they did; the default prints to stderr.
  DataDirLog log;
};

// What `purge` removed.
struct PurgeReport {
  std::vector<std::filesystem::path> removed;
};

class DataDir {
 public:
  // Creates the version-2 folders if they are missing (as FileTxnSnapLog does).
  explicit DataDir(DataDirOptions options);

  // FileTxnSnapLog.restore + QuorumPeer.loadDataBase. The latest snapshot that reads back
  // (a damaged one is skipped, with a log line, for the one before it), every log record in file
  // order, the epoch files and the updatingEpoch marker. A torn or corrupt tail of the newest log
  // is truncated at its last good record (with a log line naming the file, the offset and why);
  // damage in an older log is an error. A fresh directory (no txn anywhere, no epoch but 0) is
  // initialised as ZooKeeper does: snapshot.0 of the empty database and both epochs 0. Throws
  // DataDirError (or DiskError) naming the file.
  DurableState load();

  // Performs one write of the core, in issue order (see above for when it is durable).
  void apply(const DiskWrite& write);
  // Makes every write applied so far durable.
  void sync();

  // PurgeTxnLog.purge: keeps the newest `snap_retain_count` (>= 3, as ZooKeeper demands)
  // snapshots that look whole and the logs they need; removes older snapshots and logs.
  PurgeReport purge(int snap_retain_count);

  const std::filesystem::path& snap_dir() const { return snap_dir_; }
  const std::filesystem::path& log_dir() const { return log_dir_; }

 private:
  void write_log_record(const Txn& txn);
  void write_snapshot(const WriteSnapshot& w);
  void write_epoch(std::string_view name, Epoch epoch);
  void write_updating_epoch(bool present);
  void truncate_log(Zxid zxid);
  void end_segment();
  void say(DataDirLogLevel level, const std::string& message) const;

  // load's steps (data_dir_load.cpp).
  struct LoadedLogs;
  LoadedLogs read_logs();
  SnapshotRef read_latest_snapshot(bool& any_snapshot);
  Epoch read_epoch(std::string_view name, bool fresh, Zxid last_zxid);

  DataDirOptions options_;
  std::filesystem::path snap_dir_;
  std::filesystem::path log_dir_;
  // The segment appends go to, once the first append after a start, snapshot or truncation has
  // created it; records not yet written to it wait in `pending_`.
  std::optional<PosixFile> segment_;
  std::string pending_;
  bool segment_needs_sync_ = false;
  bool log_dir_needs_sync_ = false;
  std::optional<Zxid> last_logged_;      // the newest zxid in the log files (for ordering warnings)
  std::optional<Zxid> latest_snapshot_;  // the newest snapshot on disk
};

}  // namespace zab::runtime
