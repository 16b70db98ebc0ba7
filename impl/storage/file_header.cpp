#include "impl/storage/file_header.h"

#include <fmt/format.h>

namespace zab::storage {

void write_file_header(data::JuteWriter& out, const FileHeader& header) {
  out.i32(header.magic);
  out.i32(header.version);
  out.i64(header.dbid);
}

FileHeader read_file_header(data::JuteReader& in) {
  FileHeader header;
  header.magic = in.i32();
  header.version = in.i32();
  header.dbid = in.i64();
  return header;
}

std::string magic_name(int32_t magic) {
  if (magic == kTxnLogMagic) return "ZKLG";
  if (magic == kSnapshotMagic) return "ZKSN";
  return fmt::format("0x{:08x}", static_cast<uint32_t>(magic));
}

}  // namespace zab::storage
