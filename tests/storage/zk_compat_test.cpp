// End to end against Apache ZooKeeper 3.8 from Debian (zookeeper, libzookeeper-java; run.sh
// installs them): its own tools read the files DataDir writes and print the same transactions
// and tree; a real ZooKeeper server starts from a data directory DataDir wrote and serves the
// same znodes; DataDir reads what a real ZooKeeper server wrote, quorum peer or standalone. Each
// external command runs under `timeout`; zk38_data_dir.sh stops its server by PID. Missing Java
// or ZooKeeper fails these tests rather than skipping them.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <regex>

#include "impl/data/acl.h"
#include "impl/storage/file_names.h"
#include "tests/storage/data_dir_fixture.h"
#include "tests/storage/zk_replay.h"

namespace zab::runtime {
namespace {

using namespace testing;  // NOLINT
using storage::testing::slurp;
using storage::testing::spit;

const fs::path kScript = fs::path(ZAB_STORAGE_TEST_DIR) / "zk38_data_dir.sh";
constexpr const char* kZooKeeperJar = "/usr/share/java/zookeeper.jar";

void require_zookeeper() {
  ASSERT_TRUE(fs::exists(kZooKeeperJar) && fs::exists("/usr/bin/java"))
      << "Apache ZooKeeper is missing: apt-get install -y --no-install-recommends zookeeper "
         "libzookeeper-java (run.sh does this). These e2e tests fail rather than skip without it.";
}

// A port the kernel just handed out on 127.0.0.1 (free unless someone takes it meanwhile).
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ZK_ASSERT(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  socklen_t len = sizeof addr;
  ZK_ASSERT(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  ::close(fd);
  return ntohs(addr.sin_port);
}

// Runs `command` with stdout to `out` (stderr appended); returns its exit status.
int run(const std::string& command, const fs::path& out) {
  const std::string line = command + " >" + out.string() + " 2>&1";
  const int status = std::system(line.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string java_tool(const std::string& main_class, const std::string& args, const fs::path& out) {
  const int rc =
      run(fmt::format("timeout 120 java -cp {} {} {}", kZooKeeperJar, main_class, args), out);
  EXPECT_EQ(rc, 0) << main_class << " " << args << ":\n" << slurp(out);
  return slurp(out);
}

// Runs zk38_data_dir.sh on `work` (its data directory is work/data).
void zookeeper(const fs::path& work, const std::string& ops, bool standalone = false) {
  const std::string command =
      fmt::format("{}timeout 240 {} {} {} {} {} {}", standalone ? "ZK_STANDALONE=1 " : "",
                  kScript.string(), work.string(), free_port(), free_port(), free_port(), ops);
  ASSERT_EQ(run(command, work / "script.out"), 0) << slurp(work / "script.out");
}

std::string base64(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(bytes.data()),
                                static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

std::string hex_of(const std::string& bytes) {
  std::string out;
  for (const unsigned char c : bytes)
    out += fmt::format("{:02x}", c);
  return out;
}

// Our data directory: epochs 1, txns 1..8 in log.100000001, snapshot.100000008, the rest of the
// rich history in log.100000009.
void write_ours(const fs::path& data, const History& history) {
  Transcript said;
  DataDir disk(said.options(data));
  disk.load();
  disk.apply(WriteAcceptedEpoch{Epoch{1}});
  disk.apply(WriteCurrentEpoch{Epoch{1}});
  for (size_t k = 0; k < history.size(); ++k) {
    disk.apply(AppendTxn{history.txn(k)});
    if (k == 7) disk.apply(WriteSnapshot{history.snapshot_after(8)});
  }
  disk.sync();
  spit(data / "myid", "1\n");
}

TEST(ZooKeeperCompat, TxnLogToolkitPrintsTheTransactionsWeLogged) {
  require_zookeeper();
  TempDir dir;
  History history;
  write_ours(dir.path(), history);
  const std::regex txn_line(
      R"(session 0x([0-9a-f]+) cxid 0x([0-9a-f]+) zxid 0x([0-9a-f]+) (\w+) ?(.*))");
  size_t next = 0;
  for (const auto& [start, path] : storage::testing::zxid_files(dir.path() / "version-2", "log")) {
    const std::string out = java_tool("org.apache.zookeeper.server.persistence.TxnLogToolkit",
                                      path.string(), dir.path() / "toolkit.out");
    EXPECT_NE(out.find("ZooKeeper Transactional Log File with dbid 0 txnlog format version 2"),
              std::string::npos)
        << out;
    EXPECT_EQ(out.find("CRC ERROR"), std::string::npos) << out;
    size_t in_file = 0;
    for (auto it = std::sregex_iterator(out.begin(), out.end(), txn_line);
         it != std::sregex_iterator(); ++it, ++in_file, ++next) {
      ASSERT_LT(next, history.size()) << out;
      const auto& m = *it;
      const Txn& txn = *history.txn(next);
      const auto decoded = data::decode_txn(txn.payload()).value();
      EXPECT_EQ(std::stoull(m[3], nullptr, 16), txn.zxid().value) << m[0];
      EXPECT_EQ(std::stoull(m[1], nullptr, 16), static_cast<uint64_t>(decoded.header.client_id));
      EXPECT_EQ(std::stoul(m[2], nullptr, 16), static_cast<uint32_t>(decoded.header.cxid));
      EXPECT_EQ(m[4].str(), data::opcode_name(decoded.header.type)) << m[0];
      std::visit(
          [&](const auto& record) {
            if constexpr (requires { record.path; }) {
              EXPECT_NE(m[5].str().find(record.path), std::string::npos) << m[0];
            }
          },
          decoded.record);
    }
    EXPECT_NE(out.find(fmt::format("EOF reached after {} txns.", in_file)), std::string::npos)
        << out;
  }
  EXPECT_EQ(next, history.size());
}

// SnapshotFormatter -d: "----", the path, "  key = value" lines; sessions after the znodes.
struct FormattedSnapshot {
  std::map<std::string, std::map<std::string, std::string>> znodes;
  std::map<std::string, std::string> sessions;  // "0x..." -> "timeout, ephemeralCount"
  std::string count, last_zxid;
};

FormattedSnapshot parse_formatter(const std::string& out) {
  FormattedSnapshot f;
  std::istringstream in(out);
  std::string line, current;
  bool in_sessions = false;
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_match(line, m, std::regex(R"(ZNode Details \(count=(\d+)\):)"))) {
      f.count = m[1];
    } else if (line.starts_with("Session Details")) {
      in_sessions = true;
    } else if (std::regex_match(line, m, std::regex(R"(Last zxid: (0x[0-9a-f]+))"))) {
      f.last_zxid = m[1];
    } else if (in_sessions && std::regex_match(line, m, std::regex(R"((0x[0-9a-f]+), (.*))"))) {
      f.sessions[m[1]] = m[2];
    } else if (!in_sessions && line.starts_with("/")) {
      current = line;
    } else if (!in_sessions && std::regex_match(line, m, std::regex(R"(  (\w+) = ?(.*))"))) {
      f.znodes[current][m[1]] = m[2];
    }
  }
  return f;
}

TEST(ZooKeeperCompat, SnapshotFormatterPrintsTheTreeWeSnapshotted) {
  require_zookeeper();
  TempDir dir;
  History history;
  write_ours(dir.path(), history);
  const auto& db = dynamic_cast<const data::ZkDatabase&>(*history.images[8]);
  const std::string out =
      java_tool("org.apache.zookeeper.server.SnapshotFormatter",
                "-d " + (dir.path() / "version-2" / "snapshot.100000008").string(),
                dir.path() / "formatter.out");
  const FormattedSnapshot f = parse_formatter(out);
  // DataTree.getNodeCount counts the root twice: it is in the map as "" and as "/".
  EXPECT_EQ(f.count, std::to_string(db.tree().node_count() + 1)) << out;
  EXPECT_EQ(f.last_zxid, "0x100000008") << out;
  auto hex = [](int64_t v) { return fmt::format("{:#016x}", v); };
  size_t seen = 0;
  db.tree().for_each([&](const std::string& path, const data::Znode& node) {
    ++seen;
    ASSERT_TRUE(f.znodes.contains(path)) << path << "\n" << out;
    const auto& z = f.znodes.at(path);
    EXPECT_EQ(z.at("cZxid"), hex(node.stat.czxid)) << path;
    EXPECT_EQ(z.at("mZxid"), hex(node.stat.mzxid)) << path;
    EXPECT_EQ(z.at("pZxid"), hex(node.stat.pzxid)) << path;
    EXPECT_EQ(z.at("cversion"), std::to_string(node.stat.cversion)) << path;
    EXPECT_EQ(z.at("dataVersion"), std::to_string(node.stat.version)) << path;
    EXPECT_EQ(z.at("aclVersion"), std::to_string(node.stat.aversion)) << path;
    EXPECT_EQ(z.at("ephemeralOwner"), hex(node.stat.ephemeral_owner)) << path;
    EXPECT_EQ(z.at("data"), base64(*node.data)) << path;
  });
  EXPECT_EQ(seen, f.znodes.size());
  EXPECT_EQ(f.sessions.size(), db.sessions().size()) << out;
  for (const auto& [id, timeout_ms] : db.sessions()) {
    const std::string key = fmt::format("{:#016x}", id);
    ASSERT_TRUE(f.sessions.contains(key)) << key << "\n" << out;
    EXPECT_EQ(f.sessions.at(key),
              fmt::format("{}, {}", timeout_ms, db.tree().ephemerals(id).size()));
  }
}

// The znodes outside /zookeeper as zk_dump_tree.py prints them, for our database: the client's
// stat and ACL as a client authenticated as alice and bob sees them.
nlohmann::json expected_dump(const data::ZkDatabase& db) {
  const std::vector<data::Id> auth{{"digest", data::digest_id("alice:pw")},
                                   {"digest", data::digest_id("bob:pw")}};
  nlohmann::json out = nlohmann::json::object();
  db.tree().for_each([&](const std::string& path, const data::Znode& node) {
    if (path.starts_with("/zookeeper")) return;
    const data::Stat s = node.client_stat();
    const data::AclList acl = data::check_acl(*node.acl, data::perms::kAdmin, auth) == Code::kOk
                                  ? *node.acl
                                  : data::mask_digest_ids(*node.acl);
    nlohmann::json acl_json = nlohmann::json::array();
    for (const auto& a : acl)
      acl_json.push_back({a.perms, a.id.scheme, a.id.id});
    out[path] = {{"data", hex_of(*node.data)},
                 {"czxid", s.czxid},
                 {"mzxid", s.mzxid},
                 {"ctime", s.ctime},
                 {"mtime", s.mtime},
                 {"version", s.version},
                 {"cversion", s.cversion},
                 {"aversion", s.aversion},
                 {"ephemeralOwner", s.ephemeral_owner},
                 {"dataLength", s.data_length},
                 {"numChildren", s.num_children},
                 {"pzxid", s.pzxid},
                 {"acl", acl_json}};
  });
  return out;
}

nlohmann::json without_zookeeper(nlohmann::json dump) {
  for (auto it = dump.begin(); it != dump.end();) {
    if (it.key().starts_with("/zookeeper")) {
      it = dump.erase(it);
    } else {
      ++it;
    }
  }
  return dump;
}

TEST(ZooKeeperCompat, ZooKeeperStartsFromOurDataDirectoryAndServesTheSameTree) {
  require_zookeeper();
  TempDir dir;
  History history;
  write_ours(dir.path() / "data", history);
  zookeeper(dir.path(), "dump");
  const auto& ours = dynamic_cast<const data::ZkDatabase&>(*history.images.back());
  const nlohmann::json served =
      without_zookeeper(nlohmann::json::parse(slurp(dir.path() / "dump.json")));
  EXPECT_EQ(served, expected_dump(ours)) << served.dump(1);
  // It checked our snapshot's seals and digest, replayed our logs, and found nothing wrong.
  const std::string mntr = slurp(dir.path() / "mntr.txt");
  EXPECT_NE(mntr.find("zk_digest_mismatches_count\t0"), std::string::npos) << mntr;
  const std::string log = slurp(dir.path() / "logs" / "zookeeper.log");
  for (const char* bad : {"Digests are not matching", "CRC", "problem reading snap", "ERROR"})
    EXPECT_EQ(log.find(bad), std::string::npos) << bad << "\n" << log;
  EXPECT_NE(log.find("Reading snapshot " +
                     (dir.path() / "data" / "version-2" / "snapshot.100000008").string()),
            std::string::npos)
      << log;
  // What ZooKeeper left (its new epoch, its own snapshot and logs) reads back the same.
  Transcript said;
  DataDir disk(said.options(dir.path() / "data"));
  const DurableState state = disk.load();
  EXPECT_EQ(state.accepted_epoch, Epoch{2});
  EXPECT_EQ(state.current_epoch, Epoch{2});
  StateImageRef image = state.snapshots[0]->image;
  for (const auto& txn : state.log.entries_after(state.snapshots[0]->zxid))
    image = image->apply(*txn);
  EXPECT_EQ(expected_dump(dynamic_cast<const data::ZkDatabase&>(*image)), expected_dump(ours));
}

void check_zookeepers_tree(const data::ZkDatabase& db) {
  const auto& tree = db.tree();
  EXPECT_EQ(*tree.find("/app")->data, "config-v2");
  EXPECT_EQ(tree.find("/app/worker")->acl->at(0).id.id, "bob:ikIaKsbtGweaHnb/jKn7OHqbunM=");
  EXPECT_FALSE(tree.exists("/app/eph"));
  EXPECT_FALSE(tree.exists("/m1"));
  EXPECT_TRUE(tree.exists("/m2"));
  EXPECT_TRUE(tree.exists("/q/items/item-0000000000"));
  EXPECT_EQ(data::ttl_of(tree.find("/ttl")->stat.ephemeral_owner), 600000);
  EXPECT_TRUE(db.sessions().empty());
}

TEST(ZooKeeperCompat, OurLoaderReadsWhatAQuorumPeerWrote) {
  require_zookeeper();
  TempDir dir;
  zookeeper(dir.path(), "write");
  // Every txn ZooKeeper logged replays to the digest it recorded.
  const auto replay = storage::testing::replay_with_digests(dir.path() / "data" / "version-2");
  ASSERT_TRUE(replay.database);
  EXPECT_GE(replay.compared, 20);
  check_zookeepers_tree(*replay.database);
  Transcript said;
  DataDir disk(said.options(dir.path() / "data"));
  const DurableState state = disk.load();
  EXPECT_EQ(state.accepted_epoch, Epoch{1});
  EXPECT_EQ(state.current_epoch, Epoch{1});
  StateImageRef image = state.snapshots[0]->image;
  for (const auto& txn : state.log.entries_after(state.snapshots[0]->zxid))
    image = image->apply(*txn);
  EXPECT_TRUE(dynamic_cast<const data::ZkDatabase&>(*image) == *replay.database);
  check_zookeepers_tree(dynamic_cast<const data::ZkDatabase&>(*image));
}

TEST(ZooKeeperCompat, OurLoaderReadsWhatAStandaloneServerWroteWhenToldToAdoptItsEpochs) {
  require_zookeeper();
  TempDir dir;
  zookeeper(dir.path(), "write", /*standalone=*/true);
  const fs::path data = dir.path() / "data";
  // A standalone server writes no epoch files: refused unless adopting them is asked for.
  Transcript said;
  try {
    DataDir disk(said.options(data));
    disk.load();
    ADD_FAILURE() << "loaded without epoch files";
  } catch (const DataDirError& e) {
    EXPECT_NE(std::string(e.what()).find("currentEpoch is missing"), std::string::npos) << e.what();
  }
  DataDirOptions options = said.options(data);
  options.adopt_missing_epochs = true;
  DataDir disk(options);
  const DurableState state = disk.load();
  EXPECT_EQ(state.current_epoch, Epoch{0});  // standalone zxids have epoch 0
  EXPECT_EQ(state.accepted_epoch, Epoch{0});
  StateImageRef image = state.snapshots[0]->image;
  for (const auto& txn : state.log.entries_after(state.snapshots[0]->zxid))
    image = image->apply(*txn);
  check_zookeepers_tree(dynamic_cast<const data::ZkDatabase&>(*image));
  const auto replay = storage::testing::replay_with_digests(data / "version-2");
  ASSERT_TRUE(replay.database);
  EXPECT_TRUE(dynamic_cast<const data::ZkDatabase&>(*image) == *replay.database);
}

}  // namespace
}  // namespace zab::runtime
