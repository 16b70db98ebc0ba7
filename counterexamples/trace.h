// A counterexample as a text file a reviewer reads in a pull request, in the style of etcd's
// testdata scripts: a `# ` header (format version, property, configuration, how it was found,
// the commands that reproduce it), one action name per line, then `----` and the expected
// verdict with the digest of the final world.
//
//   # zabcheck-trace 1
//   # property: committed-never-lost
//   # sentence: a transaction acknowledged as committed is in the history of ...
//   # config: {"servers":3,"txns":1,"crashes":1,"bugs":["commit-before-quorum"],...}
//   # bugs: commit-before-quorum
//   # seed: 42
//   # found-by: bfs depth 17, 12345 states
//   # reproduce: zabcheck replay committed-never-lost.trace
//   # reproduce: zabcheck check --servers 3 --txns 1 --crashes 1 --bug commit-before-quorum
//   deliver n1->n2 election NOTIFICATION vote=(n1,<0,0>,0) round=1 state=LOOKING
//   ...
//   crash n3 keep-unsynced=0
//   ----
//   violates committed-never-lost: leader n2 of epoch 2 lacks committed <1,1>: n2 []
//   digest 5f0c2a...
//
// Actions are stored by name, not by index, so a trace survives refactors that reorder the
// world's actions; replay matches each line against the names of the enabled actions.
#pragma once

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "checker/world/run_config.h"

namespace zab::cx {

inline constexpr int kTraceFormatVersion = 1;
// A trace is a few KiB (a long random walk a few MiB); anything larger is not one, and reading
// stops there (`zabcheck replay /dev/zero` must not eat the memory).
inline constexpr size_t kTraceBytesMax = size_t{64} << 20;
// The JSON form nests 3 deep; a parser stops at this depth instead of building (and later
// printing, recursively) a value nested 100,000 deep.
inline constexpr int kJsonDepthMax = 32;

// Not in the property catalogue: a ZK_ASSERT in the protocol code failed (checker/search/step.h).
using search::kAssertionProperty;

// What replaying the trace is expected to find.
struct Verdict {
  bool violated = false;
  std::string property;  // when violated: the property id
  std::string detail;    // when violated: the finding, one sentence naming servers and zxids
  bool operator==(const Verdict&) const = default;
};

struct Trace {
  std::string property;  // the violated property's id (catalogue id or "assertion")
  check::RunConfig config;
  std::optional<uint64_t> seed;  // the explorer's seed, for randomized runs
  std::string found_by;          // e.g. "bfs depth 17, 12345 states"
  std::vector<std::string> actions;
  // For a parsed text file: the 1-based line of each action, so errors can name it. Empty for
  // traces built in memory or read from JSON.
  std::vector<int> action_lines;
  Verdict expected;
  std::optional<uint64_t> digest;  // fingerprint of the world after the last action
};

// A malformed trace: what() reads "[file: ]line N: reason". `line` is 1-based, or 0 when the
// problem is not on one line.
struct TraceError : std::runtime_error {
  TraceError(int line, const std::string& reason, std::string_view file = {});
  int line;
  std::string reason;
};

// Why `id` cannot be a trace's property (unknown, or liveness), or nullopt when it can.
std::optional<std::string> property_problem(std::string_view id);
// The property's sentence: from the catalogue, or the assertion pseudo-property's.
std::string_view property_sentence(std::string_view id);
// Where action `index` (0-based) came from: "line 23" for parsed files, else "action 12".
std::string action_origin(const Trace& trace, size_t index);
// The commands that reproduce the trace: `zabcheck replay <file>` (the file name shell-quoted, so
// the command is one line whatever the name holds) and `zabcheck check <flags>`.
std::string replay_command(std::string_view file_name);
std::string check_command(const check::RunConfig& config);
std::string digest_hex(uint64_t digest);
// Why `hex` is not a digest (exactly 16 hex digits, as digest_hex writes), or nullopt.
std::optional<std::string> digest_problem(std::string_view hex);
uint64_t parse_digest_hex(std::string_view hex);  // call digest_problem first

// The text form. `file_name` goes into the replay command (empty: "TRACE").
std::string format_trace(const Trace& trace, std::string_view file_name = {});
// Parses the text form, or the JSON form when the text starts with '{'. Blank lines, trailing
// whitespace and CRLF line ends are tolerated; anything else malformed throws TraceError naming
// the line.
Trace parse_trace(std::string_view text);

// The JSON form (counterexamples/trace.schema.json).
nlohmann::json trace_to_json(const Trace& trace, std::string_view file_name = {});
Trace trace_from_json(const nlohmann::json& j);
// JSON text that never throws: strings that are not valid UTF-8 (a file name, a mutated trace's
// action) are written with U+FFFD in place of the bad bytes. `indent` as json::dump's.
std::string json_text(const nlohmann::json& j, int indent = -1);
// Parses JSON text, nested at most kJsonDepthMax deep; throws TraceError(line, reason).
nlohmann::json parse_json(std::string_view text, int line = 0);

// Files. Reading errors (a missing file, a directory, more than kTraceBytesMax bytes, malformed
// content) throw TraceError whose message names the file; writing errors throw OutputError
// (counterexamples/output_file.h). A trace is written whole or not at all.
Trace read_trace(const std::filesystem::path& path);
// The file's bytes, at most kTraceBytesMax of them (for the spec's traces, spec_trace.h).
std::string read_trace_text(const std::filesystem::path& path);
void write_trace(const std::filesystem::path& path, const Trace& trace);

}  // namespace zab::cx
