// Replays a data directory ZooKeeper wrote, from its oldest snapshot through every log record,
// comparing our tree digest after each txn with the TxnDigest ZooKeeper recorded in it.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "impl/data/database.h"
#include "impl/data/txn.h"
#include "impl/data/zk_digest.h"
#include "impl/storage/file_names.h"
#include "impl/storage/log_entry.h"
#include "impl/storage/snapshot_file.h"
#include "impl/storage/txn_log.h"
#include "tests/storage/storage_fixture.h"

namespace zab::storage::testing {

inline std::map<Zxid, std::filesystem::path> zxid_files(const std::filesystem::path& dir,
                                                        std::string_view prefix) {
  std::map<Zxid, std::filesystem::path> out;
  for (const auto& e : std::filesystem::directory_iterator(dir))
    if (auto z = zxid_from_name(e.path().filename().string(), prefix)) out[*z] = e.path();
  return out;
}

// Every record of every log in `dir`, in order; each log must scan cleanly.
inline std::vector<LogEntry> log_entries(const std::filesystem::path& dir) {
  std::vector<LogEntry> out;
  for (const auto& [start, path] : zxid_files(dir, "log")) {
    const std::string bytes = slurp(path);
    const LogScan scan = scan_log(bytes);
    EXPECT_EQ(scan.damage, LogDamage::kNone) << path << ": " << scan.reason;
    EXPECT_EQ(scan.header, (FileHeader{kTxnLogMagic, 2, 0})) << path;
    for (const auto& record : scan.records) {
      auto entry = decode_log_entry(record.entry);
      EXPECT_TRUE(entry) << path << " @" << record.offset << ": " << entry.error().message;
      if (entry) out.push_back(std::move(entry).value());
    }
  }
  return out;
}

struct Replay {
  std::shared_ptr<const data::ZkDatabase> database;  // after the last txn
  int compared = 0;                                  // txns that carried a digest
};

// From the oldest snapshot in `dir` (which must read), through every logged txn.
inline Replay replay_with_digests(const std::filesystem::path& dir) {
  Replay out;
  const auto snapshots = zxid_files(dir, "snapshot");
  EXPECT_FALSE(snapshots.empty()) << dir;
  if (snapshots.empty()) return out;
  auto first = decode_snapshot_file(slurp(snapshots.begin()->second));
  EXPECT_TRUE(first) << snapshots.begin()->second;
  if (!first) return out;
  StateImageRef db = first.value().database;
  for (const auto& entry : log_entries(dir)) {
    if (entry.txn->zxid() <= snapshots.begin()->first) continue;
    db = db->apply(*entry.txn);
    if (!entry.digest) continue;
    ++out.compared;
    const auto& tree = dynamic_cast<const data::ZkDatabase&>(*db).tree();
    EXPECT_EQ(tree.zk_digest(), tree.recompute_zk_digest()) << to_string(entry.txn->zxid());
    EXPECT_EQ(static_cast<int64_t>(tree.zk_digest()), entry.digest->tree_digest)
        << to_string(entry.txn->zxid()) << " "
        << data::describe(data::decode_txn(entry.txn->payload()).value());
  }
  out.database = std::dynamic_pointer_cast<const data::ZkDatabase>(db);
  return out;
}

}  // namespace zab::storage::testing
