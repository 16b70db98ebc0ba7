// zab_client_messages lives in impl/runtime, next to the I/O code, but must stay pure so that it
// can be tested alone (and the checker could use it): none of its files includes a clock, a
// thread, a file, a socket or asio (the same rule as tests/unit/purity_test.cpp for the core).
#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <string>

namespace {

TEST(ClientMessagesPurity, NoClockThreadFileOrSocket) {
  const std::regex forbidden(
      R"(#include\s*<(thread|chrono|random|fstream|filesystem|mutex|atomic|condition_variable|)"
      R"(future|ctime|unordered_map|unordered_set|sys/.*|netinet/.*|unistd\.h|asio.*|boost/asio.*)>)");
  int files = 0;
  for (const char* name :
       {"client_messages.h", "client_messages.cpp", "four_letter_words.h", "four_letter_words.cpp",
        "four_letter_stats.cpp", "four_letter_dumps.cpp", "server_status.h", "server_status.cpp",
        "java_text.h", "java_text.cpp"}) {
    const std::string path = std::string(ZABCHECK_SOURCE_DIR) + "/impl/runtime/" + name;
    std::ifstream in(path);
    ASSERT_TRUE(in.good()) << path;
    ++files;
    std::string line;
    for (int n = 1; std::getline(in, line); ++n)
      EXPECT_FALSE(std::regex_search(line, forbidden)) << path << ":" << n << ": " << line;
  }
  EXPECT_EQ(files, 10);
}

}  // namespace
