// zkCli's read commands, with its output: ls (LsCommand), get (GetCommand), stat (StatCommand),
// getAcl (GetAclCommand), getEphemerals (GetEphemeralsCommand), getAllChildrenNumber, sync
// (SyncCommand).
#include <fmt/format.h>

#include <algorithm>

#include "cmd/zabcli/acl_text.h"
#include "cmd/zabcli/commands.h"
#include "impl/server/client_ops.h"

namespace zab::zabcli {
namespace {

// List.toString: "[a, b]".
std::string java_list(const std::vector<std::string>& items) {
  return fmt::format("[{}]", fmt::join(items, ", "));
}

int ls(CommandContext& c, const CommandLine& line) {
  const std::string& path = line.args[0];
  if (!valid_path(path, false, c.err)) return kCommandUsage;
  const bool watch = line.has('w');
  if (line.has('R')) {
    // ZKUtil.visitSubTreeDFS, printing every path it visits.
    const auto refusal = visit_subtree(c.session, path, watch,
                                       [&](const std::string& node) { c.out << node << "\n"; });
    return refusal ? report(refusal->code, refusal->path, c.err) : kCommandOk;
  }
  const bool with_stat = line.has('s');
  auto reply = c.session.call(with_stat ? server::ops::get_children2(path, watch)
                                        : server::ops::get_children(path, watch));
  if (reply.err != Code::kOk) return report(reply.err, path, c.err);
  std::vector<std::string> children;
  data::Stat stat;
  if (with_stat) {
    auto& got = std::get<wire::GetChildren2Response>(reply.body);
    children = std::move(got.children);
    stat = got.stat;
  } else {
    children = std::move(std::get<wire::GetChildrenResponse>(reply.body).children);
  }
  std::sort(children.begin(), children.end());  // LsCommand.printChildren sorts
  c.out << java_list(children) << "\n";
  if (with_stat) print_stat(stat, c.out);
  return kCommandOk;
}

int get(CommandContext& c, const CommandLine& line) {
  const std::string& path = line.args[0];
  if (!valid_path(path, false, c.err)) return kCommandUsage;
  auto reply = c.session.call(server::ops::get_data(path, line.has('w')));
  if (reply.err != Code::kOk) return report(reply.err, path, c.err);
  const auto& got = std::get<wire::GetDataResponse>(reply.body);
  c.out << got.data.value_or("null") << "\n";  // a null buffer prints as "null"
  if (line.has('s')) print_stat(got.stat, c.out);
  return kCommandOk;
}

int stat(CommandContext& c, const CommandLine& line) {
  const std::string& path = line.args[0];
  if (!valid_path(path, false, c.err)) return kCommandUsage;
  auto reply = c.session.call(server::ops::exists(path, line.has('w')));
  if (reply.err != Code::kOk) return report(reply.err, path, c.err);
  print_stat(std::get<wire::ExistsResponse>(reply.body).stat, c.out);
  return kCommandOk;
}

int get_acl(CommandContext& c, const CommandLine& line) {
  const std::string& path = line.args[0];
  if (!valid_path(path, false, c.err)) return kCommandUsage;
  auto reply = c.session.call(server::ops::get_acl(path));
  if (reply.err != Code::kOk) return report(reply.err, path, c.err);
  const auto& got = std::get<wire::GetAclResponse>(reply.body);
  for (const auto& acl : got.acl)
    c.out << acl_entry_text(acl) << "\n";
  if (line.has('s')) print_stat(got.stat, c.out);
  return kCommandOk;
}

int get_ephemerals(CommandContext& c, const CommandLine& line) {
  // ZooKeeper.getEphemerals() without a path asks for every ephemeral of the session ("/").
  const std::string path = line.args.empty() ? "/" : line.args[0];
  if (!valid_path(path, false, c.err)) return kCommandUsage;
  auto reply = c.session.call(server::ops::get_ephemerals(path));
  if (reply.err != Code::kOk) return report(reply.err, path, c.err);
  c.out << java_list(std::get<wire::GetEphemeralsResponse>(reply.body).ephemerals) << "\n";
  return kCommandOk;
}

int get_all_children_number(CommandContext& c, const CommandLine& line) {
  const std::string& path = line.args[0];
  if (!valid_path(path, false, c.err)) return kCommandUsage;
  auto reply = c.session.call(server::ops::get_all_children_number(path));
  if (reply.err != Code::kOk) return report(reply.err, path, c.err);
  c.out << std::get<wire::GetAllChildrenNumberResponse>(reply.body).total_number << "\n";
  return kCommandOk;
}

int sync(CommandContext& c, const CommandLine& line) {
  const std::string& path = line.args[0];
  if (!valid_path(path, false, c.err)) return kCommandUsage;
  auto reply = c.session.call(server::ops::sync(path));
  // SyncCommand prints the outcome on stdout either way.
  if (reply.err != Code::kOk) {
    c.out << "Sync has failed. rc=" << static_cast<int32_t>(reply.err) << "\n";
    return kCommandFailed;
  }
  c.out << "Sync is OK\n";
  return kCommandOk;
}

constexpr Command kReadCommands[] = {
    {"ls", "[-s] [-w] [-R] path", {"swR", ""}, 1, ls},
    {"get", "[-s] [-w] path", {"sw", ""}, 1, get},
    {"stat", "[-w] path", {"w", ""}, 1, stat},
    {"getAcl", "[-s] path", {"s", ""}, 1, get_acl},
    {"getEphemerals", "path", {"", ""}, 0, get_ephemerals},
    {"getAllChildrenNumber", "path", {"", ""}, 1, get_all_children_number},
    {"sync", "path", {"", ""}, 1, sync},
};

}  // namespace

std::span<const Command> read_commands() {
  return kReadCommands;
}

}  // namespace zab::zabcli
