// A data directory Apache ZooKeeper 3.8 wrote (tests/storage/golden/zk38, made by
// zk38_data_dir.sh: a one-server ensemble, snapCount=4, every txn type). Our readers must read
// every file, and replaying its logs through impl/data must give, after every txn, exactly the
// tree digest ZooKeeper recorded in that txn's TxnDigest: the digest function and the data tree's
// semantics (stats, cversion, pzxid, ephemerals, containers, TTLs) checked against ZooKeeper.
#include <gtest/gtest.h>

#include <map>

#include "impl/data/database.h"
#include "impl/data/txn.h"
#include "impl/data/zk_digest.h"
#include "impl/storage/file_names.h"
#include "impl/storage/log_entry.h"
#include "impl/storage/snapshot_file.h"
#include "impl/storage/txn_log.h"
#include "tests/storage/zk_replay.h"

namespace zab::storage {
namespace {

namespace fs = std::filesystem;
const fs::path kDir = fs::path(ZAB_STORAGE_GOLDEN_DIR) / "zk38" / "version-2";

std::map<Zxid, fs::path> files(std::string_view prefix) {
  std::map<Zxid, fs::path> out;
  for (const auto& e : fs::directory_iterator(kDir))
    if (auto z = zxid_from_name(e.path().filename().string(), prefix)) out[*z] = e.path();
  return out;
}

std::vector<LogEntry> all_entries() {
  std::vector<LogEntry> out;
  for (const auto& [start, path] : files("log")) {
    const std::string bytes = testing::slurp(path);
    const LogScan scan = scan_log(bytes);
    EXPECT_EQ(scan.damage, LogDamage::kNone) << path << ": " << scan.reason;
    EXPECT_EQ(scan.header, (FileHeader{kTxnLogMagic, 2, 0})) << path;
    EXPECT_FALSE(scan.records.empty()) << path;
    // ZooKeeper preallocated the file (preAllocSize=1 KiB): zeros follow the last record.
    EXPECT_LT(scan.end_offset, bytes.size()) << path;
    for (const auto& record : scan.records) {
      auto entry = decode_log_entry(record.entry);
      EXPECT_TRUE(entry) << path << " @" << record.offset << ": " << entry.error().message;
      if (entry) out.push_back(std::move(entry).value());
    }
    if (!scan.records.empty()) {
      EXPECT_EQ(decode_log_entry(scan.records.front().entry).value().txn->zxid(), start) << path;
    }
  }
  return out;
}

std::shared_ptr<const data::ZkDatabase> read_snapshot(const fs::path& path,
                                                      std::optional<ZxidDigest>* digest = nullptr) {
  auto file = decode_snapshot_file(testing::slurp(path));
  EXPECT_TRUE(file) << path << ": " << (file ? "" : file.error().message);
  if (!file) return nullptr;
  if (digest) *digest = file.value().digest;
  return file.value().database;
}

TEST(StorageZk38Golden, EveryLogRecordReadsAndHasADigest) {
  const auto entries = all_entries();
  ASSERT_EQ(entries.size(), 23u);
  for (size_t k = 0; k < entries.size(); ++k) {
    EXPECT_EQ(entries[k].txn->zxid(), Zxid::make(Epoch{1}, static_cast<uint32_t>(k + 1)));
    // PrepRequestProcessor attaches a digest to every txn but an error txn.
    const auto type = data::decode_txn(entries[k].txn->payload()).value().header.type;
    EXPECT_EQ(entries[k].digest.has_value(), type != data::OpCode::kError) << k;
    if (entries[k].digest) {
      EXPECT_EQ(entries[k].digest->version, 2);
    }
  }
}

TEST(StorageZk38Golden, ReplayingTheLogMatchesZooKeepersDigestAfterEveryTxn) {
  const auto replay = testing::replay_with_digests(kDir);
  ASSERT_TRUE(replay.database);
  EXPECT_EQ(replay.compared, 21);
  const auto& final_db = *replay.database;
  const auto& tree = final_db.tree();
  EXPECT_EQ(*tree.find("/app")->data, "config-v2");
  EXPECT_EQ(tree.find("/app")->stat.version, 1);
  EXPECT_EQ(tree.find("/app/worker")->acl->at(0).id.id, "bob:ikIaKsbtGweaHnb/jKn7OHqbunM=");
  EXPECT_EQ(tree.find("/app/worker")->stat.aversion, 1);
  EXPECT_EQ(tree.find("/secret")->acl->at(0).id.id, "alice:V55/p2T0OpjQ+low3NVAH4aLvm0=");
  EXPECT_FALSE(tree.exists("/app/eph"));  // the session closed
  EXPECT_FALSE(tree.exists("/m1"));
  EXPECT_FALSE(tree.exists("/m3"));  // the failed multi
  EXPECT_EQ(*tree.find("/m2")->data, "\xc3\xbc");
  EXPECT_TRUE(tree.exists("/q/items/item-0000000000"));
  EXPECT_EQ(data::ephemeral_type(tree.find("/cont")->stat.ephemeral_owner),
            data::EphemeralType::kContainer);
  EXPECT_EQ(data::ttl_of(tree.find("/ttl")->stat.ephemeral_owner), 600000);
  EXPECT_EQ(*tree.find("/ttl")->data, "ttl-data-2");
  EXPECT_TRUE(final_db.sessions().empty());
  EXPECT_TRUE(tree.ephemeral_owners().empty());
}

TEST(StorageZk38Golden, EverySnapshotReadsAndItsDigestMatchesTheReplay) {
  const auto entries = all_entries();
  for (const auto& [zxid, path] : files("snapshot")) {
    std::optional<ZxidDigest> digest;
    const auto snap = read_snapshot(path, &digest);
    ASSERT_TRUE(snap);
    ASSERT_TRUE(digest.has_value()) << path;
    EXPECT_EQ(digest->version, 2);
    if (zxid == Zxid{0}) {
      EXPECT_EQ(digest->zxid, Zxid{0});  // an empty ZxidDigest: nothing processed yet
      // ZooKeeper's empty tree, with the quorum configuration in /zookeeper/config
      // (initConfigInZKDatabase).
      const auto config = snap->tree().find("/zookeeper/config");
      ASSERT_TRUE(config);
      EXPECT_NE(config->data->find("server.1=127.0.0.1:"), std::string::npos);
      EXPECT_TRUE(*snap == data::ZkDatabase().with_config(*config->data, config->stat.mzxid,
                                                          config->stat.mtime))
          << snap->describe();
      continue;
    }
    // Fuzzy: the digest is of the tree at digest->zxid, which the snapshot may run ahead of the
    // file name to. Replaying the txns after the name onto the snapshot reaches it.
    EXPECT_GE(digest->zxid, zxid) << path;
    StateImageRef db = snap;
    for (const auto& entry : entries)
      if (entry.txn->zxid() > zxid && entry.txn->zxid() <= digest->zxid) db = db->apply(*entry.txn);
    EXPECT_EQ(static_cast<int64_t>(dynamic_cast<const data::ZkDatabase&>(*db).tree().zk_digest()),
              digest->digest)
        << path;
    // And our encoding of what we read reads back the same.
    auto again = decode_snapshot_file(encode_snapshot_file(*snap, zxid));
    ASSERT_TRUE(again);
    EXPECT_TRUE(*again.value().database == *snap) << path;
  }
}

}  // namespace
}  // namespace zab::storage
