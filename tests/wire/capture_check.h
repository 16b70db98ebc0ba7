// Decodes a capture of real ZooKeeper traffic (capture/zk_capture.py's format) with zab_wire and
// re-encodes every decoded frame, packet and message: our bytes must equal ZooKeeper's.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace zab::wire::test {

struct CaptureReport {
  // What was decoded, e.g. "client create", "client reply getData err=-101",
  // "quorum PROPOSAL create2", "election notification LOOKING".
  std::map<std::string, int> seen;
  // One sentence per frame that did not decode or did not re-encode to the same bytes.
  std::vector<std::string> failures;
  size_t decoded = 0;          // frames, packets and messages decoded
  size_t reencoded_equal = 0;  // of those, re-encoded to exactly the captured bytes
  size_t tail_bytes = 0;       // bytes of a message cut off when the capture stopped
  // PROPOSAL/INFORM packets whose only difference is a null znode data buffer (-1) that we
  // re-encode as empty: impl/data's txn records hold data as a string, so a znode created or set
  // with null data (zkCli's `create /x`) loses the null. Counted apart from reencoded_equal.
  size_t null_data_txns = 0;

  bool saw(const std::string& what) const { return seen.contains(what); }
};

CaptureReport check_capture(std::string_view capture_text);

}  // namespace zab::wire::test
