// Seeded bugs: named switches that bring back real ZooKeeper failures, so that the checker can
// prove it finds them. Each switch is a few lines at the exact protocol step that regressed;
// grep for `bugs.has(Bug::...)` to find them. Recipes: ../shared/research/bugs-seeded.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zab {

enum class Bug : uint8_t {
  kZk4643,              // follower writes currentEpoch before the synced txns are durable
  kZk4646,              // follower ACKs NEWLEADER before the log writer has synced the txns
  kZk1154,              // leader sends DIFF where TRUNC (or SNAP) is needed
  kZk1419,              // FLE vote order not transitive: id tie-break ignores the epoch
  kZk1277,              // zxid counter overflow does not force a new election
  kCommitBeforeQuorum,  // leader commits a proposal before a quorum has acked it
  kZk2355,              // follower sets lastProcessedZxid at the DIFF header
  kZk1208,              // a closing session still accepts an ephemeral create
  kExpiryNoRounding,    // session expiry not rounded up to the next bucket
};

struct BugInfo {
  Bug bug;
  std::string_view name;     // command-line name, e.g. "zk-4643"
  std::string_view summary;  // one line
};
const std::vector<BugInfo>& all_bugs();
std::optional<Bug> parse_bug(std::string_view name);
std::string_view bug_name(Bug bug);

class BugSet {
 public:
  bool has(Bug bug) const { return (bits_ >> static_cast<int>(bug)) & 1u; }
  void add(Bug bug) { bits_ |= uint32_t(1u << static_cast<int>(bug)); }
  bool empty() const { return bits_ == 0; }
  uint32_t bits() const { return bits_; }
  std::vector<std::string> names() const;
  bool operator==(const BugSet&) const = default;

 private:
  uint32_t bits_ = 0;
};

}  // namespace zab
