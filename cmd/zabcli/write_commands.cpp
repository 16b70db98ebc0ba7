// zkCli's write commands, with its checks and messages: create (CreateCommand), set (SetCommand),
// delete (DeleteCommand), deleteall (DeleteAllCommand over ZKUtil.deleteRecursive), setAcl
// (SetAclCommand), addauth (AddAuthCommand).
#include <fmt/format.h>

#include <deque>

#include "cmd/zabcli/acl_text.h"
#include "cmd/zabcli/commands.h"
#include "cmd/zabcli/keeper_messages.h"
#include "impl/server/client_ops.h"

namespace zab::zabcli {
namespace {

using data::OpCode;

// The ACL argument as AclParser reads it (its warnings on stderr), or OPEN_ACL_UNSAFE without one.
data::AclList acl_argument(const CommandLine& line, size_t index, std::ostream& err) {
  if (line.args.size() <= index) return data::open_acl_unsafe();
  auto parsed = parse_acl(line.args[index]);
  for (const auto& warning : parsed.warnings)
    err << warning << "\n";
  return std::move(parsed.acl);
}

// CreateCommand.exec's checks of -s -e -c -t, then the request ZooKeeper.create sends: create
// (1), createContainer (19) for -c, createTTL (21) for -t with flags 5 or 6 (CreateMode's TTL
// modes). No data is a null buffer, as zkCli sends it.
std::optional<server::ClientOp> create_request(const CommandLine& line, std::ostream& err) {
  const bool e = line.has('e'), s = line.has('s'), c = line.has('c'), t = line.has('t');
  if (c && (e || s)) {
    err << "-c cannot be combined with -s or -e. Containers cannot be ephemeral or sequential.\n";
    return std::nullopt;
  }
  std::optional<int64_t> ttl = t ? parse_long(*line.value('t')) : int64_t{0};
  if (!ttl) {
    err << "-t argument must be a long value\n";
    return std::nullopt;
  }
  if (t && e) {
    err << "TTLs cannot be used with Ephemeral znodes\n";
    return std::nullopt;
  }
  if (t && c) {
    err << "TTLs cannot be used with Container znodes\n";
    return std::nullopt;
  }
  if (t && (*ttl <= 0 || *ttl > data::kTtlMax)) {
    err << "ttl must be positive and cannot be larger than: " << data::kTtlMax << "\n";
    return std::nullopt;
  }
  const std::string& path = line.args[0];
  if (!valid_path(path, s, err)) return std::nullopt;
  wire::MaybeBuffer payload;
  if (line.args.size() > 1) payload = line.args[1];
  data::AclList acl = acl_argument(line, 2, err);
  const int32_t mode = (e ? 1 : 0) | (s ? 2 : 0);
  if (t) {
    return server::RequestOp{OpCode::kCreateTtl,
                             wire::CreateTtlRequest{path, payload, acl, s ? 6 : 5, *ttl}};
  }
  if (c)
    return server::RequestOp{OpCode::kCreateContainer, wire::CreateRequest{path, payload, acl, 4}};
  return server::RequestOp{OpCode::kCreate, wire::CreateRequest{path, payload, acl, mode}};
}

// ZooKeeper.validateACL refuses an empty list before sending: InvalidACLException without a path,
// which CliWrapperException prints as "Acl is not valid : null".
bool acl_missing(const server::ClientOp& op) {
  const auto& record = std::get<server::RequestOp>(op).record;
  if (const auto* r = std::get_if<wire::CreateRequest>(&record)) return r->acl.empty();
  if (const auto* r = std::get_if<wire::CreateTtlRequest>(&record)) return r->acl.empty();
  if (const auto* r = std::get_if<wire::SetAclRequest>(&record)) return r->acl.empty();
  return false;
}

// The path the server gave the new node (CreateResponse, or Create2Response for -c and -t).
std::string created_path(const wire::ClientResponseRecord& body) {
  if (const auto* r = std::get_if<wire::CreateResponse>(&body)) return r->path;
  if (const auto* r = std::get_if<wire::Create2Response>(&body)) return r->path;
  return "";
}

int create(CommandContext& c, const CommandLine& line) {
  auto op = create_request(line, c.err);
  if (!op) return kCommandUsage;
  const std::string& path = line.args[0];
  // CreateCommand prints an InvalidACLException's own message before the wrapped one.
  if (acl_missing(*op)) {
    c.err << keeper_exception_message(Code::kInvalidAcl, "") << "\n";
    return report(Code::kInvalidAcl, "null", c.err);
  }
  auto reply = c.session.call(std::move(*op));
  if (reply.err == Code::kInvalidAcl) c.err << keeper_exception_message(reply.err, path) << "\n";
  if (reply.err != Code::kOk) return report(reply.err, path, c.err);
  c.out << "Created " << created_path(reply.body) << "\n";
  return kCommandOk;
}

int set(CommandContext& c, const CommandLine& line) {
  const std::string& path = line.args[0];
  const auto version = version_option(line, c.err);
  if (!version) return kCommandUsage;
  if (!valid_path(path, false, c.err)) return kCommandUsage;
  auto reply = c.session.call(server::ops::set_data(path, line.args[1], *version));
  if (reply.err != Code::kOk) return report(reply.err, path, c.err);
  if (line.has('s')) print_stat(std::get<wire::SetDataResponse>(reply.body).stat, c.out);
  return kCommandOk;
}

int delete_node(CommandContext& c, const CommandLine& line) {
  const std::string& path = line.args[0];
  const auto version = version_option(line, c.err);
  if (!version) return kCommandUsage;
  if (!valid_path(path, false, c.err)) return kCommandUsage;
  return report(c.session.call(server::ops::delete_node(path, *version)).err, path, c.err);
}

// ZKUtil.listSubTreeBFS: `root` and everything below it, breadth first.
std::optional<Refusal> list_subtree(ClientSession& session, const std::string& root,
                                    std::vector<std::string>& tree) {
  std::deque<std::string> queue{root};
  tree.push_back(root);
  while (!queue.empty()) {
    const std::string node = queue.front();
    queue.pop_front();
    auto reply = session.call(server::ops::get_children(node));
    if (reply.err != Code::kOk) return Refusal{reply.err, node};
    for (const auto& child : std::get<wire::GetChildrenResponse>(reply.body).children) {
      std::string child_path = (node == "/" ? "" : node) + "/" + child;
      queue.push_back(child_path);
      tree.push_back(std::move(child_path));
    }
  }
  return std::nullopt;
}

bool multi_failed(const server::ClientReply& reply) {
  if (reply.err != Code::kOk) return true;
  const auto* response = std::get_if<wire::MultiResponse>(&reply.body);
  if (response == nullptr) return true;
  for (const auto& result : response->results) {
    const auto* error = std::get_if<wire::ErrorResult>(&result);
    if (error != nullptr && error->err != 0) return true;
  }
  return false;
}

int delete_all(CommandContext& c, const CommandLine& line) {
  const auto batch_text = line.value('b');
  const auto batch = batch_text ? parse_int(*batch_text) : int32_t{1000};
  if (!batch) {
    c.err << "-b argument must be an int value\n";
    return kCommandUsage;
  }
  const std::string& path = line.args[0];
  if (!valid_path(path, false, c.err)) return kCommandUsage;
  std::vector<std::string> tree;
  if (auto refusal = list_subtree(c.session, path, tree))
    return report(refusal->code, refusal->path, c.err);
  // ZKUtil.deleteInBatch: leaves first, `batch` deletes per multi, stopping at the first failure.
  std::vector<server::ClientOp> ops;
  for (size_t i = tree.size(); i-- > 0;) {
    ops.push_back(server::ops::delete_node(tree[i], -1));
    if (static_cast<int32_t>(ops.size()) != *batch && i != 0) continue;
    if (multi_failed(c.session.call(server::ops::multi(ops)))) {
      c.err << "Failed to delete some node(s) in the subtree!\n";
      return kCommandFailed;
    }
    ops.clear();
  }
  return kCommandOk;
}

int set_acl(CommandContext& c, const CommandLine& line) {
  const std::string& path = line.args[0];
  data::AclList acl = acl_argument(line, 1, c.err);
  const auto version = version_option(line, c.err);
  if (!version) return kCommandUsage;
  if (!valid_path(path, false, c.err)) return kCommandUsage;
  if (acl.empty()) return report(Code::kInvalidAcl, "null", c.err);
  if (line.has('R')) {
    // SetAclCommand -R: every node of the subtree, each failure printed and skipped.
    int result = kCommandOk;
    const auto refusal = visit_subtree(c.session, path, false, [&](const std::string& node) {
      const Code set = c.session.call(server::ops::set_acl(node, acl, *version)).err;
      if (set == Code::kOk) return;
      c.err << keeper_exception_message(set, node) << "\n";
      result = kCommandFailed;
    });
    return refusal ? report(refusal->code, refusal->path, c.err) : result;
  }
  auto reply = c.session.call(server::ops::set_acl(path, acl, *version));
  if (reply.err != Code::kOk) return report(reply.err, path, c.err);
  if (line.has('s')) print_stat(std::get<wire::SetAclResponse>(reply.body).stat, c.out);
  return kCommandOk;
}

int add_auth(CommandContext& c, const CommandLine& line) {
  const std::string auth = line.args.size() > 1 ? line.args[1] : "";
  const Code err = c.session.add_auth(line.args[0], auth);
  // A refused auth shows as the AuthFailed event, as in zkCli; the session is over then.
  if (err == Code::kAuthFailed) return kCommandFailed;
  return err == Code::kOk ? kCommandOk : report(err, "", c.err);
}

constexpr Command kWriteCommands[] = {
    {"create", "[-s] [-e] [-c] [-t ttl] path [data] [acl]", {"sec", "t"}, 1, create},
    {"set", "[-s] [-v version] path data", {"s", "v"}, 2, set},
    {"delete", "[-v version] path", {"", "v"}, 1, delete_node},
    {"deleteall", "path [-b batch size]", {"", "b"}, 1, delete_all},
    {"setAcl", "[-s] [-v version] [-R] path acl", {"sR", "v"}, 2, set_acl},
    {"addauth", "scheme auth", {"", ""}, 1, add_auth},
};

}  // namespace

std::span<const Command> write_commands() {
  return kWriteCommands;
}

}  // namespace zab::zabcli
