// DataDir::load after a crash or damage: torn and corrupt log tails, damaged snapshots, missing
// files, epoch files that are missing or unreadable, leftovers of an interrupted write; and a
// data directory Apache ZooKeeper 3.8 wrote.
#include <gtest/gtest.h>

#include "impl/quorum/peer.h"
#include "impl/storage/file_names.h"
#include "impl/storage/snapshot_file.h"
#include "impl/storage/txn_log.h"
#include "tests/storage/data_dir_fixture.h"

namespace zab::runtime {
namespace {

using namespace testing;  // NOLINT
using storage::testing::slurp;
using storage::testing::spit;

std::vector<Zxid> logged_zxids(const TxnLog& log) {
  std::vector<Zxid> out;
  for (const auto& txn : log.entries())
    out.push_back(txn->zxid());
  return out;
}

std::vector<Zxid> logged_range(uint32_t first, uint32_t last) {
  std::vector<Zxid> out;
  for (uint32_t c = first; c <= last; ++c)
    out.push_back(zxid(c));
  return out;
}

// One run that leaves: epochs 1, log.100000001 (txns 1..3), snapshot.100000003, log.100000004
// (txns 4..6).
void two_segments(const fs::path& path, const History& history) {
  Transcript quiet;
  DataDir disk(quiet.options(path));
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

std::string load_error(const fs::path& path, Transcript& said) {
  try {
    DataDir disk(said.options(path));
    disk.load();
  } catch (const DataDirError& e) {
    return e.what();
  }
  return "loaded without an error";
}

TEST(DataDirRecovery, ATornTailAtEveryByteOfTheLastRecordIsCutAtTheRecordBefore) {
  TempDir dir;
  History history;
  two_segments(dir.path() / "orig", history);
  const std::string log = slurp(dir.path() / "orig" / "version-2" / "log.100000004");
  const auto scan = storage::scan_log(log);
  ASSERT_EQ(scan.records.size(), 3u);
  const uint64_t last = scan.records[2].offset;
  for (uint64_t cut = last + 1; cut < log.size(); ++cut) {
    const fs::path copy = dir.path() / ("cut" + std::to_string(cut));
    fs::copy(dir.path() / "orig", copy, fs::copy_options::recursive);
    spit(copy / "version-2" / "log.100000004", log.substr(0, cut));
    Transcript said;
    DataDir disk(said.options(copy));
    const DurableState state = disk.load();
    EXPECT_EQ(logged_zxids(state.log), logged_range(1, 5)) << cut;
    EXPECT_EQ(fs::file_size(copy / "version-2" / "log.100000004"), last) << cut;
    const std::string line = said.find(
        {"log.100000004", "short record", "offset " + std::to_string(last), "truncated the log"});
    EXPECT_NE(line, "") << cut << "\n" << said.all();
    fs::remove_all(copy);
  }
}

TEST(DataDirRecovery, AFlippedByteInTheNewestLogIsCutThereAndInAnOlderLogIsAnError) {
  TempDir dir;
  History history;
  two_segments(dir.path() / "orig", history);
  const fs::path newest = dir.path() / "orig" / "version-2" / "log.100000004";
  const auto scan = storage::scan_log(slurp(newest));
  {
    // A byte in the middle record's entry: the records after it go too.
    fs::copy(dir.path() / "orig", dir.path() / "a", fs::copy_options::recursive);
    std::string bytes = slurp(newest);
    bytes[scan.records[1].offset + 20] ^= 0x10;
    spit(dir.path() / "a" / "version-2" / "log.100000004", bytes);
    Transcript said;
    DataDir disk(said.options(dir.path() / "a"));
    EXPECT_EQ(logged_zxids(disk.load().log), logged_range(1, 4));
    EXPECT_NE(said.find({"log.100000004", "bad checksum",
                         "offset " + std::to_string(scan.records[1].offset)}),
              "")
        << said.all();
  }
  {
    // The same in log.100000001, which log.100000004 follows: synced data is damaged.
    fs::copy(dir.path() / "orig", dir.path() / "b", fs::copy_options::recursive);
    const fs::path older = dir.path() / "b" / "version-2" / "log.100000001";
    std::string bytes = slurp(older);
    bytes[bytes.size() - 1] = 'X';  // the last record's end-of-record byte
    spit(older, bytes);
    Transcript said;
    const std::string error = load_error(dir.path() / "b", said);
    EXPECT_NE(error.find("log.100000001"), std::string::npos) << error;
    EXPECT_NE(error.find("not 0x42"), std::string::npos) << error;
    EXPECT_NE(error.find("newer logs follow"), std::string::npos) << error;
  }
}

TEST(DataDirRecovery, ANewestLogWithABadHeaderIsRemoved) {
  TempDir dir;
  History history;
  two_segments(dir.path(), history);
  const fs::path newest = dir.path() / "version-2" / "log.100000004";
  std::string bytes = slurp(newest);
  bytes[1] = 'Q';
  spit(newest, bytes);
  Transcript said;
  DataDir disk(said.options(dir.path()));
  EXPECT_EQ(logged_zxids(disk.load().log), logged_range(1, 3));
  EXPECT_FALSE(fs::exists(newest));
  EXPECT_NE(said.find({"log.100000004", "invalid magic number"}), "") << said.all();
}

TEST(DataDirRecovery, ADamagedSnapshotIsSkippedForTheOneBefore) {
  TempDir dir;
  History history;
  two_segments(dir.path() / "orig", history);
  const std::string snap = slurp(dir.path() / "orig" / "version-2" / "snapshot.100000003");
  // Truncated at a few lengths, a flipped byte, and emptied.
  const std::vector<std::string> damaged{snap.substr(0, 10), snap.substr(0, snap.size() / 2),
                                         snap.substr(0, snap.size() - 1),
                                         [&] {
                                           std::string s = snap;
                                           s[s.size() / 3] ^= 0x04;
                                           return s;
                                         }(),
                                         ""};
  for (size_t k = 0; k < damaged.size(); ++k) {
    const fs::path copy = dir.path() / ("d" + std::to_string(k));
    fs::copy(dir.path() / "orig", copy, fs::copy_options::recursive);
    spit(copy / "version-2" / "snapshot.100000003", damaged[k]);
    Transcript said;
    DataDir disk(said.options(copy));
    const DurableState state = disk.load();
    EXPECT_EQ(state.snapshots[0]->zxid, Zxid{0}) << k;
    EXPECT_EQ(logged_zxids(state.log), logged_range(1, 6)) << k;
    EXPECT_NE(said.find({"problem reading snap file", "snapshot.100000003"}), "") << said.all();
    // The replay from snapshot.0 reaches the same database.
    StateImageRef image = state.snapshots[0]->image;
    for (const auto& txn : state.log.entries_after(Zxid{0}))
      image = image->apply(*txn);
    EXPECT_EQ(image->fingerprint(), history.images[6]->fingerprint()) << k;
  }
  // With every snapshot damaged there is nothing to start from.
  const fs::path none = dir.path() / "none";
  fs::copy(dir.path() / "orig", none, fs::copy_options::recursive);
  spit(none / "version-2" / "snapshot.100000003", "");
  spit(none / "version-2" / "snapshot.0", "junk");
  Transcript said;
  const std::string error = load_error(none, said);
  EXPECT_NE(error.find("Not able to find valid snapshots"), std::string::npos) << error;
}

TEST(DataDirRecovery, LogsWithoutAnySnapshotAreAnError) {
  TempDir dir;
  History history;
  two_segments(dir.path(), history);
  fs::remove(dir.path() / "version-2" / "snapshot.0");
  fs::remove(dir.path() / "version-2" / "snapshot.100000003");
  Transcript said;
  const std::string error = load_error(dir.path(), said);
  EXPECT_NE(error.find("No snapshot found"), std::string::npos) << error;
  EXPECT_NE(error.find("0x100000006"), std::string::npos) << error;
}

TEST(DataDirRecovery, MissingOrUnreadableEpochFilesAreErrorsThatNameThem) {
  TempDir dir;
  History history;
  two_segments(dir.path() / "orig", history);
  for (const std::string name : {"currentEpoch", "acceptedEpoch"}) {
    const fs::path copy = dir.path() / ("missing-" + name);
    fs::copy(dir.path() / "orig", copy, fs::copy_options::recursive);
    fs::remove(copy / "version-2" / name);
    Transcript said;
    const std::string error = load_error(copy, said);
    EXPECT_NE(error.find((copy / "version-2" / name).string() + " is missing"), std::string::npos)
        << error;
    for (const std::string contents : {"", "one", "-1", "1 ", "99999999999"}) {
      const fs::path bad = dir.path() / ("bad-" + name);
      fs::copy(dir.path() / "orig", bad, fs::copy_options::recursive);
      spit(bad / "version-2" / name, contents);
      const std::string e = load_error(bad, said);
      EXPECT_NE(e.find((bad / "version-2" / name).string()), std::string::npos) << e;
      fs::remove_all(bad);
    }
  }
  // ZooKeeper's upgrade rule, when asked for: the epoch of the last zxid.
  const fs::path adopt = dir.path() / "adopt";
  fs::copy(dir.path() / "orig", adopt, fs::copy_options::recursive);
  fs::remove(adopt / "version-2" / "currentEpoch");
  fs::remove(adopt / "version-2" / "acceptedEpoch");
  Transcript said;
  DataDirOptions options = said.options(adopt);
  options.adopt_missing_epochs = true;
  DataDir disk(options);
  const DurableState state = disk.load();
  EXPECT_EQ(state.current_epoch, Epoch{1});
  EXPECT_EQ(state.accepted_epoch, Epoch{1});
  EXPECT_EQ(slurp(adopt / "version-2" / "currentEpoch"), "1");
  EXPECT_NE(said.find({"currentEpoch not found", "reasonable default of 1"}), "") << said.all();
}

TEST(DataDirRecovery, WithoutTxnsAMissingEpochIsZeroOnlyIfNoOtherEpochWasEverWritten) {
  TempDir dir;
  Transcript said;
  {
    DataDir disk(said.options(dir.path()));
    disk.load();
  }
  const fs::path v2 = dir.path() / "version-2";
  // ZooKeeper's order is snapshot.0, currentEpoch, acceptedEpoch: a crash between the two.
  fs::remove(v2 / "acceptedEpoch");
  {
    DataDir disk(said.options(dir.path()));
    EXPECT_EQ(disk.load().accepted_epoch, Epoch{0});
    EXPECT_EQ(slurp(v2 / "acceptedEpoch"), "0");
  }
  // An election happened (acceptedEpoch 3), no txn yet, and currentEpoch is gone: not fresh.
  spit(v2 / "acceptedEpoch", "3");
  fs::remove(v2 / "currentEpoch");
  const std::string error = load_error(dir.path(), said);
  EXPECT_NE(error.find("currentEpoch is missing"), std::string::npos) << error;
}

TEST(DataDirRecovery, ACurrentEpochTmpLeftByACrashedRenameIsUsed) {
  // QuorumPeer.loadDataBase: currentEpoch is behind the log, currentEpoch.tmp holds the new one.
  TempDir dir;
  History history;
  two_segments(dir.path(), history);
  const fs::path v2 = dir.path() / "version-2";
  spit(v2 / "currentEpoch", "0");
  spit(v2 / "currentEpoch.tmp", "1");
  Transcript said;
  DataDir disk(said.options(dir.path()));
  EXPECT_EQ(disk.load().current_epoch, Epoch{1});
  EXPECT_EQ(slurp(v2 / "currentEpoch"), "1");
  EXPECT_NE(said.find({"currentEpoch.tmp found"}), "") << said.all();
}

TEST(DataDirRecovery, LeftoversOfAnInterruptedSnapshotAreRemovedAndCompressedOnesRefused) {
  TempDir dir;
  History history;
  two_segments(dir.path(), history);
  const fs::path v2 = dir.path() / "version-2";
  spit(v2 / "tmp.snapshot.100000006", "half a snapshot");
  {
    Transcript said;
    DataDir disk(said.options(dir.path()));
    EXPECT_EQ(disk.load().snapshots[0]->zxid, zxid(3));
    EXPECT_FALSE(fs::exists(v2 / "tmp.snapshot.100000006"));
  }
  spit(v2 / "snapshot.100000006.gz", "gzip");
  Transcript said;
  const std::string error = load_error(dir.path(), said);
  EXPECT_NE(error.find("snapshot.100000006.gz is compressed"), std::string::npos) << error;
}

TEST(DataDirRecovery, ReadsTheDataDirectoryZooKeeperWrote) {
  TempDir dir;
  fs::copy(fs::path(ZAB_STORAGE_GOLDEN_DIR) / "zk38", dir.path(), fs::copy_options::recursive);
  Transcript said;
  DataDir disk(said.options(dir.path()));
  const DurableState state = disk.load();
  EXPECT_EQ(state.accepted_epoch, Epoch{1});
  EXPECT_EQ(state.current_epoch, Epoch{1});
  EXPECT_FALSE(state.updating_epoch);
  EXPECT_EQ(state.snapshots[0]->zxid, zxid(0x13));
  EXPECT_EQ(logged_zxids(state.log), logged_range(1, 0x17));
  // The newest snapshot plus the txns after it is what replaying everything from snapshot.0 gives.
  StateImageRef from_newest = state.snapshots[0]->image;
  for (const auto& txn : state.log.entries_after(state.snapshots[0]->zxid))
    from_newest = from_newest->apply(*txn);
  auto oldest = storage::decode_snapshot_file(slurp(dir.path() / "version-2" / "snapshot.0"));
  ASSERT_TRUE(oldest);
  StateImageRef from_oldest = oldest.value().database;
  for (const auto& txn : state.log.entries())
    from_oldest = from_oldest->apply(*txn);
  EXPECT_EQ(from_newest->fingerprint(), from_oldest->fingerprint());
  // Nothing was repaired: ZooKeeper's preallocated tails are its normal end of log.
  for (const auto& line : said.lines)
    EXPECT_EQ(line.level, DataDirLogLevel::kInfo) << line.message;
  // Appending continues in a new segment after ZooKeeper's.
  History history;
  disk.apply(AppendTxn{make_txn(zxid(0x18), history.txn(2)->payload())});
  disk.sync();
  DataDir again(said.options(dir.path()));
  EXPECT_EQ(logged_zxids(again.load().log), logged_range(1, 0x18));
  EXPECT_TRUE(fs::exists(dir.path() / "version-2" / "log.100000018"));
}

TEST(DataDirRecovery, ZooKeepersEmptySnapshotDigestIsNotCompared) {
  // A server that has applied no txn writes the empty ZxidDigest (zxid 0, digest 0) into its
  // first snapshot; readers skip it. The golden snapshot.0 is such a one, alone here.
  TempDir dir;
  const fs::path golden = fs::path(ZAB_STORAGE_GOLDEN_DIR) / "zk38" / "version-2";
  fs::create_directories(dir.path() / "version-2");
  for (const char* name : {"snapshot.0", "acceptedEpoch", "currentEpoch"})
    fs::copy(golden / name, dir.path() / "version-2" / name);
  const auto file = storage::decode_snapshot_file(slurp(golden / "snapshot.0"));
  ASSERT_TRUE(file);
  ASSERT_TRUE(file.value().digest.has_value());
  EXPECT_EQ(file.value().digest->zxid, Zxid{});
  EXPECT_EQ(file.value().digest->digest, 0);
  Transcript said;
  DataDir disk(said.options(dir.path()));
  EXPECT_EQ(disk.load().snapshots[0]->zxid, Zxid{});
  EXPECT_EQ(said.find({"Digests are not matching"}), "") << said.all();
}

}  // namespace
}  // namespace zab::runtime

namespace zab::runtime {
namespace {

using namespace testing;  // NOLINT
using storage::testing::slurp;
using storage::testing::spit;

// Performs a step's disk effects the way the runtime's disk thread does.
void perform_disk_effects(DataDir& disk, const Outbox& out) {
  for (const auto& effect : out.effects()) {
    if (const auto* p = std::get_if<Persist>(&effect)) disk.apply(p->write);
    if (std::holds_alternative<Sync>(effect)) disk.sync();
  }
}

TEST(DataDirWithPeer, APeerRecoversFromWhatWasLoadedAndItsRecoveryWritesLand) {
  TempDir dir;
  fs::copy(fs::path(ZAB_STORAGE_GOLDEN_DIR) / "zk38", dir.path(), fs::copy_options::recursive);
  const fs::path v2 = dir.path() / "version-2";
  // The learner died after logging epoch 1's txns but before writing currentEpoch 1.
  spit(v2 / "currentEpoch", "0");
  spit(v2 / "updatingEpoch", "");
  Transcript said;
  {
    DataDir disk(said.options(dir.path()));
    const DurableState state = disk.load();
    EXPECT_TRUE(state.updating_epoch);
    EXPECT_EQ(Peer::recovery_error(state), std::nullopt);
    Outbox out;
    const PeerState peer = Peer::recover(make_config(1), NodeId{1}, state, out);
    EXPECT_EQ(peer.last_processed, Zxid::make(Epoch{1}, 0x17));
    EXPECT_EQ(peer.durable.current_epoch, Epoch{1});
    perform_disk_effects(disk, out);
  }
  EXPECT_EQ(slurp(v2 / "currentEpoch"), "1");
  EXPECT_FALSE(fs::exists(v2 / "updatingEpoch"));
  DataDir disk(said.options(dir.path()));
  const DurableState again = disk.load();
  EXPECT_EQ(again.current_epoch, Epoch{1});
  EXPECT_FALSE(again.updating_epoch);
  // Without the marker the same files are refused, as ZooKeeper refuses them.
  spit(v2 / "currentEpoch", "0");
  DataDir refused(said.options(dir.path()));
  EXPECT_NE(Peer::recovery_error(refused.load()), std::nullopt);
}

}  // namespace
}  // namespace zab::runtime
