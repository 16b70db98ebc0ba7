// Real ZooKeeper 3.8 bytes: a capture kept in data/ (recorded by capture/zk_capture.py from
// Debian's zookeeper 3.8.0 with kazoo 2.8 and zkCli.sh) is decoded frame by frame, and every
// frame, packet and message re-encodes to exactly the captured bytes.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "tests/wire/capture_check.h"
#include "tests/wire/capture_expectations.h"

namespace zab::wire::test {
namespace {

TEST(CapturedZooKeeper, EveryFrameDecodesAndReencodesToTheSameBytes) {
  std::ifstream in(std::string(WIRE_TEST_DATA_DIR) + "/zk38_capture.txt");
  ASSERT_TRUE(in) << "missing tests/wire/data/zk38_capture.txt";
  std::stringstream text;
  text << in.rdbuf();
  expect_complete_capture(check_capture(text.str()));
}

}  // namespace
}  // namespace zab::wire::test
