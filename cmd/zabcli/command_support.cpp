#include <fmt/format.h>

#include <algorithm>
#include <ctime>

#include "cmd/zabcli/commands.h"
#include "cmd/zabcli/keeper_messages.h"
#include "impl/data/path.h"
#include "impl/server/client_ops.h"

namespace zab::zabcli {
namespace {

// java.util.Date.toString in the local time zone: "Thu Jan 01 00:00:10 UTC 1970".
std::string java_date(int64_t epoch_ms) {
  const std::time_t seconds = static_cast<std::time_t>(epoch_ms / 1000);
  std::tm local{};
  if (localtime_r(&seconds, &local) == nullptr) return std::to_string(epoch_ms);
  char text[64];
  const size_t length = std::strftime(text, sizeof text, "%a %b %d %H:%M:%S %Z %Y", &local);
  return std::string(text, length);
}

// Long.toHexString: a negative value as its 64-bit two's complement.
std::string java_hex(int64_t value) {
  return fmt::format("{:x}", static_cast<uint64_t>(value));
}

std::optional<Refusal> visit_children(ClientSession& session, const std::string& path, bool watch,
                                      const std::function<void(const std::string&)>& visit) {
  auto reply = session.call(server::ops::get_children(path, watch));
  if (reply.err == Code::kNoNode) return std::nullopt;  // deleted since its parent was listed
  if (reply.err != Code::kOk) return Refusal{reply.err, path};
  auto children = std::get<wire::GetChildrenResponse>(reply.body).children;
  std::sort(children.begin(), children.end());
  const std::string prefix = path == "/" ? path : path + "/";
  for (const auto& child : children)
    visit(prefix + child);
  for (const auto& child : children) {
    if (auto refusal = visit_children(session, prefix + child, watch, visit)) return refusal;
  }
  return std::nullopt;
}

}  // namespace

void print_stat(const data::Stat& s, std::ostream& out) {
  out << "cZxid = 0x" << java_hex(s.czxid) << "\n"
      << "ctime = " << java_date(s.ctime) << "\n"
      << "mZxid = 0x" << java_hex(s.mzxid) << "\n"
      << "mtime = " << java_date(s.mtime) << "\n"
      << "pZxid = 0x" << java_hex(s.pzxid) << "\n"
      << "cversion = " << s.cversion << "\n"
      << "dataVersion = " << s.version << "\n"
      << "aclVersion = " << s.aversion << "\n"
      << "ephemeralOwner = 0x" << java_hex(s.ephemeral_owner) << "\n"
      << "dataLength = " << s.data_length << "\n"
      << "numChildren = " << s.num_children << "\n";
}

bool valid_path(std::string_view path, bool sequential, std::ostream& err) {
  const std::string checked = sequential ? std::string(path) + "1" : std::string(path);
  // PathUtils.validatePath's first checks, in its words (impl/data adds the path to them).
  if (checked.empty()) {
    err << "Path length must be > 0\n";
  } else if (checked[0] != '/') {
    err << "Path must start with / character\n";
  } else if (checked.size() > 1 && checked.back() == '/') {
    err << "Path must not end with / character\n";
  } else if (auto status = data::validate_path(checked); !status.ok()) {
    err << status.error().message << "\n";  // "Invalid path string ... caused by ... @i"
  } else {
    return true;
  }
  return false;
}

int report(Code code, std::string_view path, std::ostream& err) {
  if (code == Code::kOk) return kCommandOk;
  err << cli_error_message(code, path) << "\n";
  return kCommandFailed;
}

std::optional<int32_t> version_option(const CommandLine& line, std::ostream& err) {
  const auto text = line.value('v');
  if (!text) return -1;
  if (auto version = parse_int(*text)) return version;
  err << "-v argument must be an int value\n";
  return std::nullopt;
}

std::optional<Refusal> visit_subtree(ClientSession& session, const std::string& path, bool watch,
                                     const std::function<void(const std::string&)>& visit) {
  auto reply = session.call(server::ops::get_data(path, watch));
  if (reply.err != Code::kOk) return Refusal{reply.err, path};
  visit(path);
  return visit_children(session, path, watch, visit);
}

}  // namespace zab::zabcli
