// Snapshots, the SNAP stream and the tree digest: byte layout, round trips of a rich database,
// ZooKeeper's digest of its empty tree, and damage of every kind.
#include <gtest/gtest.h>

#include "impl/data/jute.h"
#include "impl/data/zk_digest.h"
#include "impl/storage/checksum.h"
#include "impl/storage/database_codec.h"
#include "impl/storage/epoch_file.h"
#include "impl/storage/file_header.h"
#include "impl/storage/snapshot_file.h"
#include "tests/storage/storage_fixture.h"

namespace zab::storage {
namespace {

using data::znode_zk_digest;
using testing::unhex;

void expect_same_database(const data::ZkDatabase& a, const data::ZkDatabase& b) {
  EXPECT_TRUE(a == b);
  EXPECT_EQ(a.fingerprint(), b.fingerprint());
  EXPECT_EQ(a.tree().digest(), b.tree().digest());
  EXPECT_EQ(a.tree().node_count(), b.tree().node_count());
  EXPECT_EQ(a.tree().ephemeral_owners(), b.tree().ephemeral_owners());
  for (const int64_t owner : a.tree().ephemeral_owners())
    EXPECT_EQ(a.tree().ephemerals(owner), b.tree().ephemerals(owner));
}

TEST(StorageDigest, ZooKeepersEmptyTreeDigestsTo0x51c6d660) {
  // The TxnDigest of the first txn ZooKeeper 3.8 logged on a fresh server (a createSession, which
  // does not change the tree): tests/storage/golden/zk38/version-2/log.100000001.
  EXPECT_EQ(data::DataTree().zk_digest(), 0x51c6d660u);
  // "/" and "" are the same node; /zookeeper/ is left out, /zookeeper counts.
  const data::StatPersisted stat;
  EXPECT_EQ(znode_zk_digest("/", "", stat), znode_zk_digest("", "", stat));
  EXPECT_EQ(znode_zk_digest("/zookeeper/quota", "x", stat), 0u);
  EXPECT_NE(znode_zk_digest("/zookeeper", "", stat), 0u);
  EXPECT_EQ(data::DataTree().zk_digest(),
            uint64_t{znode_zk_digest("", "", stat)} + znode_zk_digest("/zookeeper", "", stat));
}

TEST(StorageDigest, CoversPathDataAndEveryStoredStatFieldButNotTheAcl) {
  data::StatPersisted base;
  base.czxid = 1;
  const uint32_t d = znode_zk_digest("/a", "x", base);
  EXPECT_NE(znode_zk_digest("/b", "x", base), d);
  EXPECT_NE(znode_zk_digest("/a", "y", base), d);
  auto changed = [&](auto field) {
    data::StatPersisted s = base;
    field(s);
    return znode_zk_digest("/a", "x", s) != d;
  };
  EXPECT_TRUE(changed([](auto& s) { s.czxid = 2; }));
  EXPECT_TRUE(changed([](auto& s) { s.mzxid = 2; }));
  EXPECT_TRUE(changed([](auto& s) { s.pzxid = 2; }));
  EXPECT_TRUE(changed([](auto& s) { s.ctime = 2; }));
  EXPECT_TRUE(changed([](auto& s) { s.mtime = 2; }));
  EXPECT_TRUE(changed([](auto& s) { s.version = 2; }));
  EXPECT_TRUE(changed([](auto& s) { s.cversion = 2; }));
  EXPECT_TRUE(changed([](auto& s) { s.aversion = 2; }));
  EXPECT_TRUE(changed([](auto& s) { s.ephemeral_owner = 2; }));
}

TEST(StorageSnapshot, EmptyDatabaseHasZooKeepersLayout) {
  const data::ZkDatabase empty;
  const std::string file = encode_snapshot_file(empty, Zxid{0});
  data::JuteWriter w;
  w.i32(kSnapshotMagic);
  w.i32(2);
  w.i64(-1);
  w.i32(0);  // no sessions
  // The ACL cache in first-use order: world:anyone ALL (root), then READ (/zookeeper/config).
  w.i32(2);
  w.i64(1);
  w.acl_list(data::open_acl_unsafe());
  w.i64(2);
  w.acl_list(data::read_acl_unsafe());
  auto node = [&](std::string_view path, int64_t acl, int32_t aversion) {
    w.ustring(path);
    w.buffer("");
    w.i64(acl);
    for (int k = 0; k < 4; ++k)
      w.i64(0);  // czxid mzxid ctime mtime
    w.i32(0);    // version
    w.i32(0);    // cversion
    w.i32(aversion);
    w.i64(0);  // ephemeralOwner
    w.i64(0);  // pzxid
  };
  node("", 1, 0);
  node("/zookeeper", 1, 0);
  node("/zookeeper/config", 2, -1);
  node("/zookeeper/quota", 1, 0);
  w.ustring("/");
  w.i64(adler32(w.bytes()));
  w.ustring("/");
  w.i64(0);  // ZxidDigest: zxid 0, version 2, the digest
  w.i32(2);
  w.i64(0x51c6d660);
  w.i64(adler32(w.bytes()));
  w.ustring("/");
  EXPECT_EQ(file, w.bytes());
  EXPECT_TRUE(looks_sealed(file));
}

TEST(StorageSnapshot, RoundTripsARichDatabase) {
  const auto h = testing::rich_database();
  const Zxid zxid = h.last_zxid;
  const std::string file = encode_snapshot_file(h.db, zxid);
  auto back = decode_snapshot_file(file);
  ASSERT_TRUE(back) << back.error().message;
  expect_same_database(*back.value().database, h.db);
  ASSERT_TRUE(back.value().digest.has_value());
  EXPECT_EQ(back.value().digest->zxid, zxid);
  EXPECT_EQ(back.value().digest->version, 2);
  EXPECT_EQ(static_cast<uint64_t>(back.value().digest->digest), h.db.tree().zk_digest());
  EXPECT_EQ(back.value().database->sessions().size(), 2u);
  EXPECT_EQ(back.value().database->tree().ephemerals(testing::kSession).size(), 2u);
  EXPECT_EQ(back.value().database->tree().ephemerals(testing::kOtherSession),
            std::vector<std::string>{"/other-eph"});
  // Applying more txns to the read-back database gives what applying them to the original gives.
  auto h2 = h;
  h2.write(data::Delete{"/app/eph", -1});
  h2.write(testing::create("/new", "n"));
  StateImageRef replay = back.value().database;
  for (size_t k = h.log.size(); k < h2.log.size(); ++k)
    replay = replay->apply(*h2.log[k]);
  expect_same_database(dynamic_cast<const data::ZkDatabase&>(*replay), h2.db);
  // Encoding is deterministic.
  EXPECT_EQ(encode_snapshot_file(*back.value().database, zxid), file);
}

TEST(StorageSnapshot, ReadsASnapshotWithoutTheDigestSection) {
  // Before 3.6 the file ended after the first seal.
  const auto h = testing::rich_database();
  const std::string file = encode_snapshot_file(h.db, h.last_zxid);
  const size_t first_seal_end = file.size() - (8 + 4 + 8) - (8 + 4 + 1);
  auto back = decode_snapshot_file(std::string_view(file).substr(0, first_seal_end));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_FALSE(back.value().digest.has_value());
  expect_same_database(*back.value().database, h.db);
}

TEST(StorageSnapshot, ATruncatedSnapshotIsAnErrorAtEveryLength) {
  const auto h = testing::rich_database();
  const std::string file = encode_snapshot_file(h.db, h.last_zxid);
  const size_t first_seal_end = file.size() - (8 + 4 + 8) - (8 + 4 + 1);
  for (size_t cut = 0; cut < file.size(); ++cut) {
    if (cut == first_seal_end) continue;  // a valid pre-3.6 snapshot
    auto back = decode_snapshot_file(std::string_view(file).substr(0, cut));
    EXPECT_FALSE(back) << cut;
    if (!back) {
      EXPECT_EQ(back.error().code, Code::kMarshallingError);
      EXPECT_NE(back.error().message.find("byte"), std::string::npos) << back.error().message;
    }
    // Only the end marker and the first seal end with the ustring "/".
    EXPECT_EQ(looks_sealed(std::string_view(file).substr(0, cut)), cut == first_seal_end - 13)
        << cut;
  }
}

TEST(StorageSnapshot, AFlippedByteAnywhereIsAnError) {
  const auto h = testing::rich_database();
  const std::string file = encode_snapshot_file(h.db, h.last_zxid);
  for (size_t at = 0; at < file.size(); ++at) {
    std::string bad = file;
    bad[at] = static_cast<char>(bad[at] ^ 0x20);
    EXPECT_FALSE(decode_snapshot_file(bad)) << at;
  }
  std::string trailing = file + "x";
  EXPECT_FALSE(decode_snapshot_file(trailing));
}

// A hand-made database section, for the errors the checksums cannot catch (a writer's mistakes).
std::string snapshot_with_nodes(const std::function<void(data::JuteWriter&)>& nodes) {
  data::JuteWriter w;
  w.i32(kSnapshotMagic);
  w.i32(2);
  w.i64(-1);
  w.i32(0);  // sessions
  w.i32(1);  // ACL cache: 7 -> world:anyone ALL
  w.i64(7);
  w.acl_list(data::open_acl_unsafe());
  nodes(w);
  w.ustring("/");
  w.i64(adler32(w.bytes()));
  w.ustring("/");
  return w.take();
}

void node(data::JuteWriter& w, std::string_view path, int64_t acl, int64_t owner = 0) {
  w.ustring(path);
  w.buffer("d");
  w.i64(acl);
  for (int k = 0; k < 4; ++k)
    w.i64(1);
  for (int k = 0; k < 3; ++k)
    w.i32(0);
  w.i64(owner);
  w.i64(1);
}

TEST(StorageSnapshot, ReadsAclRefsAndEphemeralOwnersAndRejectsBrokenTrees) {
  auto ok = decode_snapshot_file(snapshot_with_nodes([](auto& w) {
    node(w, "", -1);  // ZooKeeper's own nodes say -1 for world:anyone ALL
    node(w, "/a", 7);
    node(w, "/a/e", 7, 0x55);
  }));
  ASSERT_TRUE(ok) << ok.error().message;
  const auto& tree = ok.value().database->tree();
  EXPECT_EQ(tree.node_count(), 3);
  EXPECT_EQ(*tree.find("/")->acl, data::open_acl_unsafe());
  EXPECT_EQ(*tree.find("/a")->acl, data::open_acl_unsafe());
  EXPECT_EQ(tree.ephemerals(0x55), std::vector<std::string>{"/a/e"});

  auto error_of = [](const std::function<void(data::JuteWriter&)>& nodes) {
    auto r = decode_snapshot_file(snapshot_with_nodes(nodes));
    return r ? std::string("no error") : r.error().message;
  };
  EXPECT_NE(error_of([](auto& w) { node(w, "", 8); }).find("ACL 8"), std::string::npos);
  EXPECT_NE(error_of([](auto& w) {
              node(w, "", 7), node(w, "/a/b", 7);
            }).find("unable to find parent /a of path /a/b"),
            std::string::npos);
  EXPECT_NE(error_of([](auto& w) { node(w, "/a", 7); }).find("root"), std::string::npos);
  EXPECT_NE(
      error_of([](auto& w) { node(w, "", 7), node(w, "/a", 7), node(w, "/a", 7); }).find("twice"),
      std::string::npos);
  EXPECT_NE(error_of([](auto& w) { node(w, "", 7), node(w, "/a/", 7); }).find("invalid"),
            std::string::npos);
  EXPECT_NE(error_of([](auto& w) { node(w, "", 7), node(w, "a", 7); }).find("invalid"),
            std::string::npos);
}

TEST(StorageSnapStream, RoundTripsAndTellsIncompleteFromMalformed) {
  const auto h = testing::rich_database();
  const std::string stream = encode_snap_stream(h.db);
  data::JuteWriter tail;
  tail.ustring("BenWasHere");
  EXPECT_TRUE(stream.ends_with(tail.bytes()));
  // The stream is the snapshot file's body: header and seals aside, the same bytes.
  const std::string file = encode_snapshot_file(h.db, h.last_zxid);
  EXPECT_EQ(file.substr(16, stream.size() - tail.bytes().size()),
            stream.substr(0, stream.size() - tail.bytes().size()));

  const std::string more = stream + "next packet";
  auto read = decode_snap_stream(more);
  ASSERT_TRUE(std::holds_alternative<SnapStreamBody>(read));
  const auto& body = std::get<SnapStreamBody>(read);
  EXPECT_EQ(body.consumed, stream.size());
  expect_same_database(*body.database, h.db);

  for (size_t cut = 0; cut < stream.size(); ++cut) {
    auto partial = decode_snap_stream(std::string_view(stream).substr(0, cut));
    EXPECT_TRUE(std::holds_alternative<SnapStreamIncomplete>(partial)) << cut;
  }
  std::string unsigned_stream = stream;
  unsigned_stream[unsigned_stream.size() - 1] = 'X';
  auto bad = decode_snap_stream(unsigned_stream);
  ASSERT_TRUE(std::holds_alternative<Error>(bad));
  EXPECT_NE(std::get<Error>(bad).message.find("signature"), std::string::npos);
  std::string negative = stream;
  negative.replace(0, 4, unhex("ffffff00"));  // session count
  EXPECT_TRUE(std::holds_alternative<Error>(decode_snap_stream(negative)));
}

TEST(StorageEpochFile, AsQuorumPeerWritesAndReadsIt) {
  EXPECT_EQ(encode_epoch(Epoch{0}), "0");
  EXPECT_EQ(encode_epoch(Epoch{4294967295u}), "4294967295");
  EXPECT_EQ(parse_epoch("7").value(), Epoch{7});
  EXPECT_EQ(parse_epoch("7\n").value(), Epoch{7});
  EXPECT_EQ(parse_epoch("7\r\nignored").value(), Epoch{7});
  EXPECT_EQ(parse_epoch("+7").value(), Epoch{7});
  EXPECT_EQ(parse_epoch("-0").value(), Epoch{0});
  for (const char* bad :
       {"", "\n", " 7", "7 ", "x", "0x7", "-1", "4294967296", "99999999999999999999"}) {
    auto r = parse_epoch(bad);
    EXPECT_FALSE(r) << bad;
  }
  EXPECT_NE(parse_epoch("abc").error().message.find("\"abc\""), std::string::npos);
}

}  // namespace
}  // namespace zab::storage
