#include "cmd/zabcli/shell.h"

#include <fmt/format.h>

#include <map>
#include <optional>

#include "impl/core/watch_event.h"
#include "impl/server/client_ops.h"

namespace zab::zabcli {
namespace {

struct Parsed {
  std::map<char, std::string> flags;  // flag -> value ("" for a switch)
  std::vector<std::string> args;
};

// Flags in `switches` take no value, flags in `valued` take the next word.
std::optional<Parsed> parse(const std::vector<std::string>& words, std::string_view switches,
                            std::string_view valued, std::ostream& err) {
  Parsed p;
  for (size_t i = 1; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (w.size() == 2 && w[0] == '-' && p.args.empty()) {
      if (switches.find(w[1]) != std::string_view::npos) {
        p.flags[w[1]] = "";
        continue;
      }
      if (valued.find(w[1]) != std::string_view::npos && i + 1 < words.size()) {
        p.flags[w[1]] = words[++i];
        continue;
      }
      err << "unknown or incomplete option " << w << "\n";
      return std::nullopt;
    }
    p.args.push_back(w);
  }
  return p;
}

std::optional<int32_t> version_flag(const Parsed& p, std::ostream& err) {
  auto it = p.flags.find('v');
  if (it == p.flags.end()) return -1;
  try {
    size_t used = 0;
    const long v = std::stol(it->second, &used);
    if (used == it->second.size() && v >= -1 && v <= INT32_MAX) return static_cast<int32_t>(v);
  } catch (const std::exception&) {
  }
  err << "version '" << it->second << "' is not a number\n";
  return std::nullopt;
}

void print_stat(const data::Stat& s, std::ostream& out) {
  out << fmt::format(
      "cZxid = 0x{:x}\nctime = {}\nmZxid = 0x{:x}\nmtime = {}\npZxid = 0x{:x}\n"
      "cversion = {}\ndataVersion = {}\naclVersion = {}\nephemeralOwner = 0x{:x}\n"
      "dataLength = {}\nnumChildren = {}\n",
      s.czxid, s.ctime, s.mzxid, s.mtime, s.pzxid, s.cversion, s.version, s.aversion,
      static_cast<uint64_t>(s.ephemeral_owner), s.data_length, s.num_children);
}

// zkCli.sh's wording for the common errors.
bool failed(const server::ClientReply& reply, const std::string& path, std::ostream& err) {
  switch (reply.err) {
    case Code::kOk:
      return false;
    case Code::kNoNode:
      err << "Node does not exist: " << path << "\n";
      return true;
    case Code::kNodeExists:
      err << "Node already exists: " << path << "\n";
      return true;
    case Code::kBadVersion:
      err << "version No is not valid : " << path << "\n";
      return true;
    case Code::kNotEmpty:
      err << "Node not empty: " << path << "\n";
      return true;
    default:
      err << code_name(reply.err) << " for " << path << "\n";
      return true;
  }
}

int usage(std::ostream& err, std::string_view line) {
  err << "usage: " << line << "\n";
  return kCommandUsage;
}

}  // namespace

std::vector<std::string> split_command(const std::string& line) {
  std::vector<std::string> words;
  std::string word;
  bool quoted = false, any = false;
  for (char c : line) {
    if (c == '"') {
      quoted = !quoted;
      any = true;
    } else if (!quoted && (c == ' ' || c == '\t')) {
      if (any) words.push_back(std::move(word));
      word.clear();
      any = false;
    } else {
      word += c;
      any = true;
    }
  }
  if (any) words.push_back(std::move(word));
  return words;
}

void print_events(ClientSession& session, std::ostream& out) {
  auto& events = session.events();
  while (!events.empty()) {
    const auto& e = events.front();
    out << fmt::format("WATCHER::\n\nWatchedEvent state:{} type:{} path:{}\n",
                       to_string(static_cast<KeeperState>(e.state)),
                       to_string(static_cast<EventType>(e.type)), e.path);
    events.pop_front();
  }
}

int run_command(ClientSession& session, const std::vector<std::string>& words, std::ostream& out,
                std::ostream& err) {
  if (words.empty()) return kCommandOk;
  const std::string& cmd = words[0];
  if (cmd == "help") {
    out << "zabcli commands:\n" << kCommandHelp;
    return kCommandOk;
  }
  if (cmd == "ls") {
    auto p = parse(words, "w", "", err);
    if (!p || p->args.size() != 1) return usage(err, "ls [-w] path");
    auto r = session.call(server::ops::get_children(p->args[0], p->flags.contains('w')));
    if (failed(r, p->args[0], err)) return kCommandFailed;
    const auto& children = std::get<wire::GetChildrenResponse>(r.body).children;
    out << "[" << fmt::format("{}", fmt::join(children, ", ")) << "]\n";
    return kCommandOk;
  }
  if (cmd == "get" || cmd == "stat") {
    auto p = parse(words, "sw", "", err);
    if (!p || p->args.size() != 1) return usage(err, cmd + " [-s] [-w] path");
    const std::string& path = p->args[0];
    const bool watch = p->flags.contains('w');
    if (cmd == "stat") {
      auto r = session.call(server::ops::exists(path, watch));
      if (failed(r, path, err)) return kCommandFailed;
      print_stat(std::get<wire::ExistsResponse>(r.body).stat, out);
      return kCommandOk;
    }
    auto r = session.call(server::ops::get_data(path, watch));
    if (failed(r, path, err)) return kCommandFailed;
    const auto& got = std::get<wire::GetDataResponse>(r.body);
    out << got.data.value_or("null") << "\n";  // zkCli prints a null buffer as "null"
    if (p->flags.contains('s')) print_stat(got.stat, out);
    return kCommandOk;
  }
  if (cmd == "create") {
    auto p = parse(words, "es", "", err);
    if (!p || p->args.empty() || p->args.size() > 2)
      return usage(err, "create [-e] [-s] path [data]");
    const std::string& path = p->args[0];
    const int32_t flags = (p->flags.contains('e') ? 1 : 0) | (p->flags.contains('s') ? 2 : 0);
    auto r = session.call(server::ops::create(path, p->args.size() > 1 ? p->args[1] : "", flags));
    if (failed(r, path, err)) return kCommandFailed;
    out << "Created " << std::get<wire::CreateResponse>(r.body).path << "\n";
    return kCommandOk;
  }
  if (cmd == "set") {
    auto p = parse(words, "s", "v", err);
    if (!p || p->args.size() != 2) return usage(err, "set [-s] [-v version] path data");
    const auto version = version_flag(*p, err);
    if (!version) return kCommandUsage;
    auto r = session.call(server::ops::set_data(p->args[0], p->args[1], *version));
    if (failed(r, p->args[0], err)) return kCommandFailed;
    if (p->flags.contains('s')) print_stat(std::get<wire::SetDataResponse>(r.body).stat, out);
    return kCommandOk;
  }
  if (cmd == "delete") {
    auto p = parse(words, "", "v", err);
    if (!p || p->args.size() != 1) return usage(err, "delete [-v version] path");
    const auto version = version_flag(*p, err);
    if (!version) return kCommandUsage;
    auto r = session.call(server::ops::delete_node(p->args[0], *version));
    return failed(r, p->args[0], err) ? kCommandFailed : kCommandOk;
  }
  if (cmd == "sync") {
    if (words.size() != 2) return usage(err, "sync path");
    auto r = session.call(server::ops::sync(words[1]));
    if (failed(r, words[1], err)) return kCommandFailed;
    out << "Sync is OK\n";
    return kCommandOk;
  }
  err << "unknown command '" << cmd << "'; the commands:\n" << kCommandHelp;
  return kCommandUsage;
}

}  // namespace zab::zabcli
