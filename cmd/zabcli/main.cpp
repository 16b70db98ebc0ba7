// zabcli: a ZooKeeper shell in zkCli.sh's words, for zabd and Apache ZooKeeper alike.
//   zabcli [--server host:port[,host:port...]] [--timeout ms] [command args...]
// (-server and -timeout, zkCli's spellings, work too.) With a command: runs it and exits with its
// status: 0 done, 1 the ensemble answered an error, 2 usage (an unknown command, bad options or
// arguments, a bad path), 3 no session (no server took it, or it ended). Without: an interactive
// shell on stdin (line editing and history on a terminal), printing watch notifications and
// session events as they come and pinging while idle; it exits with the status of the last
// command, as zkCli does.
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <iostream>

#include "cmd/zabcli/command_line.h"
#include "cmd/zabcli/commands.h"
#include "cmd/zabcli/line_reader.h"
#include "cmd/zabcli/shell.h"

namespace {

using zab::zabcli::ClientSession;
using zab::zabcli::LineReader;
using zab::zabcli::Shell;

int interactive(Shell& shell) {
  const bool terminal = isatty(STDIN_FILENO) != 0;
  LineReader reader(terminal);
  int number = 0;
  std::string line;
  reader.print(shell.take_events());  // the session's SyncConnected, as zkCli prints it
  shell.print_events_at_once([&](const std::string& text) {
    std::cout.flush();  // the command's output so far first
    reader.print(text);
  });
  while (!shell.quit_requested()) {
    ClientSession* session = shell.session();
    const int fd = session != nullptr ? session->socket_fd() : -1;
    // ClientCnxn pings after readTimeout/2 of silence: a third of the session timeout.
    const int idle_ms =
        session != nullptr ? std::max(session->negotiated_timeout_ms() / 3, 100) : 60 * 60 * 1000;
    const std::string prompt = terminal ? shell.prompt(number) : "";
    const auto wait = reader.next(prompt, fd, idle_ms, line);
    if (wait == LineReader::Wait::kEnd) break;
    if (wait == LineReader::Wait::kIdle) {
      shell.keep_alive([](ClientSession& s) { s.ping(); });
    } else if (wait == LineReader::Wait::kSocket) {
      shell.keep_alive([](ClientSession& s) { s.read_pending(); });
    } else {
      const auto words = zab::zabcli::split_command(line);
      if (!words.empty()) ++number;
      shell.run(words);
    }
    std::cout.flush();
    reader.print(shell.take_events());
  }
  if (ClientSession* session = shell.session()) session->close();
  return shell.last_status();
}

// zkCli spells its options with one dash.
std::vector<std::string> zkcli_spellings(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "-server" || args[i] == "-timeout") {
      args[i] = "-" + args[i];
      ++i;  // its value
    } else if (args[i].empty() || args[i][0] != '-') {
      break;  // the command starts
    }
  }
  std::reverse(args.begin(), args.end());  // CLI11 takes the arguments in reverse order
  return args;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"zabcli: a ZooKeeper shell (zkCli.sh's commands) for zabd and Apache ZooKeeper"};
  std::string hosts = "127.0.0.1:2181";
  int32_t timeout_ms = 30000;
  app.add_option("--server", hosts, "host:port[,host:port...]");
  app.add_option("--timeout", timeout_ms, "session timeout (ms)")->check(CLI::Range(1, 1 << 30));
  app.footer("commands (the first word that is not an option starts one):\n" +
             zab::zabcli::command_help() +
             "exit status: 0 done, 1 the ensemble answered an error, 2 usage, 3 no session");
  // Everything from the command on is the command's, its own options included (get -s /x).
  app.prefix_command();
  try {
    auto args = zkcli_spellings(argc, argv);
    app.parse(args);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : zab::zabcli::kCommandUsage;
  }
  const std::vector<std::string> command = app.remaining();
  Shell shell(hosts, timeout_ms, std::cout, std::cerr);
  if (!command.empty() && command[0] == "help") return shell.run(command);  // needs no server
  if (const int code = shell.connect(); code != zab::zabcli::kCommandOk) return code;
  if (command.empty()) return interactive(shell);
  shell.take_events();  // the SyncConnected of a one-shot session is no news
  const int code = shell.run(command);
  std::cout << shell.take_events();
  if (ClientSession* session = shell.session()) session->close();
  return code;
}
