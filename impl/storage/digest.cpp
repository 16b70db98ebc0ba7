#include "impl/storage/digest.h"

#include "impl/data/jute.h"
#include "impl/storage/checksum.h"

namespace zab::storage {

uint32_t znode_zk_digest(std::string_view path, std::string_view data,
                         const data::StatPersisted& stat) {
  // "Quota nodes are updated locally" (DigestCalculator): the /zookeeper/ subtree is left out.
  if (path.starts_with("/zookeeper/")) return 0;
  if (path == "/") path = "";
  data::JuteWriter fields;  // the ByteBuffer of DigestCalculator, in its order
  fields.i64(stat.czxid);
  fields.i64(stat.mzxid);
  fields.i64(stat.pzxid);
  fields.i64(stat.ctime);
  fields.i64(stat.mtime);
  fields.i32(stat.version);
  fields.i32(stat.cversion);
  fields.i32(stat.aversion);
  fields.i64(stat.ephemeral_owner);
  uint32_t crc = crc32(path);
  crc = crc32(data, crc);
  return crc32(fields.bytes(), crc);
}

uint64_t tree_zk_digest(const data::DataTree& tree) {
  uint64_t sum = 0;
  tree.for_each([&](const std::string& path, const data::Znode& node) {
    sum += znode_zk_digest(path, *node.data, node.stat);
  });
  return sum;
}

}  // namespace zab::storage
