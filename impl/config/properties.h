// java.util.Properties.load's line format, which zoo.cfg uses: `key=value`, `key:value` or
// `key value`; `#` and `!` start comment lines; a line ending in an odd number of backslashes
// continues on the next one; `\t`, `\n`, `\r`, `\f` and `\uXXXX` escapes. Keys and values are
// trimmed as QuorumPeerConfig.parseProperties trims them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace zab::config {

struct Property {
  std::string key;
  std::string value;
  int line = 0;  // where the entry starts (1-based)
};

std::vector<Property> parse_properties(std::string_view text);

}  // namespace zab::config
