#include "impl/config/zoo_cfg.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <limits>
#include <set>
#include <type_traits>

#include "impl/config/properties.h"

namespace zab::config {
namespace {

// Keys QuorumPeerConfig (or the server, as zookeeper.* system properties) understands that zabd
// accepts without acting on them: they tune the JVM server's internals, the admin server, TLS,
// metrics or dynamic reconfiguration, none of which changes what the protocol does here, or (the
// size trigger of snapshots, snapSizeLimitInKb) are not implemented: zabd snapshots by count.
const std::set<std::string, std::less<>> kIgnoredKeys = {"admin.enableServer",
                                                         "admin.serverPort",
                                                         "admin.serverAddress",
                                                         "admin.commandURL",
                                                         "admin.idleTimeout",
                                                         "preAllocSize",
                                                         "globalOutstandingLimit",
                                                         "quorumListenOnAllIPs",
                                                         "syncEnabled",
                                                         "localSessionsEnabled",
                                                         "localSessionsUpgradingEnabled",
                                                         "skipACL",
                                                         "metricsProvider.className",
                                                         "metricsProvider.httpPort",
                                                         "metricsProvider.exportJvmInfo",
                                                         "clientPortListenBacklog",
                                                         "connectToLearnerMasterLimit",
                                                         "cnxTimeout",
                                                         "electionPortBindRetry",
                                                         "quorum.auth.enableSasl",
                                                         "quorum.cnxn.threads.size",
                                                         "multiAddress.enabled",
                                                         "snapshot.trust.empty",
                                                         "zookeeper.snapshot.trust.empty",
                                                         "secureClientPort",
                                                         "secureClientPortAddress",
                                                         "serverCnxnFactory",
                                                         "sslQuorum",
                                                         "portUnification",
                                                         "audit.enable",
                                                         "reconfigEnabled",
                                                         "initialSnapshot",
                                                         "snapSizeLimitInKb"};

[[noreturn]] void fail(const std::string& file, int line, const std::string& message) {
  throw ZooCfgError(file, line, message);
}

template <class T>
T parse_number(std::string_view value, const std::string& key, const std::string& file, int line,
               T min = std::numeric_limits<T>::min(), T max = std::numeric_limits<T>::max()) {
  // Parsed wide first, so that a value too large for T is "outside", not "not a number".
  using Wide = std::conditional_t<std::is_signed_v<T>, int64_t, uint64_t>;
  Wide out{};
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), out);
  if (ec == std::errc::result_out_of_range ||
      (ec == std::errc() && (out < Wide(min) || out > Wide(max))))
    fail(file, line, fmt::format("{}: {} is outside {}..{}", key, value, min, max));
  if (value.empty() || ec != std::errc() || end != value.data() + value.size())
    fail(file, line, fmt::format("{}: '{}' is not a number", key, value));
  return static_cast<T>(out);
}

uint16_t parse_port(std::string_view value, const std::string& what, const std::string& file,
                    int line) {
  return parse_number<uint16_t>(value, what, file, line, 1, 65535);
}

bool parse_bool(std::string_view value, const std::string& key, const std::string& file, int line) {
  if (value == "true" || value == "yes") return true;
  if (value == "false" || value == "no") return false;
  fail(file, line, fmt::format("{}: '{}' is not true/false (or yes/no)", key, value));
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i)
    if (i == s.size() || s[i] == sep) {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  return out;
}

NodeId parse_sid(std::string_view text, const std::string& what, const std::string& file,
                 int line) {
  const auto v = parse_number<int64_t>(text, what, file, line);
  if (v < 1 || v > kMaxServers)
    fail(file, line,
         fmt::format("{}: server id {} is outside 1..{} (zabd's ensembles have at most {} servers)",
                     what, v, kMaxServers, kMaxServers));
  return NodeId{static_cast<uint8_t>(v)};
}

