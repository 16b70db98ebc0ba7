// DataDir: the core's DiskWrites on real files and the DurableState read back, in ZooKeeper's
// layout: a fresh directory, appends and segments, snapshots, epoch files, the marker, truncation
// and purge.
#include <gtest/gtest.h>

#include "impl/storage/file_names.h"
#include "impl/storage/snapshot_file.h"
#include "impl/storage/txn_log.h"
#include "tests/storage/data_dir_fixture.h"

namespace zab::runtime {
namespace {

using namespace testing;  // NOLINT
using storage::testing::slurp;
using storage::testing::spit;

// The log's zxids, in order.
std::vector<Zxid> zxids(const TxnLog& log) {
  std::vector<Zxid> out;
  for (const auto& txn : log.entries())
    out.push_back(txn->zxid());
  return out;
}

std::vector<Zxid> range(uint32_t first, uint32_t last) {
  std::vector<Zxid> out;
  for (uint32_t c = first; c <= last; ++c)
    out.push_back(zxid(c));
  return out;
}

// Records in one log file.
size_t records_in(const fs::path& file) {
  const auto scan = storage::scan_log(slurp(file));
  EXPECT_EQ(scan.damage, storage::LogDamage::kNone) << file << ": " << scan.reason;
  return scan.records.size();
}

TEST(DataDir, AFreshDirectoryIsInitialisedAsZooKeeperDoes) {
  TempDir dir;
  Transcript said;
  DataDir disk(said.options(dir.path() / "data"));
  const DurableState state = disk.load();
  EXPECT_EQ(state.accepted_epoch, Epoch{0});
  EXPECT_EQ(state.current_epoch, Epoch{0});
  EXPECT_TRUE(state.log.empty());
  ASSERT_EQ(state.snapshots.size(), 1u);
  EXPECT_EQ(state.snapshots[0]->zxid, Zxid{0});
  EXPECT_TRUE(dynamic_cast<const data::ZkDatabase&>(*state.snapshots[0]->image) ==
              data::ZkDatabase());
  EXPECT_FALSE(state.updating_epoch);
  const fs::path v2 = dir.path() / "data" / "version-2";
  EXPECT_EQ(names_in(v2),
            (std::vector<std::string>{"acceptedEpoch", "currentEpoch", "snapshot.0"}));
  EXPECT_EQ(slurp(v2 / "acceptedEpoch"), "0");
  EXPECT_EQ(slurp(v2 / "currentEpoch"), "0");
  // Loading again finds the same.
  DataDir again(said.options(dir.path() / "data"));
  const DurableState second = again.load();
  EXPECT_EQ(second.snapshots[0]->zxid, Zxid{0});
  EXPECT_EQ(names_in(v2).size(), 3u);
}

TEST(DataDir, WritesReadBackAsTheCoreModelsThem) {
  TempDir dir;
  History history;
  Transcript said;
  DurableState model;
  {
    DataDir disk(said.options(dir.path()));
    model = disk.load();
    std::vector<DiskWrite> writes{WriteAcceptedEpoch{Epoch{1}}, WriteCurrentEpoch{Epoch{1}}};
    for (size_t k = 0; k < 5; ++k)
      writes.push_back(AppendTxn{history.txn(k)});
    writes.push_back(WriteSnapshot{history.snapshot_after(5)});
    for (size_t k = 5; k < history.size(); ++k)
      writes.push_back(AppendTxn{history.txn(k)});
    for (const auto& w : writes) {
      disk.apply(w);
      apply_write(model, w);
    }
    disk.sync();
  }
  DataDir disk(said.options(dir.path()));
  const DurableState back = disk.load();
  EXPECT_EQ(back.accepted_epoch, model.accepted_epoch);
  EXPECT_EQ(back.current_epoch, model.current_epoch);
  EXPECT_TRUE(back.log == model.log);
  EXPECT_EQ(back.updating_epoch, model.updating_epoch);
  ASSERT_EQ(back.snapshots.size(), 1u);  // the newest; the older ones stay on disk only
  EXPECT_EQ(back.snapshots[0]->zxid, zxid(5));
  EXPECT_TRUE(dynamic_cast<const data::ZkDatabase&>(*back.snapshots[0]->image) ==
              dynamic_cast<const data::ZkDatabase&>(*history.images[5]));
  // A new segment started after the snapshot.
  const fs::path v2 = dir.path() / "version-2";
  EXPECT_EQ(records_in(v2 / "log.100000001"), 5u);
  EXPECT_EQ(records_in(v2 / "log.100000006"), history.size() - 5);
  EXPECT_TRUE(fs::exists(v2 / "snapshot.100000005"));
  // Replaying what was read gives the final database.
  StateImageRef image = back.snapshots[0]->image;
  for (const auto& txn : back.log.entries_after(back.snapshots[0]->zxid))
    image = image->apply(*txn);
  EXPECT_EQ(image->fingerprint(), history.images.back()->fingerprint());
}

TEST(DataDir, LogsGoToDataLogDirAndEachStartBeginsANewSegment) {
  TempDir dir;
  History history;
  Transcript said;
  const fs::path data = dir.path() / "data", logs = dir.path() / "logs";
  for (size_t start = 0; start < 6; start += 3) {
    DataDir disk(said.options(data, logs));
    disk.load();
    if (start == 0) {
      disk.apply(WriteAcceptedEpoch{Epoch{1}});
      disk.apply(WriteCurrentEpoch{Epoch{1}});
    }
    for (size_t k = start; k < start + 3; ++k)
      disk.apply(AppendTxn{history.txn(k)});
    disk.sync();
  }
  EXPECT_EQ(names_in(logs / "version-2"),
            (std::vector<std::string>{"log.100000001", "log.100000004"}));
  EXPECT_EQ(names_in(data / "version-2"),
            (std::vector<std::string>{"acceptedEpoch", "currentEpoch", "snapshot.0"}));
  DataDir disk(said.options(data, logs));
  EXPECT_EQ(zxids(disk.load().log), range(1, 6));
}

TEST(DataDir, WhatWasNotSyncedIsLostWholeAndTheRestReads) {
  TempDir dir;
  History history;
  Transcript said;
  {
    DataDir disk(said.options(dir.path()));
    disk.load();
    disk.apply(WriteAcceptedEpoch{Epoch{1}});
    disk.apply(WriteCurrentEpoch{Epoch{1}});
    disk.apply(AppendTxn{history.txn(0)});
    disk.apply(AppendTxn{history.txn(1)});
    disk.sync();
    disk.apply(AppendTxn{history.txn(2)});  // a crash before the sync
  }
  {
    DataDir disk(said.options(dir.path()));
    EXPECT_EQ(zxids(disk.load().log), range(1, 2));
    disk.apply(AppendTxn{history.txn(2)});  // nothing synced in this run either
  }
  // The segment the second run created holds no record: load removes it.
  DataDir disk(said.options(dir.path()));
  EXPECT_EQ(zxids(disk.load().log), range(1, 2));
  EXPECT_FALSE(fs::exists(dir.path() / "version-2" / "log.100000003"));
  EXPECT_NE(said.find({"log.100000003", "no intact record"}), "") << said.all();
}

TEST(DataDir, EpochFilesAreWrittenAtomicallyAsDecimals) {
  TempDir dir;
  Transcript said;
  DataDir disk(said.options(dir.path()));
  disk.load();
  disk.apply(WriteAcceptedEpoch{Epoch{7}});
  disk.apply(WriteCurrentEpoch{Epoch{6}});
  const fs::path v2 = dir.path() / "version-2";
  EXPECT_EQ(slurp(v2 / "acceptedEpoch"), "7");
  EXPECT_EQ(slurp(v2 / "currentEpoch"), "6");
  EXPECT_FALSE(fs::exists(v2 / "acceptedEpoch.tmp"));
  DataDir again(said.options(dir.path()));
  const auto state = again.load();
  EXPECT_EQ(state.accepted_epoch, Epoch{7});
  EXPECT_EQ(state.current_epoch, Epoch{6});
}

TEST(DataDir, TheUpdatingEpochMarkerComesAndGoes) {
  TempDir dir;
  Transcript said;
  const fs::path marker = dir.path() / "version-2" / "updatingEpoch";
  {
    DataDir disk(said.options(dir.path()));
    disk.load();
    disk.apply(WriteUpdatingEpoch{true});
    EXPECT_TRUE(fs::exists(marker));
  }
  DataDir disk(said.options(dir.path()));
  EXPECT_TRUE(disk.load().updating_epoch);
  disk.apply(WriteUpdatingEpoch{false});
  EXPECT_FALSE(fs::exists(marker));
  disk.apply(WriteUpdatingEpoch{false});  // already gone
  DataDir again(said.options(dir.path()));
  EXPECT_FALSE(again.load().updating_epoch);
}

// log.100000001 holds 1..3, snapshot.100000003, log.100000004 holds 4..6.
void two_segments(const fs::path& path, const History& history, Transcript& said) {
  DataDir disk(said.options(path));
  disk.load();
  disk.apply(WriteAcceptedEpoch{Epoch{1}});
  disk.apply(WriteCurrentEpoch{Epoch{1}});
  for (size_t k = 0; k < 3; ++k)
    disk.apply(AppendTxn{history.txn(k)});
  disk.apply(WriteSnapshot{history.snapshot_after(3)});
  for (size_t k = 3; k < 6; ++k)
    disk.apply(AppendTxn{history.txn(k)});
  disk.sync();
}

TEST(DataDir, TruncationKeepsTxnsUpToTheZxidAndDropsNewerLogsAndSnapshots) {
  TempDir dir;
  History history;
  Transcript said;
  two_segments(dir.path(), history, said);
  const fs::path v2 = dir.path() / "version-2";
  {
    DataDir disk(said.options(dir.path()));
    EXPECT_EQ(zxids(disk.load().log), range(1, 6));
    disk.apply(TruncateLog{zxid(5)});
    EXPECT_EQ(records_in(v2 / "log.100000004"), 2u);
    disk.apply(TruncateLog{zxid(2)});
    disk.sync();
  }
  EXPECT_EQ(names_in(v2), (std::vector<std::string>{"acceptedEpoch", "currentEpoch",
                                                    "log.100000001", "snapshot.0"}));
  EXPECT_EQ(records_in(v2 / "log.100000001"), 2u);
  EXPECT_NE(said.find({"snapshot.100000003", "newer than the truncation point"}), "");
  // Appending again starts a new segment after the kept records.
  {
    DataDir disk(said.options(dir.path()));
    const auto state = disk.load();
    EXPECT_EQ(zxids(state.log), range(1, 2));
    EXPECT_EQ(state.snapshots[0]->zxid, Zxid{0});
    disk.apply(AppendTxn{history.txn(2)});
    disk.sync();
  }
  EXPECT_EQ(records_in(v2 / "log.100000003"), 1u);
  DataDir disk(said.options(dir.path()));
  EXPECT_EQ(zxids(disk.load().log), range(1, 3));
}

TEST(DataDir, TruncationBelowEverySnapshotIsRefused) {
  TempDir dir;
  History history;
  Transcript said;
  two_segments(dir.path(), history, said);
  fs::remove(dir.path() / "version-2" / "snapshot.0");
  DataDir disk(said.options(dir.path()));
  disk.load();
  try {
    disk.apply(TruncateLog{zxid(2)});
    FAIL() << "no error";
  } catch (const DataDirError& e) {
    EXPECT_NE(std::string(e.what()).find("every snapshot"), std::string::npos) << e.what();
  }
  // Nothing was cut.
  EXPECT_EQ(records_in(dir.path() / "version-2" / "log.100000004"), 3u);
}

TEST(DataDir, PurgeKeepsTheNewestSnapshotsAndTheLogsTheyNeed) {
  TempDir dir;
  History history;
  Transcript said;
  {
    DataDir disk(said.options(dir.path()));
    disk.load();
    disk.apply(WriteAcceptedEpoch{Epoch{1}});
    disk.apply(WriteCurrentEpoch{Epoch{1}});
    for (size_t k = 0; k < 12; ++k) {
      disk.apply(AppendTxn{history.txn(k)});
      if (k % 3 == 2) disk.apply(WriteSnapshot{history.snapshot_after(k + 1)});
    }
    disk.sync();
    EXPECT_THROW(disk.purge(2), DataDirError);
    const auto report = disk.purge(3);
    // snapshot.0, snapshot.100000003, log.100000001. log.100000004 stays: it starts at or before
    // the oldest kept snapshot, so ZooKeeper cannot tell it holds nothing after it.
    EXPECT_EQ(report.removed.size(), 3u);
  }
  const fs::path v2 = dir.path() / "version-2";
  EXPECT_EQ(names_in(v2),
            (std::vector<std::string>{"acceptedEpoch", "currentEpoch", "log.100000004",
                                      "log.100000007", "log.10000000a", "snapshot.100000006",
                                      "snapshot.100000009", "snapshot.10000000c"}));
  DataDir disk(said.options(dir.path()));
  const auto state = disk.load();
  EXPECT_EQ(state.snapshots[0]->zxid, zxid(12));
  EXPECT_EQ(zxids(state.log), range(4, 12));
  // Purging again removes nothing.
  EXPECT_TRUE(disk.purge(3).removed.empty());
}

TEST(DataDir, PurgeKeepsTheLogThatStartedBeforeTheOldestKeptSnapshot) {
  // PurgeTxnLog: a log named below the oldest kept snapshot may hold txns after it.
  TempDir dir;
  History history;
  Transcript said;
  {
    DataDir disk(said.options(dir.path()));
    disk.load();
    disk.apply(WriteAcceptedEpoch{Epoch{1}});
    disk.apply(WriteCurrentEpoch{Epoch{1}});
    for (size_t k = 0; k < 4; ++k)
      disk.apply(AppendTxn{history.txn(k)});
    disk.sync();
  }
  // Snapshots written by hand in the middle of log.100000001, as a learner's sync may leave them.
  const fs::path v2 = dir.path() / "version-2";
  for (size_t count : {1, 2, 3}) {
    spit(
        v2 / storage::snapshot_file_name(zxid(static_cast<uint32_t>(count))),
        storage::encode_snapshot_file(dynamic_cast<const data::ZkDatabase&>(*history.images[count]),
                                      zxid(static_cast<uint32_t>(count))));
  }
  DataDir disk(said.options(dir.path()));
  disk.load();
  const auto report = disk.purge(3);
  ASSERT_EQ(report.removed.size(), 1u);
  EXPECT_EQ(report.removed[0].filename(), "snapshot.0");
  EXPECT_TRUE(fs::exists(v2 / "log.100000001"));
}

TEST(DataDir, RefusesSnapshotsItCannotOrMustNotWrite) {
  TempDir dir;
  History history;
  Transcript said;
  DataDir disk(said.options(dir.path()));
  disk.load();
  EXPECT_THROW(disk.apply(WriteSnapshot{make_snapshot(make_counter_image(), TxnLog{})}),
               DataDirError);
  disk.apply(AppendTxn{history.txn(0)});
  disk.apply(AppendTxn{history.txn(1)});
  disk.apply(WriteSnapshot{history.snapshot_after(2)});
  try {
    disk.apply(WriteSnapshot{history.snapshot_after(1)});
    FAIL() << "an older snapshot was written";
  } catch (const DataDirError& e) {
    EXPECT_NE(std::string(e.what()).find("snapshot.100000002"), std::string::npos) << e.what();
  }
  // The same zxid again is fine (a rename over the old file).
  disk.apply(WriteSnapshot{history.snapshot_after(2)});
}

}  // namespace
}  // namespace zab::runtime
