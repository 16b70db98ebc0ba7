#include "impl/data/zk_digest.h"

#include <zlib.h>

#include "impl/data/jute.h"

namespace zab::data {

void write_digest(JuteWriter& w, const TxnDigest& digest) {
  w.i32(digest.version);
  w.i64(digest.tree_digest);
}

std::optional<TxnDigest> read_digest(JuteReader& r) {
  if (!r.ok() || r.remaining() != kTxnDigestBytes) return std::nullopt;
  TxnDigest digest;
  digest.version = r.i32();
  digest.tree_digest = r.i64();
  return digest;
}

uint32_t crc32(std::string_view bytes, uint32_t running) {
  return static_cast<uint32_t>(
      ::crc32_z(running, reinterpret_cast<const Bytef*>(bytes.data()), bytes.size()));
}

uint32_t znode_zk_digest(std::string_view path, std::string_view data, const StatPersisted& stat) {
  // "Quota nodes are updated locally" (DigestCalculator): the /zookeeper/ subtree is left out.
  if (path.starts_with("/zookeeper/")) return 0;
  // "" and "/" both name the root in ZooKeeper's DataTree; the digest always uses "".
  if (path == "/") path = "";
  JuteWriter fields;  // DigestCalculator's ByteBuffer, in its order
  fields.i64(stat.czxid);
  fields.i64(stat.mzxid);
  fields.i64(stat.pzxid);
  fields.i64(stat.ctime);
  fields.i64(stat.mtime);
  fields.i32(stat.version);
  fields.i32(stat.cversion);
  fields.i32(stat.aversion);
  fields.i64(stat.ephemeral_owner);
  return crc32(fields.bytes(), crc32(data, crc32(path)));
}

}  // namespace zab::data
