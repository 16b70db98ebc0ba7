// RunConfig: the run's configuration as flags and JSON; bad input is rejected with a message.
#include "checker/world/run_config.h"

#include <gtest/gtest.h>

namespace zab::check {
namespace {

TEST(RunConfig, JsonRoundTrip) {
  RunConfig r;
  r.servers = 5;
  r.observers = 1;
  r.crashes = 2;
  r.bugs = {"zk-4643"};
  r.from = "steady";
  r.settle_elections = true;
  const RunConfig back = RunConfig::from_json(r.to_json());
  EXPECT_EQ(back.to_json(), r.to_json());
  EXPECT_EQ(r.flags(),
            "--servers 5 --observers 1 --txns 1 --crashes 2 --bug zk-4643 --from steady "
            "--election settled");
}

// --snap-count reaches the peers' configuration, and appears in a trace header only when set.
TEST(RunConfig, SnapCount) {
  RunConfig r;
  EXPECT_FALSE(r.to_json().contains("snap_count"));
  r.snap_count = 2;
  const RunConfig back = RunConfig::from_json(r.to_json());
  EXPECT_EQ(back.snap_count, 2u);
  EXPECT_EQ(back.world_config().quorum.snap_count, 2u);
  EXPECT_EQ(r.flags(), "--servers 3 --txns 1 --snap-count 2");
  r.snap_count = 1;
  EXPECT_NE(r.validate().value_or("").find("--snap-count 1"), std::string::npos);
}

TEST(RunConfig, RejectsBadValuesWithAMessage) {
  auto bad = [](nlohmann::json j) {
    try {
      RunConfig::from_json(j);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_NE(bad({{"servers", 0}}).find("--servers"), std::string::npos);
  EXPECT_NE(bad({{"servers", "three"}}).find("integer"), std::string::npos);
  EXPECT_NE(bad({{"bugs", {"zk-9999"}}}).find("unknown bug"), std::string::npos);
  EXPECT_NE(bad({{"from", "nowhere"}}).find("unknown start"), std::string::npos);
  EXPECT_NE(bad(nlohmann::json::array()).find("object"), std::string::npos);
  EXPECT_NE(bad({{"crashes", -1}}).find("--crashes"), std::string::npos);
}

TEST(RunConfig, EveryStartStateBuilds) {
  for (const auto& s : start_states()) {
    RunConfig r;
    r.from = std::string(s.name);
    if (r.from == "deposed-leader") {  // built with its clients (run_config.cpp)
      r.clients = 2;
      r.script = "sync-read";
    }
    ASSERT_FALSE(r.validate()) << s.name;
    const WorldConfig cfg = r.world_config();
    const World w = start_world(cfg, r.from);
    EXPECT_EQ(w.used(), Budgets{}) << s.name;
  }
}

}  // namespace
}  // namespace zab::check
