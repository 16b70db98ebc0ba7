// A temporary data directory, a log sink that keeps what DataDir says, and a history of real txns
// with the database after each prefix, for the DataDir tests.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <string>
#include <vector>

#include "impl/runtime/data_dir.h"
#include "tests/storage/storage_fixture.h"

namespace zab::runtime::testing {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "zab-data-dir-XXXXXX").string();
    ZK_ASSERT(::mkdtemp(pattern.data()) != nullptr);
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

struct Said {
  DataDirLogLevel level;
  std::string message;
};

// What DataDir logged, and DataDirOptions that log into it.
struct Transcript {
  std::vector<Said> lines;
  DataDirOptions options(const fs::path& data_dir, const fs::path& data_log_dir = {}) {
    DataDirOptions o;
    o.data_dir = data_dir;
    o.data_log_dir = data_log_dir;
    o.log = [this](DataDirLogLevel level, const std::string& message) {
      lines.push_back({level, message});
    };
    return o;
  }
  // The first line containing every one of `parts`, or "".
  std::string find(std::initializer_list<std::string_view> parts) const {
    for (const auto& line : lines) {
      bool all = true;
      for (auto part : parts)
        all = all && line.message.find(part) != std::string::npos;
      if (all) return line.message;
    }
    return "";
  }
  std::string all() const {
    std::string out;
    for (const auto& line : lines)
      out += std::string(to_string(line.level)) + " " + line.message + "\n";
    return out;
  }
};

// The rich history (storage_fixture.h) with the image after each prefix.
struct History {
  History() : h(storage::testing::rich_database()) {
    StateImageRef image = std::make_shared<const data::ZkDatabase>();
    images.push_back(image);
    for (const auto& txn : h.log) {
      image = image->apply(*txn);
      images.push_back(image);
    }
  }
  size_t size() const { return h.log.size(); }
  const TxnRef& txn(size_t k) const { return h.log[k]; }  // zxid <1, k+1>
  // The snapshot after the first `count` txns.
  SnapshotRef snapshot_after(size_t count) const {
    TxnLog history;
    for (size_t k = 0; k < count; ++k)
      history = history.append(h.log[k]);
    return make_snapshot(images[count], history);
  }
  storage::testing::Harness h;
  std::vector<StateImageRef> images;
};

inline Zxid zxid(uint32_t counter) {
  return Zxid::make(Epoch{1}, counter);
}

inline std::vector<std::string> names_in(const fs::path& dir) {
  std::vector<std::string> out = list_files(dir);
  return out;
}

}  // namespace zab::runtime::testing
