#include "tests/layering/layering.h"

#include <fstream>
#include <functional>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace zab::layering {

namespace {

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
}

// The table entry a path (without extension) belongs to: its longest prefix among the entries,
// at a '/' boundary.
const std::string* layer_of(const Rules& rules, const std::string& path) {
  const std::string* best = nullptr;
  for (const auto& [key, deps] : rules.allowed) {
    const bool prefix = path == key || (path.size() > key.size() && path.starts_with(key) &&
                                        path[key.size()] == '/');
    if (prefix && (!best || key.size() > best->size())) best = &key;
  }
  return best;
}

// Everything `layer` may include: its entries and, transitively, theirs.
std::set<std::string> closure(const Rules& rules, const std::string& layer) {
  std::set<std::string> out;
  std::function<void(const std::string&)> add = [&](const std::string& key) {
    for (const auto& dep : rules.allowed.at(key))
      if (out.insert(dep).second && dep != "*") add(dep);
  };
  add(layer);
  return out;
}

bool is_source(const std::filesystem::path& p) {
  const auto ext = p.extension().string();
  return ext == ".h" || ext == ".hpp" || ext == ".cpp" || ext == ".cc";
}

bool skipped_dir(const std::filesystem::path& p) {
  const std::string name = p.filename().string();
  return name.starts_with('.') || name.starts_with("build") || name == "out";
}

std::string without_extension(const std::string& path) {
  const auto dot = path.rfind('.');
  const auto slash = path.rfind('/');
  if (dot == std::string::npos || (slash != std::string::npos && dot < slash)) return path;
  return path.substr(0, dot);
}

}  // namespace

Rules parse_rules(const std::string& text) {
  Rules rules;
  std::istringstream in(text);
  int number = 0;
  for (std::string line; std::getline(in, line);) {
    ++number;
    line = trim(line);
    if (line.empty() || line.starts_with('#')) continue;
    const auto colon = line.find(':');
    if (colon == std::string::npos)
      throw std::runtime_error("layers.txt:" + std::to_string(number) +
                               ": expected 'folder: allowed folders...'");
    const std::string key = trim(line.substr(0, colon));
    std::istringstream deps(line.substr(colon + 1));
    std::vector<std::string> allowed;
    for (std::string dep; deps >> dep;)
      allowed.push_back(dep);
    if (!rules.allowed.emplace(key, allowed).second)
      throw std::runtime_error("layers.txt:" + std::to_string(number) + ": '" + key +
                               "' has two lines");
  }
  for (const auto& [key, deps] : rules.allowed)
    for (const auto& dep : deps)
      if (dep != "*" && !rules.allowed.contains(dep))
        throw std::runtime_error("layers.txt: '" + key + "' names '" + dep +
                                 "', which has no line of its own");
  return rules;
}

std::vector<std::string> check_tree(const std::filesystem::path& root, const Rules& rules) {
  namespace fs = std::filesystem;
  std::vector<std::string> problems;
  const std::regex include(R"re(^\s*#\s*include\s*"([^"]+)")re");
  std::vector<fs::path> files;
  for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator();
       ++it) {
    if (it->is_directory() && skipped_dir(it->path())) {
      it.disable_recursion_pending();
      continue;
    }
    if (it->is_regular_file() && is_source(it->path())) files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& file : files) {
    const std::string rel = fs::relative(file, root).generic_string();
    const std::string* layer = layer_of(rules, without_extension(rel));
    if (!layer) {
      problems.push_back(rel + ": its folder has no line in tests/layering/layers.txt");
      continue;
    }
    const auto allowed = closure(rules, *layer);
    if (allowed.contains("*")) continue;
    std::ifstream in(file);
    int number = 0;
    for (std::string line; std::getline(in, line);) {
      ++number;
      std::smatch m;
      if (!std::regex_search(line, m, include)) continue;
      const std::string target = m[1].str();
      const std::string where = rel + ":" + std::to_string(number) + ": includes " + target;
      if (!fs::exists(root / target)) {
        problems.push_back(where + ", which is not a path from the repository root");
        continue;
      }
      const std::string* to = layer_of(rules, without_extension(target));
      if (!to) {
        problems.push_back(where + ", whose folder has no line in tests/layering/layers.txt");
        continue;
      }
      if (*to == *layer || allowed.contains(*to)) continue;
      problems.push_back(where + " (" + *to + "), which " + *layer + " may not");
    }
  }
  return problems;
}

}  // namespace zab::layering
