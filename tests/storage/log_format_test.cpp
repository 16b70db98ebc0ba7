// The transaction log format: golden bytes from a log Apache ZooKeeper 3.8 wrote, round trips, and
// every way a file can end badly.
#include <gtest/gtest.h>

#include "impl/data/txn.h"
#include "impl/data/zk_digest.h"
#include "impl/storage/checksum.h"
#include "impl/storage/file_names.h"
#include "impl/storage/log_entry.h"
#include "impl/storage/txn_log.h"
#include "tests/storage/storage_fixture.h"

namespace zab::storage {
namespace {

using testing::unhex;

// The first record of tests/storage/golden/zk38/version-2/log.100000001: a createSession at zxid
// 0x100000001 (timeout 10000) with the TxnDigest {2, 0x51c6d660} of ZooKeeper's empty tree.
const std::string kZkEntry = unhex(
    "0100002ef3ef0000 00000000 0000000100000001 000001a24d07a8dc fffffff6 00002710"
    "00000002 0000000051c6d660");
const std::string kZkRecord = unhex("00000000e4a10b08 00000030") + kZkEntry + "B";

TEST(StorageChecksum, MatchesJavaUtilZip) {
  EXPECT_EQ(adler32(""), 1u);
  EXPECT_EQ(adler32("Wikipedia"), 0x11E60398u);  // the textbook example
  EXPECT_EQ(data::crc32(""), 0u);
  EXPECT_EQ(data::crc32("123456789"), 0xCBF43926u);  // CRC-32/ISO-HDLC check value
  EXPECT_EQ(adler32("pedia", adler32("Wiki")), adler32("Wikipedia"));
  EXPECT_EQ(adler32(kZkEntry), 0xe4a10b08u);
}

TEST(StorageLogEntry, DecodesZooKeepersEntryAndEncodesItBack) {
  auto decoded = decode_log_entry(kZkEntry);
  ASSERT_TRUE(decoded) << decoded.error().message;
  const Txn& txn = *decoded.value().txn;
  EXPECT_EQ(txn.zxid(), Zxid::make(Epoch{1}, 1));
  ASSERT_TRUE(decoded.value().digest.has_value());
  EXPECT_EQ(*decoded.value().digest, (data::TxnDigest{2, 0x51c6d660}));
  auto d = data::decode_txn(txn.payload());
  ASSERT_TRUE(d) << d.error().message;
  EXPECT_EQ(d.value().header.client_id, 0x100002ef3ef0000);
  EXPECT_EQ(d.value().header.cxid, 0);
  EXPECT_EQ(d.value().header.time_ms, 0x1a24d07a8dc);
  EXPECT_EQ(d.value().header.type, data::OpCode::kCreateSession);
  EXPECT_EQ(std::get<data::CreateSessionTxn>(d.value().record).timeout_ms, 10000);
  EXPECT_EQ(d.value().digest, decoded.value().digest);  // the payload keeps it
  // Back to the same bytes with the digest, and without it 12 bytes shorter.
  EXPECT_EQ(encode_log_entry(txn).value(), kZkEntry);
  auto without = d.value();
  without.digest.reset();
  EXPECT_EQ(encode_log_entry(Txn(txn.zxid(), data::encode_txn(without))).value(),
            kZkEntry.substr(0, kZkEntry.size() - 12));
  EXPECT_EQ(encode_log_record(kZkEntry), kZkRecord);
  EXPECT_EQ(entry_zxid(kZkEntry), Zxid::make(Epoch{1}, 1));
}

TEST(StorageLogEntry, RoundTripsEveryTxnOfARichHistory) {
  const auto h = testing::rich_database();
  for (const auto& txn : h.log) {
    auto entry = encode_log_entry(*txn);
    ASSERT_TRUE(entry);
    auto back = decode_log_entry(entry.value());
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_TRUE(*back.value().txn == *txn) << to_string(txn->zxid());
    EXPECT_FALSE(back.value().digest.has_value());
    auto decoded = data::decode_txn(txn->payload()).value();
    decoded.digest = data::TxnDigest{2, -5};
    const Txn digested(txn->zxid(), data::encode_txn(decoded));
    auto with = decode_log_entry(encode_log_entry(digested).value());
    ASSERT_TRUE(with) << with.error().message;
    EXPECT_TRUE(*with.value().txn == digested);
    EXPECT_EQ(with.value().digest, (data::TxnDigest{2, -5}));
  }
}

TEST(StorageLogEntry, CloseSessionWithoutARecordBecomesAnEmptyCloseSessionTxn) {
  // zookeeper.closeSessionTxn.enabled=false: the entry is the header alone (plus a digest).
  const std::string header = unhex(
      "0100002ef3ef0000 00000007 0000000100000009 000001a24d07a8dc"
      "fffffff5");
  for (const std::string& entry : {header, header + unhex("00000002 0000000000000007")}) {
    auto decoded = decode_log_entry(entry);
    ASSERT_TRUE(decoded) << decoded.error().message;
    auto d = data::decode_txn(decoded.value().txn->payload());
    ASSERT_TRUE(d);
    EXPECT_EQ(d.value().header.type, data::OpCode::kCloseSession);
    EXPECT_TRUE(std::get<data::CloseSessionTxn>(d.value().record).paths_to_delete.empty());
    EXPECT_EQ(d.value().digest.has_value(), entry.size() > header.size());
  }
}

TEST(StorageLogEntry, RejectsWhatDoesNotDecode) {
  EXPECT_FALSE(decode_log_entry(kZkEntry.substr(0, 20)));
  // An unknown type (reconfig, 16, is not supported by impl/data either).
  std::string unknown = kZkEntry;
  unknown[31] = 99;
  auto bad = decode_log_entry(unknown);
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("0x100000001"), std::string::npos) << bad.error().message;
  // A record with a byte missing from its middle.
  std::string short_record = kZkEntry;
  short_record.erase(33, 1);
  EXPECT_FALSE(decode_log_entry(short_record));
  EXPECT_FALSE(encode_log_entry(Txn(Zxid{1}, "short")));
}

// A log of three records, as our writer lays it out.
struct ThreeRecords {
  ThreeRecords() {
    bytes = encode_log_header();
    const auto h = testing::rich_database();
    for (size_t k = 0; k < 3; ++k) {
      offsets.push_back(bytes.size());
      bytes += encode_log_record(encode_log_entry(*h.log[k]).value());
    }
  }
  std::string bytes;
  std::vector<uint64_t> offsets;
};

TEST(StorageTxnLog, HeaderIsZklgVersion2Dbid0) {
  EXPECT_EQ(encode_log_header(), unhex("5a4b4c47 00000002 0000000000000000"));
  const auto scan = scan_log(encode_log_header());
  EXPECT_EQ(scan.damage, LogDamage::kNone);
  EXPECT_TRUE(scan.records.empty());
  EXPECT_EQ(scan.end_offset, 16u);
  EXPECT_EQ(scan.header, (FileHeader{kTxnLogMagic, 2, 0}));
}

TEST(StorageTxnLog, ScansEveryRecordAndStopsAtAZeroFilledTail) {
  const ThreeRecords log;
  for (const std::string& file : {log.bytes, log.bytes + std::string(4096, '\0')}) {
    const auto scan = scan_log(file);
    EXPECT_EQ(scan.damage, LogDamage::kNone) << scan.reason;
    ASSERT_EQ(scan.records.size(), 3u);
    EXPECT_EQ(scan.end_offset, log.bytes.size());
    for (size_t k = 0; k < 3; ++k)
      EXPECT_EQ(scan.records[k].offset, log.offsets[k]);
  }
}

TEST(StorageTxnLog, ATornTailAtEveryByteOfTheLastRecordKeepsTheRecordsBefore) {
  const ThreeRecords log;
  for (size_t cut = log.offsets[2] + 1; cut < log.bytes.size(); ++cut) {
    const auto scan = scan_log(std::string_view(log.bytes).substr(0, cut));
    EXPECT_EQ(scan.damage, LogDamage::kShortRecord) << cut;
    EXPECT_EQ(scan.records.size(), 2u) << cut;
    EXPECT_EQ(scan.end_offset, log.offsets[2]) << cut;
    EXPECT_NE(scan.reason.find("offset " + std::to_string(log.offsets[2])), std::string::npos)
        << scan.reason;
  }
  // Cut exactly at a record boundary: a clean, shorter log.
  EXPECT_EQ(scan_log(std::string_view(log.bytes).substr(0, log.offsets[2])).damage,
            LogDamage::kNone);
}

TEST(StorageTxnLog, AFlippedByteAnywhereInARecordIsCaughtAtThatRecord) {
  const ThreeRecords log;
  const uint64_t first = log.offsets[1], end = log.offsets[2];
  for (uint64_t at = first; at < end; ++at) {
    std::string bad = log.bytes;
    bad[at] = static_cast<char>(bad[at] ^ 0x01);
    const auto scan = scan_log(bad);
    EXPECT_NE(scan.damage, LogDamage::kNone) << at;
    EXPECT_EQ(scan.records.size(), 1u) << at;
    EXPECT_EQ(scan.end_offset, first) << at;
    const uint64_t in_record = at - first;
    if (in_record < 8) {
      EXPECT_EQ(scan.damage, LogDamage::kBadChecksum) << at;
    } else if (in_record < 12) {
      // A longer length runs into the next record's bytes (checksum fails) or past the end.
      EXPECT_TRUE(scan.damage == LogDamage::kBadChecksum ||
                  scan.damage == LogDamage::kShortRecord || scan.damage == LogDamage::kBadLength)
          << at << " " << to_string(scan.damage);
    } else if (at == end - 1) {
      EXPECT_EQ(scan.damage, LogDamage::kBadEndOfRecord) << at;
    } else {
      EXPECT_EQ(scan.damage, LogDamage::kBadChecksum) << at;
    }
  }
}

TEST(StorageTxnLog, ABadHeaderHasNoRecords) {
  const ThreeRecords log;
  for (size_t cut = 0; cut < 16; ++cut) {
    const auto scan = scan_log(std::string_view(log.bytes).substr(0, cut));
    EXPECT_EQ(scan.damage, LogDamage::kShortHeader) << cut;
    EXPECT_EQ(scan.end_offset, 0u);
  }
  for (size_t at = 0; at < 4; ++at) {
    std::string bad = log.bytes;
    bad[at] = 'X';
    const auto scan = scan_log(bad);
    EXPECT_EQ(scan.damage, LogDamage::kBadMagic) << at;
    EXPECT_TRUE(scan.records.empty());
    EXPECT_EQ(scan.end_offset, 0u);
  }
  // ZooKeeper checks only the magic: another version or dbid still reads, and is reported.
  std::string other = log.bytes;
  other[7] = 3;
  const auto scan = scan_log(other);
  EXPECT_EQ(scan.damage, LogDamage::kNone);
  EXPECT_EQ(scan.header.version, 3);
  EXPECT_EQ(scan.records.size(), 3u);
}

TEST(StorageTxnLog, UnreasonableLengthsAreDamageNotAllocations) {
  const ThreeRecords log;
  for (const std::string& length : {unhex("ffffffff"), unhex("7fffffff"), unhex("80000000")}) {
    std::string bad = log.bytes;
    bad.replace(log.offsets[1] + 8, 4, length);
    const auto scan = scan_log(bad);
    EXPECT_EQ(scan.damage, LogDamage::kBadLength);
    EXPECT_EQ(scan.end_offset, log.offsets[1]);
  }
}

TEST(StorageFileNames, AsUtilMakesAndParsesThem) {
  EXPECT_EQ(log_file_name(Zxid::make(Epoch{1}, 1)), "log.100000001");
  EXPECT_EQ(snapshot_file_name(Zxid{0}), "snapshot.0");
  EXPECT_EQ(snapshot_file_name(Zxid{0x1f}), "snapshot.1f");
  EXPECT_EQ(zxid_from_name("log.100000001", "log"), Zxid::make(Epoch{1}, 1));
  EXPECT_EQ(zxid_from_name("snapshot.1F", "snapshot"), Zxid{0x1f});
  EXPECT_EQ(zxid_from_name("snapshot.1f.gz", "snapshot"), Zxid{0x1f});
  EXPECT_TRUE(is_compressed_snapshot("snapshot.1f.snappy"));
  EXPECT_FALSE(is_compressed_snapshot("snapshot.1f"));
  for (const char* bad : {"log", "log.", "log.x1", "logs.1", "snapshot.1", "log..1",
                          "log.10000000000000000", "log.8000000000000000", "tmp.log.1"})
    EXPECT_FALSE(zxid_from_name(bad, "log").has_value()) << bad;
}

}  // namespace
}  // namespace zab::storage