// "host:port" where host may be a bracketed IPv6 literal; returns {host, rest after host:}.
std::pair<std::string, std::string_view> split_host(std::string_view s, const std::string& key,
                                                    const std::string& file, int line) {
  if (!s.empty() && s.front() == '[') {
    const auto close = s.find(']');
    if (close == std::string_view::npos || close + 1 >= s.size() || s[close + 1] != ':')
      fail(file, line, fmt::format("{}: '{}' has an unterminated IPv6 address", key, s));
    return {std::string(s.substr(1, close - 1)), s.substr(close + 2)};
  }
  const auto colon = s.find(':');
  if (colon == std::string_view::npos || colon == 0)
    fail(file, line, fmt::format("{}: '{}' does not start with host:", key, s));
  return {std::string(s.substr(0, colon)), s.substr(colon + 1)};
}

// QuorumPeer.QuorumServer's parser (one address; multiAddress "|" lists are not supported).
ServerLine parse_server(std::string_view key, std::string_view value, const std::string& file,
                        int line) {
  const std::string k(key);
  ServerLine s;
  s.line = line;
  s.sid = parse_sid(key.substr(std::string_view("server.").size()), k, file, line);
  if (value.find('|') != std::string_view::npos)
    fail(file, line, k + ": several addresses (multiAddress) are not supported");
  std::string_view quorum_part = value, client_part;
  if (const auto semi = value.find(';'); semi != std::string_view::npos) {
    quorum_part = value.substr(0, semi);
    client_part = value.substr(semi + 1);
  }
  auto [host, rest] = split_host(quorum_part, k, file, line);
  s.host = host;
  const auto fields = split(rest, ':');
  if (fields.size() < 2 || fields.size() > 3)
    fail(file, line,
         fmt::format("{}: '{}' is not host:quorumPort:electionPort[:participant|:observer]", k,
                     value));
  s.quorum_port = parse_port(fields[0], k + " quorum port", file, line);
  s.election_port = parse_port(fields[1], k + " election port", file, line);
  if (s.quorum_port == s.election_port)
    fail(file, line, k + ": the quorum and election ports must differ");
  if (fields.size() == 3) {
    if (fields[2] == "observer")
      s.type = LearnerType::kObserver;
    else if (fields[2] != "participant")
      fail(file, line,
           fmt::format("{}: role '{}' is neither participant nor observer", k, fields[2]));
  }
  if (!client_part.empty()) {
    const auto colon = client_part.rfind(':');
    if (colon != std::string_view::npos) {
      s.client_host = std::string(client_part.substr(0, colon));
      client_part = client_part.substr(colon + 1);
    }
    s.client_port = parse_port(client_part, k + " client port", file, line);
  }
  return s;
}

GroupLine parse_group(std::string_view key, std::string_view value, const std::string& file,
                      int line) {
  const std::string k(key);
  GroupLine g;
  g.line = line;
  g.group = parse_number<uint32_t>(key.substr(std::string_view("group.").size()), k, file, line);
  for (const auto part : split(value, ':'))
    g.members.push_back(parse_sid(part, k, file, line));
  return g;
}

std::vector<std::string> parse_whitelist(std::string_view value) {
  std::vector<std::string> words;
  for (auto part : split(value, ',')) {
    while (!part.empty() && part.front() == ' ')
      part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ')
      part.remove_suffix(1);
    if (!part.empty()) words.emplace_back(part);
  }
  return words;
}

