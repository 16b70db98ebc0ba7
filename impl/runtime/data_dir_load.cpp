// DataDir::load: FileTxnSnapLog.restore (the newest readable snapshot, the logs) and
// QuorumPeer.loadDataBase (the epoch files), with the repairs a crash calls for.
#include <fmt/format.h>

#include "impl/data/database.h"
#include "impl/data/zk_digest.h"
#include "impl/runtime/data_dir.h"
#include "impl/runtime/data_dir_files.h"
#include "impl/storage/epoch_file.h"
#include "impl/storage/file_names.h"
#include "impl/storage/log_entry.h"
#include "impl/storage/snapshot_file.h"
#include "impl/storage/txn_log.h"

namespace zab::runtime {

namespace fs = std::filesystem;

struct DataDir::LoadedLogs {
  TxnLog log;
};

// Every log in zxid order. Only the newest may end in damage: it is the one segment that held
// unsynced records when the server stopped (see data_dir.h), so a torn or corrupt tail there is
// what a crash leaves, and it is cut at the last good record. Damage anywhere else happened to
// synced data; dropping it would silently lose acknowledged txns, so it is an error.
DataDir::LoadedLogs DataDir::read_logs() {
  LoadedLogs out;
  const auto logs = zxid_files(log_dir_, storage::kLogPrefix);
  size_t index = 0;
  for (const auto& [start, name] : logs) {
    const bool newest = ++index == logs.size();
    const fs::path path = log_dir_ / name;
    const std::string bytes = read_whole_file(path);
    const storage::LogScan scan = storage::scan_log(bytes);
    if (scan.damage != storage::LogDamage::kNone && !newest)
      throw DataDirError(
          fmt::format("{}: {} ({}), and newer logs follow it; this is not a torn "
                      "write but damage to synced data",
                      path.string(), scan.reason, to_string(scan.damage)));
    if (newest && scan.records.empty()) {
      // A segment that never got an intact record: the crash came right after it was created.
      remove_file(path);
      sync_directory(log_dir_);
      say(scan.damage == storage::LogDamage::kNone ? DataDirLogLevel::kInfo
                                                   : DataDirLogLevel::kWarn,
          fmt::format("{}: no intact record{}; removed the file", path.string(),
                      scan.reason.empty()
                          ? ""
                          : fmt::format(" ({}: {})", to_string(scan.damage), scan.reason)));
      continue;
    }
    if (scan.damage != storage::LogDamage::kNone) {
      PosixFile file = PosixFile::open_for_update(path);
      file.truncate(scan.end_offset);
      file.sync();
      file.close();
      say(DataDirLogLevel::kWarn,
          fmt::format("{}: {}: {}; truncated the log at offset {}, after its last good record",
                      path.string(), to_string(scan.damage), scan.reason, scan.end_offset));
    }
    bool backwards = false;
    for (const auto& record : scan.records) {
      auto entry = storage::decode_log_entry(record.entry);
      if (!entry)
        throw DataDirError(fmt::format("{} at offset {}: an intact record that does not decode: {}",
                                       path.string(), record.offset, entry.error().message));
      const TxnRef& txn = entry.value().txn;
      if (!out.log.empty() && txn->zxid() <= out.log.last_zxid() && !backwards) {
        // FileTxnSnapLog.fastForwardFromEdits logs this and goes on.
        say(DataDirLogLevel::kError,
            fmt::format("{} at offset {}: zxid {} follows {} (highestZxid > next log)",
                        path.string(), record.offset, hex(txn->zxid()), hex(out.log.last_zxid())));
        backwards = true;
      }
      out.log = out.log.append(txn);
    }
  }
  return out;
}

// FileSnap.deserialize: the newest snapshot that reads back whole, its checksums right.
SnapshotRef DataDir::read_latest_snapshot(bool& any_snapshot) {
  const auto snapshots = zxid_files(snap_dir_, storage::kSnapshotPrefix);
  for (auto it = snapshots.rbegin(); it != snapshots.rend(); ++it) {
    any_snapshot = true;
    const Zxid zxid = it->first;
    const fs::path path = snap_dir_ / it->second;
    if (storage::is_compressed_snapshot(it->second))
      throw DataDirError(
          fmt::format("{} is compressed (zookeeper.snapshot.compression.method); "
                      "only uncompressed snapshots can be read",
                      path.string()));
    auto file = storage::decode_snapshot_file(read_whole_file(path));
    if (!file) {
      say(DataDirLogLevel::kWarn, fmt::format("problem reading snap file {}: {}; trying the one "
                                              "before it",
                                              path.string(), file.error().message));
      continue;
    }
    const auto& db = file.value().database;
    const auto& digest = file.value().digest;
    // compareSnapshotDigests: only a digest taken at the snapshot's own zxid can be compared now
    // (a fuzzy snapshot of ZooKeeper's records a later one); a mismatch is reported, not fatal.
    // Zxid 0 is the empty digest a server that has applied no txn writes (serializeZxidDigest),
    // which deserializeZxidDigest ignores.
    if (digest && digest->zxid != Zxid{} && digest->zxid == zxid &&
        digest->version == data::kDigestVersion) {
      const auto actual = static_cast<int64_t>(db->tree().zk_digest());
      if (actual != digest->digest)
        say(DataDirLogLevel::kWarn,
            fmt::format("{}: the tree digest is {}, the snapshot recorded {} (Digests are not "
                        "matching)",
                        path.string(), actual, digest->digest));
    }
    say(DataDirLogLevel::kInfo,
        fmt::format("Read snapshot {}: {} znodes, {} sessions", path.string(),
                    db->tree().node_count(), db->sessions().size()));
    return std::make_shared<const Snapshot>(Snapshot{zxid, db, TxnLog{}});
  }
  return nullptr;
}

// QuorumPeer.readLongFromFile, with ZooKeeper's "reasonable default" only where it is safe.
Epoch DataDir::read_epoch(std::string_view name, bool fresh, Zxid last_zxid) {
  const fs::path path = snap_dir_ / name;
  if (!fs::exists(path)) {
    if (fresh) {
      write_epoch(name, Epoch{0});
      say(DataDirLogLevel::kInfo, fmt::format("{} not found; created it with epoch 0 (the "
                                              "directory holds no txn and no other epoch)",
                                              path.string()));
      return Epoch{0};
    }
    if (!options_.adopt_missing_epochs)
      throw DataDirError(fmt::format(
          "{} is missing, but the data directory is not fresh (its last zxid is {}, or an "
          "epoch file holds an epoch above 0): refusing to guess the epoch (restore the file; "
          "a directory written by a standalone ZooKeeper has none, and then the epoch of the "
          "last zxid can be adopted as QuorumPeer does on an upgrade)",
          path.string(), hex(last_zxid)));
    write_epoch(name, last_zxid.epoch());
    say(DataDirLogLevel::kWarn, fmt::format("{} not found! Creating with a reasonable default of "
                                            "{}, the epoch of the last zxid",
                                            path.string(), last_zxid.epoch().value));
    return last_zxid.epoch();
  }
  auto epoch = storage::parse_epoch(read_whole_file(path));
  if (!epoch) throw DataDirError(fmt::format("{}: {}", path.string(), epoch.error().message));
  return epoch.value();
}

DurableState DataDir::load() {
  for (const auto& name : list_files(snap_dir_)) {
    if (!name.starts_with(std::string(storage::kSnapshotTmpPrefix) +
                          std::string(storage::kSnapshotPrefix)))
      continue;
    remove_file(snap_dir_ / name);
    say(DataDirLogLevel::kInfo,
        fmt::format("Removed {}, a snapshot a crash left unfinished", (snap_dir_ / name).string()));
  }
  LoadedLogs logs = read_logs();
  bool any_snapshot = false;
  SnapshotRef snapshot = read_latest_snapshot(any_snapshot);
  if (!snapshot) {
    if (any_snapshot)
      throw DataDirError(fmt::format("Not able to find valid snapshots in {}", snap_dir_.string()));
    if (!logs.log.empty())
      throw DataDirError(
          fmt::format("No snapshot found in {}, but there are log entries in {} "
                      "(up to {}). Something is broken!",
                      snap_dir_.string(), log_dir_.string(), hex(logs.log.last_zxid())));
    // FileTxnSnapLog.restore on an empty directory: save the empty database as snapshot.0.
    snapshot = make_snapshot(std::make_shared<const data::ZkDatabase>(), TxnLog{});
    write_snapshot(WriteSnapshot{snapshot});
  }
  // lastProcessedZxid after the replay: the snapshot's, or the last txn logged after it.
  Zxid last = snapshot->zxid;
  for (const auto& txn : logs.log.entries_after(snapshot->zxid))
    last = std::max(last, txn->zxid());
  // Fresh: nothing was ever logged and no epoch other than 0 was ever written, so a missing epoch
  // file can only be one an interrupted initialisation did not get to (ZooKeeper writes
  // snapshot.0, then currentEpoch, then acceptedEpoch). Anywhere else a missing file may have
  // held a promise (acceptedEpoch) that must not be forgotten.
  auto zero_or_missing = [&](std::string_view name) {
    const fs::path path = snap_dir_ / name;
    if (!fs::exists(path)) return true;
    const auto epoch = storage::parse_epoch(read_whole_file(path));
    return epoch && epoch.value() == Epoch{0};
  };
  const bool fresh = last == Zxid{0} && zero_or_missing(storage::kCurrentEpochFile) &&
                     zero_or_missing(storage::kAcceptedEpochFile);

  DurableState disk;
  disk.current_epoch = read_epoch(storage::kCurrentEpochFile, fresh, last);
  const fs::path current_tmp =
      snap_dir_ / (std::string(storage::kCurrentEpochFile) + std::string(storage::kTmpExtension));
  if (last.epoch() > disk.current_epoch && fs::exists(current_tmp)) {
    // QuorumPeer.loadDataBase: a crash between writing currentEpoch.tmp and renaming it.
    auto tmp = storage::parse_epoch(read_whole_file(current_tmp));
    if (!tmp) throw DataDirError(fmt::format("{}: {}", current_tmp.string(), tmp.error().message));
    say(DataDirLogLevel::kInfo, fmt::format("{} found. Setting current epoch to {}.",
                                            current_tmp.string(), tmp.value().value));
    disk.current_epoch = tmp.value();
    write_epoch(storage::kCurrentEpochFile, disk.current_epoch);
  }
  disk.accepted_epoch = read_epoch(storage::kAcceptedEpochFile, fresh, last);
  disk.updating_epoch = fs::exists(snap_dir_ / storage::kUpdatingEpochFile);
  disk.log = std::move(logs.log);
  disk.snapshots.push_back(snapshot);
  latest_snapshot_ = snapshot->zxid;
  if (!disk.log.empty()) last_logged_ = disk.log.last_zxid();
  return disk;
}

}  // namespace zab::runtime
