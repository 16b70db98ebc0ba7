#include "impl/storage/snapshot_file.h"

#include <fmt/format.h>

#include "impl/data/zk_digest.h"
#include "impl/storage/checksum.h"
#include "impl/storage/database_codec.h"
#include "impl/storage/file_header.h"

namespace zab::storage {
namespace {

void seal(data::JuteWriter& out) {
  out.i64(adler32(out.bytes()));
  out.ustring("/");
}

// checkSealIntegrity: the checksum of everything read so far, then the stored one and "/".
void check_seal(data::JuteReader& in, std::string_view bytes, std::string_view which) {
  const uint32_t expected = adler32(bytes.substr(0, in.position()));
  const size_t at = in.position();
  const int64_t stored = in.i64();
  const std::string path = in.ustring();
  if (!in.ok()) return;
  if (static_cast<uint64_t>(stored) != expected) {
    in.reject(
        fmt::format("CRC corruption: the {} seal at byte {} holds 0x{:x}, the bytes before "
                    "it sum to 0x{:x}",
                    which, at, static_cast<uint64_t>(stored), expected));
  } else if (path != "/") {
    in.reject(fmt::format("the {} seal at byte {} ends with \"{}\", not \"/\"", which, at, path));
  }
}

ZxidDigest read_zxid_digest(data::JuteReader& in) {
  ZxidDigest d;
  d.zxid = Zxid{static_cast<uint64_t>(in.i64())};
  d.version = in.i32();
  if (d.version < 2) {
    // "the old version is using hex string as the digest" (ZxidDigest.deserialize)
    const std::string hex = in.ustring();
    uint64_t value = 0;
    for (const char c : hex) {
      const int digit = c >= '0' && c <= '9'   ? c - '0'
                        : c >= 'a' && c <= 'f' ? c - 'a' + 10
                        : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                               : -1;
      if (digit < 0 || hex.size() > 16) {
        in.reject(fmt::format("digest \"{}\" is not a hex number", hex));
        break;
      }
      value = value * 16 + static_cast<uint64_t>(digit);
    }
    d.digest = static_cast<int64_t>(value);
  } else {
    d.digest = in.i64();
  }
  return d;
}

Error at_offset(const data::JuteReader& in) {
  return in.status().error();
}

}  // namespace

std::string encode_snapshot_file(const data::ZkDatabase& db, Zxid zxid) {
  data::JuteWriter out;
  write_file_header(out, FileHeader{kSnapshotMagic, kFormatVersion, kSnapshotDbId});
  write_database(out, db);
  seal(out);
  out.i64(static_cast<int64_t>(zxid.value));
  out.i32(data::kDigestVersion);
  out.i64(static_cast<int64_t>(db.tree().zk_digest()));
  seal(out);
  return out.take();
}

Result<SnapshotFile> decode_snapshot_file(std::string_view bytes) {
  data::JuteReader in(bytes);
  const FileHeader header = read_file_header(in);
  if (!in.ok()) return at_offset(in);
  if (header.magic != kSnapshotMagic)
    return make_error(Code::kMarshallingError, "mismatching magic header {} at byte 0",
                      magic_name(header.magic));
  SnapshotFile file;
  file.database = read_database(in);
  if (!in.ok()) return at_offset(in);
  check_seal(in, bytes, "first");
  if (!in.ok()) return at_offset(in);
  if (in.remaining() > 0) {
    file.digest = read_zxid_digest(in);
    check_seal(in, bytes, "second");
    in.expect_end();
    if (!in.ok()) return at_offset(in);
  }
  return file;
}

bool looks_sealed(std::string_view bytes) {
  if (bytes.size() < 10) return false;
  const std::string_view tail = bytes.substr(bytes.size() - 5);
  return tail == std::string_view("\0\0\0\1/", 5);
}

}  // namespace zab::storage
