// Real ZooKeeper 3.8 bytes, fresh: capture/zk_capture.py starts a 3-server Apache ZooKeeper
// ensemble on 127.0.0.1 behind logging proxies, drives it with kazoo, zkCli.sh and hand-built
// frames, and stops every process by PID (its children also die with it); the capture must decode
// and re-encode exactly as the kept one does.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/wire/capture_check.h"
#include "tests/wire/capture_expectations.h"

namespace zab::wire::test {
namespace {

TEST(LiveZooKeeper, FreshCaptureDecodesAndReencodesToTheSameBytes) {
  for (const char* path : {"/usr/share/java/zookeeper.jar", "/usr/share/zookeeper/bin/zkCli.sh",
                           "/usr/share/java/slf4j-log4j12.jar", "/usr/bin/python3"}) {
    ASSERT_TRUE(std::filesystem::exists(path))
        << path << " is missing: install zookeeper libslf4j-java liblog4j1.2-java python3-kazoo";
  }
  const auto out = std::filesystem::temp_directory_path() /
                   ("zk-wire-capture-" + std::to_string(::getpid()) + ".txt");
  // The script bounds itself (budget) and `timeout` bounds the script.
  const std::string command = "timeout -k 10 420 /usr/bin/python3 " WIRE_CAPTURE_SCRIPT
                              " --budget-s 300 --out " +
                              out.string() + " > " + out.string() + ".log 2>&1";
  const int status = std::system(command.c_str());
  std::ifstream log(out.string() + ".log");
  std::stringstream log_text;
  log_text << log.rdbuf();
  ASSERT_EQ(status, 0) << "zk_capture.py failed:\n" << log_text.str();
  std::ifstream in(out);
  std::stringstream text;
  text << in.rdbuf();
  expect_complete_capture(check_capture(text.str()));
  std::filesystem::remove(out);
  std::filesystem::remove(out.string() + ".log");
}

}  // namespace
}  // namespace zab::wire::test
