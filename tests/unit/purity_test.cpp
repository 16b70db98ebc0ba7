// The protocol core stays sans-IO: no file in impl/'s pure libraries includes a clock, a
// thread, randomness, a file, a socket or a hash-ordered container (TigerBeetle's tidy check).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

namespace {

namespace fs = std::filesystem;

TEST(Purity, CoreIncludesNoClockThreadRandomOrIo) {
  const fs::path root = ZABCHECK_SOURCE_DIR;
  const std::regex forbidden(
      R"(#include\s*<(thread|chrono|random|fstream|filesystem|mutex|atomic|condition_variable|)"
      R"(future|ctime|unordered_map|unordered_set|sys/socket\.h|netinet/in\.h|unistd\.h|asio.*)>)");
  int files = 0;
  for (const char* dir :
       {"impl/core", "impl/quorum", "impl/sessions", "impl/data", "impl/server", "impl/config",
        "impl/wire", "impl/storage"}) {
    if (!fs::exists(root / dir)) continue;
    for (const auto& entry : fs::recursive_directory_iterator(root / dir)) {
      const auto ext = entry.path().extension();
      if (ext != ".h" && ext != ".cpp") continue;
      ++files;
      std::ifstream in(entry.path());
      std::string line;
      for (int n = 1; std::getline(in, line); ++n) {
        // check.cpp's failure handler is the one place allowed to read a flag atomically.
        if (entry.path().filename() == "check.cpp" && line.find("<atomic>") != std::string::npos)
          continue;
        EXPECT_FALSE(std::regex_search(line, forbidden))
            << entry.path().string() << ":" << n << ": " << line;
      }
    }
  }
  EXPECT_GT(files, 20);
}

}  // namespace
