#include "impl/storage/checksum.h"

#include <zlib.h>

namespace zab::storage {

uint32_t adler32(std::string_view bytes, uint32_t running) {
  return static_cast<uint32_t>(
      ::adler32_z(running, reinterpret_cast<const Bytef*>(bytes.data()), bytes.size()));
}

}  // namespace zab::storage
