// The state of Apache ZooKeeper 3.8 servers when data/zk38_4lw.json was recorded
// (capture/zk_4lw_capture.py), as ServerStatus values: the same znodes, kazoo's session, its
// watches and connection, the counters each answer showed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "impl/runtime/four_letter_words.h"

namespace zab::runtime::test {

extern const std::string kVersion;  // the Debian build's Version.getFullVersion
extern const data::AclList kOpen;

wire::FourLetterCommand command(wire::FourLetterWord word);
// The answer with every word allowed.
std::string answer(wire::FourLetterWord word, const ServerStatus& status);

// /a, /a/b = "hello" and the ephemeral /e = "x" of `session`, at zxids base+2..base+4;
// /zookeeper/config holds `membership` when it is not empty (an ensemble).
data::ZkDatabaseRef capture_database(uint64_t session, int64_t zxid_base,
                                     const std::string& membership);
// getData(/a/b, watch), getChildren(/a, watch), exists(/missing, watch).
sessions::WatchManager capture_watches(uint64_t session);
// kazoo's connection after its 9 requests (connect, then 8 ops, the last an exists).
ConnectionStatus kazoo_connection(std::string address, uint64_t session, int64_t established_ms,
                                  int64_t last_zxid, int64_t last_response_ms,
                                  const std::vector<int64_t>& latencies_ms);
// The connection asking the question.
ConnectionStatus four_letter_connection(std::string address);
AvgMinMax latencies(const std::vector<int64_t>& points);

// Server 1 of the 3-server ensemble, a follower, which served kazoo.
inline constexpr uint64_t kFollowerSession = 0x10000dfab6c0000;
extern const std::vector<int64_t> kFollowerLatencies;
extern const std::string kMembership;
ServerStatus follower_status();
ConnectionStatus follower_kazoo();

// The standalone server.
inline constexpr uint64_t kStandaloneSession = 0x10000dfb8a80000;
extern const std::vector<int64_t> kStandaloneLatencies;
ServerStatus standalone_status();
ConnectionStatus standalone_kazoo();

}  // namespace zab::runtime::test
