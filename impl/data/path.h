// Znode paths: PathUtils.validatePath and the string arithmetic PrepRequestProcessor and DataTree
// do on paths. Paths are UTF-8 bytes; validation decodes them the way Java sees them (UTF-16
// chars), so the same paths are rejected.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "impl/core/errors.h"

namespace zab::data {

// PathUtils.validatePath: absolute, no trailing '/' (except the root), no empty components, no
// "." or ".." components, no NUL, no control characters U+0001..U+001F and U+007F..U+009F, no
// U+D800..U+F8FF (surrogates, so nothing outside the BMP, and the private-use area) and no
// U+FFF0..U+FFFF. Malformed UTF-8 is rejected too (Java would decode it to U+FFFD). Errors are
// BADARGUMENTS with the reason.
Status validate_path(std::string_view path);

// Everything before the last '/', as PrepRequestProcessor and DataTree compute a parent: "" (an
// alias of the root) for "/a", "/a" for "/a/b", "/a/" for "/a//b". nullopt when there is no '/'.
std::optional<std::string_view> parent_of(std::string_view path);
// Everything after the last '/' (the whole path when there is none).
std::string_view basename_of(std::string_view path);
// `parent` + "/" + `name`, with "" and "/" both naming the root.
std::string child_path(std::string_view parent, std::string_view name);
// The name suffix of a sequential node: the parent's stored cversion as %010d ("0000000007").
std::string sequential_suffix(int32_t parent_cversion);
// ZKDatabase.isSpecialPath: "/", "/zookeeper", "/zookeeper/quota", "/zookeeper/config"; they
// cannot be deleted.
bool is_special_path(std::string_view path);

inline constexpr std::string_view kZookeeperPath = "/zookeeper";
inline constexpr std::string_view kQuotaPath = "/zookeeper/quota";
inline constexpr std::string_view kConfigPath = "/zookeeper/config";

}  // namespace zab::data