void apply(ZooCfg& cfg, const Property& p, const std::string& file) {
  const std::string& key = p.key;
  const std::string_view v = p.value;
  const int line = p.line;
  auto u32 = [&](uint32_t min = 0) { return parse_number<uint32_t>(v, key, file, line, min); };
  if (key == "tickTime")
    cfg.tick_time_ms = u32(1);
  else if (key == "initLimit")
    cfg.init_limit_ticks = u32(1);
  else if (key == "syncLimit")
    cfg.sync_limit_ticks = u32(1);
  else if (key == "dataDir")
    cfg.data_dir = v;
  else if (key == "dataLogDir")
    cfg.data_log_dir = v;
  else if (key == "clientPort")
    cfg.client_port = parse_port(v, key, file, line);
  else if (key == "clientPortAddress")
    cfg.client_port_address = v;
  else if (key.starts_with("server."))
    cfg.servers.push_back(parse_server(key, v, file, line));
  else if (key.starts_with("group."))
    cfg.groups.push_back(parse_group(key, v, file, line));
  else if (key.starts_with("weight.")) {
    const NodeId sid = parse_sid(std::string_view(key).substr(7), key, file, line);
    // weight.1 and weight.01 are different keys for java.util.Properties but one server for
    // QuorumHierarchical, which keeps whichever its HashMap visits last.
    if (const auto [it, fresh] = cfg.weight_lines.emplace(sid.value, line); !fresh)
      fail(file, line,
           fmt::format("{}: the weight of server {} is set twice (also line {})", key, sid.value,
                       it->second));
    cfg.weights[sid.value] = parse_number<uint64_t>(v, key, file, line);
  } else if (key == "peerType") {
    if (v == "observer")
      cfg.peer_type = LearnerType::kObserver;
    else if (v == "participant")
      cfg.peer_type = LearnerType::kParticipant;
    else
      fail(file, line, fmt::format("peerType: '{}' is neither participant nor observer", v));
  } else if (key == "maxClientCnxns")
    cfg.max_client_cnxns = u32();
  else if (key == "minSessionTimeout")
    cfg.min_session_timeout_ms = u32(1);
  else if (key == "maxSessionTimeout")
    cfg.max_session_timeout_ms = u32(1);
  else if (key == "4lw.commands.whitelist")
    cfg.four_letter_words = parse_whitelist(v);
  else if (key == "forceSync")
    cfg.force_sync = parse_bool(v, key, file, line);
  else if (key == "snapCount")
    cfg.snap_count =
        parse_number<uint32_t>(v, key, file, line, 2, std::numeric_limits<int32_t>::max());
  else if (key == "autopurge.snapRetainCount")
    cfg.snap_retain_count = u32(3);
  else if (key == "autopurge.purgeInterval")
    cfg.purge_interval_hours = u32();
  else if (key == "jute.maxbuffer")
    cfg.jute_max_buffer = u32(1024);
  else if (key == "standaloneEnabled")
    cfg.standalone_enabled = parse_bool(v, key, file, line);
  else if (key == "digest.enabled")
    cfg.digest_enabled = parse_bool(v, key, file, line);
  else if (key == "electionAlg") {
    if (v != "3") fail(file, line, "electionAlg: only 3 (fast leader election) exists");
  } else if (key == "dynamicConfigFile")
    fail(file, line, "dynamicConfigFile: dynamic reconfiguration is not supported by zabd");
  else if (kIgnoredKeys.contains(key))
    cfg.ignored_keys.emplace_back(key, line);
  else
    fail(file, line, fmt::format("unknown key '{}'", key));
}

// QuorumPeerConfig.parseDynamicConfig's rules on the number of participants and observers.
void validate_members(const ZooCfg& cfg) {
  const std::string& file = cfg.file;
  const auto participants =
      std::count_if(cfg.servers.begin(), cfg.servers.end(),
                    [](const auto& s) { return s.type == LearnerType::kParticipant; });
  const auto observers = static_cast<long>(cfg.servers.size()) - participants;
  if (participants == 0 && observers > 0)
    fail(file, 0, "the ensemble has no participants (only observers)");
  if (participants == 0 && !cfg.standalone_enabled)
    fail(file, 0, "standaloneEnabled=false needs at least one participant (server. line)");
  if (participants == 1 && observers > 0 && cfg.standalone_enabled)
    fail(file, 0,
         "one participant with observers: ZooKeeper would run the participant standalone, and "
         "observers need a quorum to follow (set standaloneEnabled=false or add participants)");
}

// group.1 and group.01 are different keys for java.util.Properties but one group for
// QuorumHierarchical, which would count it twice among the groups a quorum needs a majority of.
void validate_groups(const ZooCfg& cfg) {
  std::map<uint32_t, int> lines;  // group id -> line
  for (const GroupLine& g : cfg.groups)
    if (const auto [it, fresh] = lines.emplace(g.group, g.line); !fresh)
      fail(cfg.file, g.line,
           fmt::format("group.{} is defined twice (also line {})", g.group, it->second));
}

