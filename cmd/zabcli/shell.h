// zabcli's commands, in zkCli.sh's words and output: ls, get, stat, create, set, delete, sync,
// help. One command line in, its output and errors out; the session belongs to the caller.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "cmd/zabcli/client_session.h"

namespace zab::zabcli {

// A command line split into words; "double quoted" words keep their spaces.
std::vector<std::string> split_command(const std::string& line);

// Runs one command: kCommandOk, kCommandFailed (a ZooKeeper error, printed to `err`) or
// kCommandUsage (an unknown command or bad arguments). Throws ClientError if the connection broke.
inline constexpr int kCommandOk = 0;
inline constexpr int kCommandFailed = 1;
inline constexpr int kCommandUsage = 2;
int run_command(ClientSession& session, const std::vector<std::string>& words, std::ostream& out,
                std::ostream& err);

// Prints the watch notifications the session has read ("WATCHER::" lines, as zkCli.sh).
void print_events(ClientSession& session, std::ostream& out);

inline constexpr const char* kCommandHelp =
    "  ls [-w] path\n"
    "  get [-s] [-w] path\n"
    "  stat [-w] path\n"
    "  create [-e] [-s] path [data]\n"
    "  set [-s] [-v version] path data\n"
    "  delete [-v version] path\n"
    "  sync path\n"
    "  help\n"
    "  quit\n";

}  // namespace zab::zabcli
