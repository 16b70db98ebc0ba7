// A client history for `zabcheck lin`: one operation per JSON line, each on one znode modelled as
// a register holding (value, version), the way ZooKeeper's setData and getData see it.
//
//   write: setData(path, value, -1): always applies, the version goes up by one.
//   cas:   setData(path, value, expected_version): applies only when the znode's version equals
//          expected_version; otherwise ZooKeeper answers BadVersion and nothing changes.
//   read:  getData(path): returns the value (and the Stat's version).
//
// An outcome is ok (the client saw the answer), fail (the server answered with an error: the
// operation took effect as a no-op at some point of its interval; for a cas that point saw a
// version other than the expected one) or unknown (a timeout or a lost connection: it may take
// effect at any time after its invoke, or never).
#pragma once

#include <cstdint>
#include <istream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace zab::lin {

enum class OpKind { kRead, kWrite, kCas };
enum class Outcome { kOk, kFail, kUnknown };

// One operation as the client saw it. Values are interned per history (ValueId) so that a search
// state is two integers, however large the values are.
using ValueId = uint32_t;

struct Operation {
  size_t line = 0;      // 1-based line of the history file, for every message
  std::string process;  // the client (its lane in the SVG); any JSON integer or string
  OpKind kind = OpKind::kRead;
  std::string key;
  ValueId value = 0;  // read: the value seen; write, cas: the value written
  // read: the version seen; write/cas ok: the version the Stat returned. Checked when present.
  std::optional<int64_t> version;
  int64_t expected_version = 0;  // cas only
  int64_t invoke = 0;
  std::optional<int64_t> complete;  // none when the outcome is unknown: no upper bound
  Outcome outcome = Outcome::kOk;
};

struct History {
  std::vector<Operation> operations;  // in file order
  // ValueId -> the value as written in the file (a JSON string's text, an integer's digits).
  std::vector<std::string> values;
  std::string file;
};

// A line that is not an operation: the message names the line and what is wrong with it (line 0:
// the file as a whole, e.g. a read error).
class HistoryError : public std::runtime_error {
 public:
  HistoryError(size_t line, const std::string& what);
  size_t line() const { return line_; }

 private:
  size_t line_;
};

// Reads JSON lines; blank lines are skipped. Throws HistoryError.
History parse_history(std::istream& in, const std::string& file);

// The initial value of every znode: empty data at version 0 (a create with no data).
inline constexpr ValueId kInitialValue = 0;

std::string_view to_string(OpKind kind);
std::string_view to_string(Outcome outcome);
// "p1 cas v3 -> \"x\" fail [10, 20]" for messages (values cut to `value_bytes_max`).
std::string describe(const History& history, const Operation& op, size_t value_bytes_max = 40);

}  // namespace zab::lin
