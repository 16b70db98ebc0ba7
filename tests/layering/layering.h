// The layering check: every `#include "..."` of a source file names a file of its own folder or
// of a folder its line in layers.txt allows (transitively). Run by CTest on the repository.
#pragma once

#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace zab::layering {

struct Rules {
  // folder (or file without extension) -> the folders it names; "*" allows everything.
  std::map<std::string, std::vector<std::string>> allowed;
};

// Parses layers.txt; throws std::runtime_error naming the line of a malformed entry or an
// entry naming a folder that has no line of its own.
Rules parse_rules(const std::string& text);

// Every problem under `root`, one line each ("impl/core/a.h:3: includes checker/world/world.h
// (checker/world), which impl/core may not"); empty when the tree keeps its layers.
std::vector<std::string> check_tree(const std::filesystem::path& root, const Rules& rules);

}  // namespace zab::layering
