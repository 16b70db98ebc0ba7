// Small helpers shared by the DataDir source files.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include "impl/core/ids.h"

namespace zab::runtime {

// Files in `dir` named "<prefix>.<hex>..." (Util.getZxidFromName), by zxid ascending.
std::multimap<Zxid, std::string> zxid_files(const std::filesystem::path& dir,
                                            std::string_view prefix);
std::string hex(Zxid zxid);  // "0x100000001", as ZooKeeper prints zxids

}  // namespace zab::runtime
