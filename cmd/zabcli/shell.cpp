#include "cmd/zabcli/shell.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "cmd/zabcli/commands.h"

namespace zab::zabcli {
namespace {

// Commands the shell runs itself (ZooKeeperMain.processZKCmd), with their option strings.
constexpr std::pair<std::string_view, std::string_view> kShellCommands[] = {
    {"connect", "host:port[,host:port...]"},
    {"close", ""},
    {"help", ""},
    {"quit", ""},
};

std::optional<Command> find_command(std::string_view name) {
  for (auto table : {read_commands(), write_commands()}) {
    for (const Command& command : table) {
      if (command.name == name) return command;
    }
  }
  return std::nullopt;
}

}  // namespace

std::string command_help() {
  std::vector<std::string> lines;
  for (auto table : {read_commands(), write_commands()}) {
    for (const Command& command : table)
      lines.push_back(fmt::format("\t{} {}", command.name, command.usage));
  }
  for (const auto& [name, usage] : kShellCommands)
    lines.push_back(fmt::format("\t{} {}", name, usage));
  std::sort(lines.begin(), lines.end());  // zkCli's usage() lists them sorted
  return fmt::format("{}\n", fmt::join(lines, "\n"));
}

Shell::Shell(std::string hosts, int32_t timeout_ms, std::ostream& out, std::ostream& err)
    : hosts_(std::move(hosts)), timeout_ms_(timeout_ms), out_(out), err_(err) {}

ClientSession* Shell::session() {
  return session_ != nullptr && session_->alive() ? session_.get() : nullptr;
}

std::string Shell::prompt(int number) const {
  const char* state = session_ == nullptr ? "NOT_CONNECTED"
                      : session_->alive() ? "CONNECTED"
                                          : "CLOSED";
  const std::string host = session_ != nullptr && session_->alive() ? session_->server() : hosts_;
  return fmt::format("[zabcli: {}({}) {}] ", host, state, number);
}

std::string Shell::take_events() {
  std::string text;
  if (session_ != nullptr) {
    auto& queued = session_->events();
    pending_.insert(pending_.end(), queued.begin(), queued.end());
    queued.clear();
  }
  for (const auto& event : pending_)
    text += fmt::format("\nWATCHER::\n\n{}\n", to_string(event));  // ZooKeeperMain.printMessage
  pending_.clear();
  return text;
}

void Shell::print_events_at_once(std::function<void(const std::string&)> print) {
  print_ = std::move(print);
  if (session_ != nullptr) session_->set_event_listener([this] { print_(take_events()); });
}

int Shell::connect(const std::string& hosts) {
  if (!hosts.empty()) hosts_ = hosts;
  if (session_ != nullptr) {
    session_->close();
    auto& queued = session_->events();
    pending_.insert(pending_.end(), queued.begin(), queued.end());
    session_.reset();
  }
  try {
    session_ = std::make_unique<ClientSession>(hosts_, timeout_ms_);
    if (print_) session_->set_event_listener([this] { print_(take_events()); });
    return kCommandOk;
  } catch (const ClientError& e) {
    err_ << "zabcli: " << e.what() << "\n";
    return kCommandNoSession;
  }
}

int Shell::run(const std::vector<std::string>& words) {
  if (words.empty()) return last_status_;
  if (words[0] == "quit") {
    quit_ = true;  // the status stays the last command's, as zkCli exits with it
    return last_status_;
  }
  last_status_ = dispatch(words);
  return last_status_;
}

int Shell::dispatch(const std::vector<std::string>& words) {
  const std::string& name = words[0];
  if (name == "help") {
    out_ << "zabcli --server host:port[,host:port...] [--timeout ms] cmd args\n" << command_help();
    return kCommandOk;
  }
  if (name == "connect") return connect(words.size() > 1 ? words[1] : "");
  if (name == "close") {
    if (session_ != nullptr) session_->close();
    return kCommandOk;
  }
  const auto command = find_command(name);
  if (!command) {
    err_ << "zabcli --server host:port[,host:port...] [--timeout ms] cmd args\n"
         << command_help() << "Command not found " << name << "\n";
    return kCommandUsage;
  }
  ClientSession* open = session();
  if (open == nullptr) {
    out_ << "Not connected\n";
    return kCommandNoSession;
  }
  auto parsed = parse_command_line(words, command->options);
  if (auto* error = std::get_if<std::string>(&parsed)) {
    err_ << *error << "\n";
    return kCommandUsage;
  }
  const auto& line = std::get<CommandLine>(parsed);
  if (line.args.size() < command->args_min) {
    err_ << command->name << " " << command->usage << "\n";  // CliParseException(getUsageStr())
    return kCommandUsage;
  }
  CommandContext context{*open, out_, err_};
  try {
    return command->run(context, line);
  } catch (const ClientError& e) {
    err_ << "zabcli: " << e.what() << "\n";
    return kCommandNoSession;
  }
}

}  // namespace zab::zabcli
