// zabcli: a ZooKeeper shell in zkCli.sh's words, for zabd and Apache ZooKeeper alike.
//   zabcli [--server host:port[,host:port...]] [--timeout ms] [command args...]
// With a command: runs it and exits (0 done, 1 the command failed, 2 usage, 3 no session or the
// connection broke). Without: reads commands from stdin, one per line, pinging while idle so the
// session outlives a pause.
#include <poll.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>

#include "cmd/zabcli/shell.h"

namespace {

constexpr int kExitUsage = 2;
constexpr int kExitConnection = 3;

// Waits until stdin has a line or a third of the session timeout passed (then pings).
int interactive(zab::zabcli::ClientSession& session) {
  const bool tty = isatty(STDIN_FILENO) != 0;
  int number = 0;
  std::string line;
  while (true) {
    zab::zabcli::print_events(session, std::cout);
    if (tty) std::cout << "[zabcli: " << session.server() << " " << number << "] " << std::flush;
    while (true) {
      pollfd fd{STDIN_FILENO, POLLIN, 0};
      const int ready = ::poll(&fd, 1, std::max(session.negotiated_timeout_ms() / 3, 100));
      if (ready > 0) break;
      session.ping();
      zab::zabcli::print_events(session, std::cout);
    }
    if (!std::getline(std::cin, line)) break;
    ++number;
    const auto words = zab::zabcli::split_command(line);
    if (!words.empty() && (words[0] == "quit" || words[0] == "close")) break;
    zab::zabcli::run_command(session, words, std::cout, std::cerr);
  }
  session.close();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"zabcli: a ZooKeeper shell (zkCli.sh's commands) for zabd and Apache ZooKeeper"};
  std::string hosts = "127.0.0.1:2181";
  int32_t timeout_ms = 30000;
  std::vector<std::string> command;
  app.add_option("--server", hosts, "host:port[,host:port...]");
  app.add_option("--timeout", timeout_ms, "session timeout (ms)")->check(CLI::Range(1, 1 << 30));
  app.footer(std::string("commands (the first word that is not an option starts one):\n") +
             zab::zabcli::kCommandHelp);
  // Everything from the command on is the command's, its own options included (get -s /x).
  app.prefix_command();
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : kExitUsage;
  }
  command = app.remaining();
  try {
    zab::zabcli::ClientSession session(hosts, timeout_ms);
    if (command.empty()) return interactive(session);
    // The command's code is the exit code: 0 done, 1 failed, 2 usage.
    const int code = zab::zabcli::run_command(session, command, std::cout, std::cerr);
    zab::zabcli::print_events(session, std::cout);
    session.close();
    return code;
  } catch (const zab::zabcli::ClientError& e) {
    std::cerr << "zabcli: " << e.what() << "\n";
    return kExitConnection;
  }
}
