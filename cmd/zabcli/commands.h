// zabcli's commands that talk to the ensemble, one table entry each (zkCli's CliCommand classes):
// the read commands (read_commands.cpp), the write commands (write_commands.cpp), and what they
// share (command_support.cpp): the exit codes, StatPrinter, path checks and error messages.
#pragma once

#include <functional>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>

#include "cmd/zabcli/client_session.h"
#include "cmd/zabcli/command_line.h"
#include "impl/data/stat.h"

namespace zab::zabcli {

// A command's result, zabcli's exit status in one-shot mode.
inline constexpr int kCommandOk = 0;
inline constexpr int kCommandFailed = 1;  // the ensemble answered an error
inline constexpr int kCommandUsage = 2;  // an unknown command, bad options or arguments, a bad path
inline constexpr int kCommandNoSession = 3;  // no session, or it ended (expired, all servers gone)

struct CommandContext {
  ClientSession& session;
  std::ostream& out;
  std::ostream& err;
};

struct Command {
  std::string_view name;
  std::string_view usage;  // zkCli's option string: "[-s] [-w] path"
  OptionSpec options;
  size_t args_min = 0;  // words besides the options (the path, the data, ...)
  int (*run)(CommandContext&, const CommandLine&) = nullptr;
};

std::span<const Command> read_commands();
std::span<const Command> write_commands();

// ---- command_support.cpp ------------------------------------------------------------------

// StatPrinter.print: cZxid, ctime (Date.toString, local time), ..., numChildren, one per line.
void print_stat(const data::Stat& stat, std::ostream& out);

// PathUtils.validatePath(path, sequential) in the Java client's words ("Path must start with /
// character"); a sequential create may end with '/'. Prints the problem and returns false.
bool valid_path(std::string_view path, bool sequential, std::ostream& err);

// A reply's error in CliWrapperException's words on `err`: kCommandFailed, or kCommandOk when
// there was none.
int report(Code code, std::string_view path, std::ostream& err);

// The -v option as Integer.parseInt reads it (-1, any version, without it); nullopt after
// printing the problem.
std::optional<int32_t> version_option(const CommandLine& line, std::ostream& err);

// A failed request of a command that makes several: its code and the path it was about (the
// KeeperException's getPath(), which zkCli prints).
struct Refusal {
  Code code = Code::kOk;
  std::string path;
};

// ZKUtil.visitSubTreeDFS: `path` (getData, which must succeed), then each node's children in
// name order before descending into them; a node gone meanwhile is skipped. `visit` gets every
// path; the children are read with `watch`.
std::optional<Refusal> visit_subtree(ClientSession& session, const std::string& path, bool watch,
                                     const std::function<void(const std::string&)>& visit);

}  // namespace zab::zabcli
