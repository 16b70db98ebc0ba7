// zoo.cfg as ZooKeeper reads it: the keys zabd acts on, the ones it accepts and ignores, and a
// clear error naming file and line for everything else.
#include "impl/config/zoo_cfg.h"

#include <gtest/gtest.h>

#include "impl/config/properties.h"

namespace zab::config {
namespace {

// The configuration of research notes §6.2 (Apache ZooKeeper 3.8 on loopback), verbatim.
constexpr std::string_view kEnsemble = R"(tickTime=2000
initLimit=10
syncLimit=5
dataDir=/tmp/zk/1/data
clientPort=21811
clientPortAddress=127.0.0.1
maxClientCnxns=60
admin.enableServer=false
4lw.commands.whitelist=*
autopurge.snapRetainCount=3
autopurge.purgeInterval=0
server.1=127.0.0.1:28881:38881
server.2=127.0.0.1:28882:38882
server.3=127.0.0.1:28883:38883
)";

std::string error_of(std::string_view text) {
  try {
    parse_zoo_cfg(text, "zoo.cfg");
  } catch (const ZooCfgError& e) {
    return e.what();
  }
  return "";
}

TEST(ZooCfg, ReadsTheEnsembleApacheZooKeeperRuns) {
  const ZooCfg cfg = parse_zoo_cfg(kEnsemble, "zoo.cfg");
  EXPECT_EQ(cfg.tick_time_ms, 2000u);
  EXPECT_EQ(cfg.init_limit_ticks, 10u);
  EXPECT_EQ(cfg.sync_limit_ticks, 5u);
  EXPECT_EQ(cfg.data_dir, "/tmp/zk/1/data");
  EXPECT_EQ(cfg.client_port, 21811);
  EXPECT_EQ(cfg.client_port_address, "127.0.0.1");
  ASSERT_EQ(cfg.servers.size(), 3u);
  EXPECT_EQ(cfg.servers[1].sid, NodeId{2});
  EXPECT_EQ(cfg.servers[1].quorum_port, 28882);
  EXPECT_EQ(cfg.servers[1].election_port, 38882);
  EXPECT_TRUE(cfg.four_letter_word_allowed("mntr"));
  EXPECT_FALSE(cfg.standalone());
  ASSERT_EQ(cfg.ignored_keys.size(), 1u);
  EXPECT_EQ(cfg.ignored_keys[0], (std::pair<std::string, int>{"admin.enableServer", 8}));
  const QuorumConfig q = cfg.quorum_config();
  EXPECT_FALSE(q.validate().has_value());
  EXPECT_EQ(q.participants().size(), 3);
  EXPECT_EQ(q.tick_time_ms, 2000u);
}

TEST(ZooCfg, DefaultsFollowZooKeeper) {
  const ZooCfg cfg = parse_zoo_cfg("tickTime=500\ndataDir=/d\nclientPort=2181\n", "zoo.cfg");
  EXPECT_TRUE(cfg.standalone());
  EXPECT_EQ(cfg.min_session_timeout(), 1000u);        // 2 ticks
  EXPECT_EQ(cfg.max_session_timeout(), 10000u);       // 20 ticks
  EXPECT_TRUE(cfg.four_letter_word_allowed("srvr"));  // the only word allowed by default
  EXPECT_FALSE(cfg.four_letter_word_allowed("ruok"));
  EXPECT_EQ(cfg.max_client_cnxns, 60u);
  EXPECT_TRUE(cfg.force_sync);
  EXPECT_EQ(cfg.jute_max_buffer, 0xfffffu);
  EXPECT_EQ(cfg.snap_count, 100000u);  // ZooKeeperServer.DEFAULT_SNAP_COUNT
  EXPECT_EQ(cfg.quorum_config().snap_count, 100000u);
  EXPECT_EQ(cfg.snap_retain_count, 3u);
  EXPECT_EQ(cfg.purge_interval_hours, 0u);
}

TEST(ZooCfg, SnapCountAndAutopurge) {
  const ZooCfg cfg = parse_zoo_cfg(
      "tickTime=500\ndataDir=/d\nclientPort=2181\nsnapCount=20\nautopurge.snapRetainCount=4\n"
      "autopurge.purgeInterval=1\nsnapSizeLimitInKb=4096\n",
      "zoo.cfg");
  EXPECT_EQ(cfg.quorum_config().snap_count, 20u);
  ASSERT_EQ(cfg.ignored_keys.size(), 1u);  // snapshots are taken by count only
  EXPECT_EQ(cfg.ignored_keys[0].first, "snapSizeLimitInKb");
  EXPECT_EQ(cfg.snap_retain_count, 4u);
  EXPECT_EQ(cfg.purge_interval_hours, 1u);
  EXPECT_EQ(error_of("tickTime=1\ndataDir=/d\nclientPort=1\nsnapCount=1\n"),
            "zoo.cfg:4: snapCount: 1 is outside 2..2147483647");
  EXPECT_EQ(error_of("tickTime=1\ndataDir=/d\nclientPort=1\nsnapCount=2147483648\n"),
            "zoo.cfg:4: snapCount: 2147483648 is outside 2..2147483647");
  EXPECT_EQ(error_of("tickTime=1\ndataDir=/d\nclientPort=1\nautopurge.snapRetainCount=2\n"),
            "zoo.cfg:4: autopurge.snapRetainCount: 2 is outside 3..4294967295");
}

TEST(ZooCfg, ObserversIpv6AndClientPortsInServerLines) {
  const ZooCfg cfg = parse_zoo_cfg(
      "tickTime=2000\ninitLimit=5\nsyncLimit=2\ndataDir=/d\npeerType=observer\n"
      "server.1=[::1]:2888:3888;2181\n"
      "server.2=localhost:2889:3889:participant;127.0.0.1:2182\n"
      "server.3=localhost:2890:3890:observer\n"
      "4lw.commands.whitelist=ruok, srvr ,mntr\n",
      "zoo.cfg");
  EXPECT_EQ(cfg.servers[0].host, "::1");
  EXPECT_EQ(cfg.servers[0].client_port, 2181);
  EXPECT_EQ(cfg.servers[1].client_host, "127.0.0.1");
  EXPECT_EQ(cfg.servers[1].client_port, 2182);
  EXPECT_EQ(cfg.servers[2].type, LearnerType::kObserver);
  EXPECT_EQ(cfg.peer_type, LearnerType::kObserver);
  EXPECT_TRUE(cfg.four_letter_word_allowed("srvr"));
  EXPECT_FALSE(cfg.four_letter_word_allowed("dump"));
  EXPECT_EQ(cfg.quorum_config().observers().size(), 1);
}

TEST(ZooCfg, ErrorsNameTheFileTheLineAndTheProblem) {
  EXPECT_EQ(error_of("tickTime=2000\ndataDir=/d\nclientPort=1\ntickTim=3\n"),
            "zoo.cfg:4: unknown key 'tickTim'");
  EXPECT_EQ(error_of("tickTime=2k\n"), "zoo.cfg:1: tickTime: '2k' is not a number");
  EXPECT_EQ(error_of("tickTime=2000\nclientPort=1\n"), "zoo.cfg: dataDir is not set");
  EXPECT_EQ(error_of("dataDir=/d\nclientPort=1\n"), "zoo.cfg: tickTime is not set");
  EXPECT_EQ(error_of("tickTime=1\ndataDir=/d\nclientPort=70000\n"),
            "zoo.cfg:3: clientPort: 70000 is outside 1..65535");
  EXPECT_EQ(error_of("tickTime=1\ndataDir=/d\nserver.1=h:1\n"),
            "zoo.cfg:3: server.1: 'h:1' is not host:quorumPort:electionPort"
            "[:participant|:observer]");
  EXPECT_EQ(error_of("tickTime=1\ndataDir=/d\nserver.1=h:1:1\n"),
            "zoo.cfg:3: server.1: the quorum and election ports must differ");
  EXPECT_EQ(error_of("tickTime=1\ndataDir=/d\nserver.x=h:1:2\n"),
            "zoo.cfg:3: server.x: 'x' is not a number");
  EXPECT_EQ(error_of("tickTime=1\ndataDir=/d\nserver.16=h:1:2\n"),
            "zoo.cfg:3: server.16: server id 16 is outside 1..15 (zabd's ensembles have at most "
            "15 servers)");
  EXPECT_EQ(error_of("tickTime=1\ndataDir=/d\nserver.1=h:1:2:leader\n"),
            "zoo.cfg:3: server.1: role 'leader' is neither participant nor observer");
  EXPECT_EQ(error_of("tickTime=1\ndataDir=/d\nserver.1=h:1:2|h:3:4\n"),
            "zoo.cfg:3: server.1: several addresses (multiAddress) are not supported");
  EXPECT_EQ(error_of("tickTime=1\ndataDir=/d\nclientPort=1\nclientPort=2\n"),
            "zoo.cfg:4: 'clientPort' is set twice (also line 3)");
  EXPECT_EQ(error_of("tickTime=1\ninitLimit=1\nsyncLimit=1\ndataDir=/d\nserver.1=h:1:2\n"
                     "server.2=h:3:4\nserver.01=h:5:6\n"),
            "zoo.cfg:7: server.1 appears twice (also line 5)");
  EXPECT_EQ(error_of("tickTime=1\ndataDir=/d\nserver.1=h:1:2\nserver.2=h:3:4\n"),
            "zoo.cfg: initLimit is not set");
  EXPECT_EQ(error_of("tickTime=100\ndataDir=/d\nclientPort=1\nminSessionTimeout=5000\n"
                     "maxSessionTimeout=4000\n"),
            "zoo.cfg: minSessionTimeout (5000 ms) is larger than maxSessionTimeout (4000 ms)");
  EXPECT_EQ(error_of("tickTime=1\ndataDir=/d\nclientPort=1\nforceSync=maybe\n"),
            "zoo.cfg:4: forceSync: 'maybe' is not true/false (or yes/no)");
  EXPECT_EQ(error_of("tickTime=1\ndataDir=/d\nclientPort=1\nelectionAlg=0\n"),
            "zoo.cfg:4: electionAlg: only 3 (fast leader election) exists");
  EXPECT_EQ(error_of("tickTime=1\ndataDir=/d\nclientPort=1\ndynamicConfigFile=/x\n"),
            "zoo.cfg:4: dynamicConfigFile: dynamic reconfiguration is not supported by zabd");
}

TEST(ZooCfg, HierarchicalQuorumsParseButTheCoreRefusesThem) {
  const ZooCfg cfg = parse_zoo_cfg(
      "tickTime=1\ninitLimit=1\nsyncLimit=1\ndataDir=/d\nserver.1=h:1:2\nserver.2=h:3:4\n"
      "server.3=h:5:6\ngroup.1=1:2\ngroup.2=3\nweight.1=1\nweight.2=1\nweight.3=0\n",
      "zoo.cfg");
  ASSERT_EQ(cfg.groups.size(), 2u);
  EXPECT_EQ(cfg.groups[0].members, (std::vector<NodeId>{NodeId{1}, NodeId{2}}));
  EXPECT_EQ(cfg.weights.at(3), 0u);
  EXPECT_THROW(cfg.quorum_config(), ZooCfgError);
}

// QuorumPeerConfig.parseDynamicConfig's member rules, and the ids Properties keeps apart but
// QuorumHierarchical merges.
TEST(ZooCfg, MemberCountsAndRepeatedGroupOrWeightIdsAreErrors) {
  const std::string head = "tickTime=1\ninitLimit=1\nsyncLimit=1\ndataDir=/d\n";
  EXPECT_EQ(error_of(head + "server.1=h:1:2:observer\n"),
            "zoo.cfg: the ensemble has no participants (only observers)");
  EXPECT_EQ(error_of(head + "clientPort=1\nstandaloneEnabled=false\n"),
            "zoo.cfg: standaloneEnabled=false needs at least one participant (server. line)");
  EXPECT_EQ(error_of(head + "server.1=h:1:2\nserver.2=h:3:4:observer\n"),
            "zoo.cfg: one participant with observers: ZooKeeper would run the participant "
            "standalone, and observers need a quorum to follow (set standaloneEnabled=false or "
            "add participants)");
  EXPECT_NO_THROW(parse_zoo_cfg(
      head + "standaloneEnabled=false\nserver.1=h:1:2\nserver.2=h:3:4:observer\n", "zoo.cfg"));
  const std::string three = head + "server.1=h:1:2\nserver.2=h:3:4\nserver.3=h:5:6\n";
  EXPECT_EQ(error_of(three + "group.1=1:2\ngroup.01=3\n"),
            "zoo.cfg:9: group.1 is defined twice (also line 8)");
  EXPECT_EQ(error_of(three + "group.1=1:2:3\nweight.1=2\nweight.01=3\n"),
            "zoo.cfg:10: weight.01: the weight of server 1 is set twice (also line 9)");
  const ZooCfg cfg = parse_zoo_cfg(three + "group.1=1:2:3\nweight.2=5\n", "zoo.cfg");
  EXPECT_EQ(cfg.weight_lines.at(2), 9);
}

TEST(ZooCfg, MyidIsAServerIdWithOptionalWhitespace) {
  EXPECT_EQ(parse_myid("3\n", "myid"), NodeId{3});
  EXPECT_EQ(parse_myid(" 12 \r\n", "myid"), NodeId{12});
  EXPECT_THROW(parse_myid("", "myid"), ZooCfgError);
  EXPECT_THROW(parse_myid("three", "myid"), ZooCfgError);
  EXPECT_THROW(parse_myid("0", "myid"), ZooCfgError);
}

TEST(Properties, JavaLineFormat) {
  const auto props = parse_properties(
      "# comment \\\n"
      "! another\n"
      "\n"
      "a=1\n"
      "  b : two words  \n"
      "c three\r\n"
      "d=long\\\n"
      "    er\n"
      "e=tab\\there\\u0041\n"
      "f\n");
  ASSERT_EQ(props.size(), 6u);
  EXPECT_EQ(props[0].key, "a");
  EXPECT_EQ(props[0].line, 4);
  EXPECT_EQ(props[1].key, "b");
  EXPECT_EQ(props[1].value, "two words");
  EXPECT_EQ(props[2].key, "c");
  EXPECT_EQ(props[2].value, "three");
  EXPECT_EQ(props[3].value, "longer");
  EXPECT_EQ(props[3].line, 7);
  EXPECT_EQ(props[4].value,
            "tab\there"
            "A");
  EXPECT_EQ(props[4].line, 9);
  EXPECT_EQ(props[5].key, "f");
  EXPECT_EQ(props[5].value, "");
}

}  // namespace
}  // namespace zab::config
