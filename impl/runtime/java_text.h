// How ZooKeeper's Java code prints numbers and dates, for the four-letter words' text: a tool that
// parses ZooKeeper's answers must parse ours the same way. Pure functions.
#pragma once

#include <cstdint>
#include <string>

namespace zab::runtime {

// Double.toString: "0.0", "34.0677", "1.0E7", "5.0E-4" — plain notation for magnitudes in
// [1e-3, 1e7), computerized scientific notation otherwise, with the fewest digits that tell the
// value apart from its neighbours (the JDK 19+ algorithm; JDK 17 prints the same digits except in
// rare cases where it printed one more than needed).
std::string java_double(double value);

// Long.toHexString: lowercase, no leading zeros, a negative value as its 64-bit two's complement
// ("ffffffffffffffff" for -1).
std::string java_hex(int64_t value);

// Date.toString of a wall-clock time (ms since the epoch) in UTC: "Thu Jan 01 00:00:10 UTC 1970"
// (ZooKeeper prints the JVM's time zone; ours is always UTC).
std::string java_date_utc(int64_t epoch_ms);

}  // namespace zab::runtime