void validate(ZooCfg& cfg) {
  const std::string& file = cfg.file;
  if (cfg.tick_time_ms == 0) fail(file, 0, "tickTime is not set");
  if (cfg.data_dir.empty()) fail(file, 0, "dataDir is not set");
  std::sort(cfg.servers.begin(), cfg.servers.end(),
            [](const auto& a, const auto& b) { return a.sid < b.sid; });
  for (size_t i = 1; i < cfg.servers.size(); ++i)
    if (cfg.servers[i].sid == cfg.servers[i - 1].sid)
      fail(file, cfg.servers[i].line,
           fmt::format("server.{} appears twice (also line {})", cfg.servers[i].sid.value,
                       cfg.servers[i - 1].line));
  validate_members(cfg);
  if (!cfg.standalone()) {
    if (cfg.init_limit_ticks == 0) fail(file, 0, "initLimit is not set");
    if (cfg.sync_limit_ticks == 0) fail(file, 0, "syncLimit is not set");
  }
  if (!cfg.client_port && cfg.servers.empty()) fail(file, 0, "clientPort is not set");
  if (cfg.min_session_timeout() > cfg.max_session_timeout())
    fail(file, 0,
         fmt::format("minSessionTimeout ({} ms) is larger than maxSessionTimeout ({} ms)",
                     cfg.min_session_timeout(), cfg.max_session_timeout()));
  validate_groups(cfg);
  if (!cfg.groups.empty() && !cfg.weights.empty() && cfg.servers.empty())
    fail(file, 0, "group./weight. lines need server. lines");
}

}  // namespace

ZooCfgError::ZooCfgError(std::string file, int line, const std::string& message)
    : std::runtime_error(line > 0 ? fmt::format("{}:{}: {}", file, line, message)
                                  : fmt::format("{}: {}", file, message)),
      file_(std::move(file)),
      line_(line) {}

bool ZooCfg::four_letter_word_allowed(std::string_view word) const {
  return std::any_of(four_letter_words.begin(), four_letter_words.end(),
                     [&](const std::string& w) { return w == "*" || w == word; });
}

const ServerLine* ZooCfg::server(NodeId sid) const {
  for (const auto& s : servers)
    if (s.sid == sid) return &s;
  return nullptr;
}

QuorumConfig ZooCfg::quorum_config() const {
  if (!groups.empty() || !weights.empty())
    throw ZooCfgError(file, groups.empty() ? 0 : groups.front().line,
                      "hierarchical quorums (group./weight.) are not supported by zabd's quorum "
                      "core, which counts majorities");
  QuorumConfig q;
  q.tick_time_ms = tick_time_ms;
  q.init_limit_ticks = std::max<uint32_t>(init_limit_ticks, 1);
  q.sync_limit_ticks = std::max<uint32_t>(sync_limit_ticks, 1);
  q.snap_count = snap_count;
  for (const auto& s : servers) {
    ServerSpec spec;
    spec.sid = s.sid;
    spec.type = s.type;
    spec.host = s.host;
    spec.quorum_port = s.quorum_port;
    spec.election_port = s.election_port;
    q.servers.push_back(spec);
  }
  return q;
}

ZooCfg parse_zoo_cfg(std::string_view text, const std::string& file) {
  ZooCfg cfg;
  cfg.file = file;
  std::map<std::string, int, std::less<>> seen;  // key -> line
  for (const Property& p : parse_properties(text)) {
    // java.util.Properties keeps the last value of a repeated key; ZooKeeper then never sees the
    // first. Refuse instead: a repeated key is almost always a mistake.
    if (const auto [it, fresh] = seen.emplace(p.key, p.line); !fresh)
      fail(file, p.line, fmt::format("'{}' is set twice (also line {})", p.key, it->second));
    apply(cfg, p, file);
  }
  validate(cfg);
  return cfg;
}

NodeId parse_myid(std::string_view text, const std::string& file) {
  while (!text.empty() &&
         (text.back() == '\n' || text.back() == '\r' || text.back() == ' ' || text.back() == '\t'))
    text.remove_suffix(1);
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
    text.remove_prefix(1);
  if (text.empty()) fail(file, 1, "myid is empty");
  return parse_sid(text, "myid", file, 1);
}

}  // namespace zab::config
