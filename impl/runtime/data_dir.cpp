#include "impl/runtime/data_dir.h"

#include <fmt/format.h>

#include "impl/core/check.h"
#include "impl/core/overloaded.h"
#include "impl/data/database.h"
#include "impl/runtime/data_dir_files.h"
#include "impl/storage/epoch_file.h"
#include "impl/storage/file_names.h"
#include "impl/storage/log_entry.h"
#include "impl/storage/snapshot_file.h"
#include "impl/storage/txn_log.h"

namespace zab::runtime {

namespace fs = std::filesystem;

std::multimap<Zxid, std::string> zxid_files(const fs::path& dir, std::string_view prefix) {
  std::multimap<Zxid, std::string> out;
  for (auto& name : list_files(dir))
    if (const auto zxid = storage::zxid_from_name(name, prefix)) out.emplace(*zxid, name);
  return out;
}

std::string hex(Zxid zxid) {
  return fmt::format("0x{:x}", zxid.value);
}

std::string_view to_string(DataDirLogLevel level) {
  switch (level) {
    case DataDirLogLevel::kInfo:
      return "INFO";
    case DataDirLogLevel::kWarn:
      return "WARN";
    case DataDirLogLevel::kError:
      return "ERROR";
  }
  return "?";
}

DataDir::DataDir(DataDirOptions options) : options_(std::move(options)) {
  if (options_.data_dir.empty()) throw DataDirError("dataDir is not set");
  if (options_.data_log_dir.empty()) options_.data_log_dir = options_.data_dir;
  snap_dir_ = options_.data_dir / storage::kVersionDir;
  log_dir_ = options_.data_log_dir / storage::kVersionDir;
  for (const auto& dir : {snap_dir_, log_dir_}) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw DiskError(fmt::format("cannot create {}: {}", dir.string(), ec.message()));
  }
}

void DataDir::say(DataDirLogLevel level, const std::string& message) const {
  if (options_.log) {
    options_.log(level, message);
  } else {
    fmt::print(stderr, "{} [data-dir] {}\n", to_string(level), message);
  }
}

// ---- Writes ------------------------------------------------------------------------------------

void DataDir::apply(const DiskWrite& write) {
  std::visit(Overloaded{
                 [&](const AppendTxn& w) { write_log_record(*w.txn); },
                 [&](const WriteAcceptedEpoch& w) {
                   sync();
                   write_epoch(storage::kAcceptedEpochFile, w.epoch);
                 },
                 [&](const WriteCurrentEpoch& w) {
                   sync();
                   write_epoch(storage::kCurrentEpochFile, w.epoch);
                 },
                 [&](const TruncateLog& w) {
                   // zabd runs no seeded bug, so it never asks to keep newer snapshots.
                   ZK_ASSERT(!w.keep_snapshots);
                   sync();
                   truncate_log(w.zxid);
                 },
                 [&](const WriteSnapshot& w) {
                   sync();
                   write_snapshot(w);
                 },
                 [&](const WriteUpdatingEpoch& w) {
                   sync();
                   write_updating_epoch(w.present);
                 },
             },
             write);
}

void DataDir::sync() {
  if (!pending_.empty()) {
    segment_->write_all(pending_);
    pending_.clear();
  }
  if (segment_needs_sync_) {
    segment_->datasync();
    segment_needs_sync_ = false;
  }
  if (log_dir_needs_sync_) {
    sync_directory(log_dir_);
    log_dir_needs_sync_ = false;
  }
}

// FileTxnLog.append: the first append after a start, a snapshot or a truncation opens
// log.<its zxid> and writes the header; each txn is one record.
void DataDir::write_log_record(const Txn& txn) {
  auto entry = storage::encode_log_entry(txn);
  if (!entry)
    throw DataDirError(
        fmt::format("cannot log txn {}: {}", hex(txn.zxid()), entry.error().message));
  if (!segment_) {
    const fs::path path = log_dir_ / storage::log_file_name(txn.zxid());
    segment_ = PosixFile::create(path, /*exclusive=*/true);
    log_dir_needs_sync_ = true;
    pending_ += storage::encode_log_header();
    say(DataDirLogLevel::kInfo, fmt::format("Creating new log file: {}", path.string()));
  }
  if (last_logged_ && txn.zxid() <= *last_logged_) {
    say(DataDirLogLevel::kWarn, fmt::format("Current zxid {} is <= {} (FileTxnLog.append)",
                                            hex(txn.zxid()), hex(*last_logged_)));
  } else {
    last_logged_ = txn.zxid();
  }
  pending_ += storage::encode_log_record(entry.value());
  segment_needs_sync_ = true;
}

void DataDir::end_segment() {
  ZK_ASSERT(pending_.empty() && !segment_needs_sync_);
  if (segment_) segment_->close();
  segment_.reset();
}

// FileTxnSnapLog.save: snapshot.<zxid>, here through a temp file so that a crash never leaves a
// half-written snapshot under the real name; then a new log segment.
void DataDir::write_snapshot(const WriteSnapshot& w) {
  const auto db = std::dynamic_pointer_cast<const data::ZkDatabase>(w.snapshot->image);
  const Zxid zxid = w.snapshot->zxid;
  if (!db)
    throw DataDirError(
        fmt::format("snapshot {}: the image is not a ZkDatabase; only the data "
                    "tree has a snapshot format",
                    hex(zxid)));
  if (latest_snapshot_ && zxid < *latest_snapshot_)
    throw DataDirError(fmt::format(
        "snapshot {} is older than {} already in {}: refusing to write a snapshot behind the "
        "newest one (a snapshot holds only committed txns, so a newer one cannot be undone)",
        hex(zxid), storage::snapshot_file_name(*latest_snapshot_), snap_dir_.string()));
  const std::string name = storage::snapshot_file_name(zxid);
  say(DataDirLogLevel::kInfo,
      fmt::format("Snapshotting: {} to {}", hex(zxid), (snap_dir_ / name).string()));
  write_file_atomically(snap_dir_ / name, storage::encode_snapshot_file(*db, zxid),
                        snap_dir_ / (std::string(storage::kSnapshotTmpPrefix) + name));
  latest_snapshot_ = zxid;
  end_segment();
}

// QuorumPeer.writeLongToFile through AtomicFileWritingIdiom: "<name>.tmp", fsync, rename.
void DataDir::write_epoch(std::string_view name, Epoch epoch) {
  const fs::path path = snap_dir_ / name;
  write_file_atomically(path, storage::encode_epoch(epoch),
                        snap_dir_ / (std::string(name) + std::string(storage::kTmpExtension)));
}

void DataDir::write_updating_epoch(bool present) {
  const fs::path path = snap_dir_ / storage::kUpdatingEpochFile;
  if (present) {
    PosixFile marker = PosixFile::create(path, /*exclusive=*/false);
    marker.sync();
    marker.close();
    sync_directory(snap_dir_);
  } else if (remove_file(path)) {
    sync_directory(snap_dir_);
  }
}

}  // namespace zab::runtime
