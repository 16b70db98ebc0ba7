#include "impl/runtime/four_letter_words.h"

#include <fmt/format.h>

#include "impl/core/java_string.h"
#include "impl/runtime/java_text.h"

namespace zab::runtime {

using wire::FourLetterWord;

namespace {

uint32_t bit(FourLetterWord word) {
  return 1u << static_cast<unsigned>(word);
}

}  // namespace

FourLetterWhitelist::FourLetterWhitelist() {
  allow(FourLetterWord::kSrvr);
}

void FourLetterWhitelist::allow(FourLetterWord word) {
  bits_ |= bit(word);
}

bool FourLetterWhitelist::allows(FourLetterWord word) const {
  return (bits_ & bit(word)) != 0;
}

FourLetterWhitelist FourLetterWhitelist::all() {
  FourLetterWhitelist w;
  w.bits_ = ~0u;
  return w;
}

Status FourLetterWhitelist::add(std::string_view name) {
  name = java_trim(name);
  if (name.empty()) return {};
  if (name == "*") {
    bits_ = ~0u;
    return {};
  }
  const auto word = wire::four_letter_word_from_name(name);
  if (!word) {
    return make_error(Code::kBadArguments,
                      "4lw.commands.whitelist: '{}' is not a four-letter word (known: conf, cons, "
                      "crst, dirs, dump, envi, gtmk, hash, isro, mntr, ruok, srst, srvr, stat, "
                      "stmk, wchc, wchp, wchs, or *)",
                      name);
  }
  allow(*word);
  return {};
}

Result<FourLetterWhitelist> FourLetterWhitelist::parse(std::string_view value) {
  FourLetterWhitelist w;
  while (true) {
    const size_t comma = value.find(',');
    if (auto s = w.add(value.substr(0, comma)); !s) return s.error();
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return w;
}

Result<FourLetterWhitelist> FourLetterWhitelist::from_words(const std::vector<std::string>& words) {
  FourLetterWhitelist w;
  for (const auto& word : words) {
    if (auto s = w.add(word); !s) return s.error();
  }
  return w;
}

std::string conf_text(const ServerStatus& status) {
  const ServerConf& c = status.conf;
  // ZooKeeperServer.dumpConf prints getDataDirSize() after dataDir and getLogDirSize() after
  // dataLogDir, but those measure FileTxnSnapLog's dataDir (the txn logs) and snapDir (the
  // snapshots) respectively: the sizes come out swapped, and so they do here.
  std::string out = fmt::format(
      "clientPort={}\nsecureClientPort={}\ndataDir={}\ndataDirSize={}\ndataLogDir={}\n"
      "dataLogSize={}\ntickTime={}\nmaxClientCnxns={}\nminSessionTimeout={}\n"
      "maxSessionTimeout={}\nclientPortListenBacklog={}\nserverId={}\n",
      c.client_port, c.secure_client_port, c.snap_dir, c.log_dir_bytes, c.log_dir, c.snap_dir_bytes,
      c.tick_time_ms, c.max_client_cnxns, c.min_session_timeout_ms, c.max_session_timeout_ms,
      c.client_port_listen_backlog, c.server_id);
  if (c.quorum) {
    // QuorumZooKeeperServer.dumpConf; electionAlg is always 3 (FastLeaderElection). The
    // membership text ends without a newline.
    const QuorumConf& q = *c.quorum;
    out += fmt::format(
        "initLimit={}\nsyncLimit={}\nelectionAlg=3\nelectionPort={}\nquorumPort={}\n"
        "peerType={}\nmembership: \n{}",
        q.init_limit, q.sync_limit, q.election_port, q.quorum_port, q.observer ? 1 : 0,
        q.membership);
  }
  return out;
}

std::string envi_text(const ServerStatus& status) {
  const EnvironmentInfo& e = status.environment;
  auto value = [](const std::string& v) { return v.empty() ? std::string("<NA>") : v; };
  // Environment.list without the java.* and os.memory.* entries, which describe a JVM.
  return fmt::format(
      "Environment:\nzookeeper.version={}\nhost.name={}\nos.name={}\nos.arch={}\nos.version={}\n"
      "user.name={}\nuser.home={}\nuser.dir={}\n",
      status.version, value(e.host_name), value(e.os_name), value(e.os_arch), value(e.os_version),
      value(e.user_name), value(e.user_home), value(e.user_dir));
}

std::string dirs_text(const ServerStatus& status) {
  // DirsCommand: getDataDirSize() and getLogDirSize(), swapped as in conf_text.
  return fmt::format("datadir_size: {}\nlogdir_size: {}\n", status.conf.log_dir_bytes,
                     status.conf.snap_dir_bytes);
}

std::string hash_text(const std::vector<ZxidDigest>& digest_log) {
  std::string out;
  for (const auto& d : digest_log) {
    out += fmt::format("{}: {}\n", java_hex(static_cast<int64_t>(d.zxid.value)), d.digest);
  }
  return out;
}

namespace {

// The words that need a running server (every *Command that checks isZKServerRunning).
std::string serving_text(FourLetterWord word, const ServerStatus& status) {
  switch (word) {
    case FourLetterWord::kSrvr:
      return srvr_text(status, false);
    case FourLetterWord::kStat:
      return srvr_text(status, true);
    case FourLetterWord::kCons:
      return cons_text(status);
    case FourLetterWord::kMntr:
      return mntr_text(status);
    case FourLetterWord::kConf:
      return conf_text(status);
    case FourLetterWord::kDirs:
      return dirs_text(status);
    case FourLetterWord::kWchs:
      return wchs_text(status);
    case FourLetterWord::kWchc:
      return wchc_text(status);
    case FourLetterWord::kWchp:
      return wchp_text(status);
    case FourLetterWord::kDump:
      return dump_text(status);
    case FourLetterWord::kCrst:
      return "Connection stats reset.\n";
    case FourLetterWord::kSrst:
      return "Server stats reset.\n";
    default:
      ZK_UNREACHABLE("not a serving-only word");
  }
}

}  // namespace

FourLetterAnswer answer_four_letter_word(const wire::FourLetterCommand& command,
                                         const FourLetterWhitelist& whitelist,
                                         const ServerStatus& status) {
  const FourLetterWord word = command.word;
  if (!whitelist.allows(word)) {
    return {fmt::format("{} is not executed because it is not in the whitelist.\n",
                        wire::to_string(word))};
  }
  switch (word) {
    case FourLetterWord::kRuok:
      return {"imok"};
    case FourLetterWord::kIsro:
      return {status.serving ? "rw" : "null"};
    case FourLetterWord::kEnvi:
      return {envi_text(status)};
    case FourLetterWord::kGtmk:
    case FourLetterWord::kStmk:
    case FourLetterWord::kTelnetClose:
      return {};
    case FourLetterWord::kHash:
      if (!status.digest_log) return {};
      // DigestCommand prints the not-serving sentence without a newline.
      return {status.serving ? hash_text(*status.digest_log) : std::string(kNotServing)};
    default:
      break;
  }
  if (!status.serving) return {std::string(kNotServing) + "\n"};
  ZK_ASSERT_MSG(status.database != nullptr, "a serving ServerStatus without its database");
  FourLetterAnswer answer{serving_text(word, status)};
  answer.reset_connection_stats = word == FourLetterWord::kCrst;
  answer.reset_server_stats = word == FourLetterWord::kSrst;
  return answer;
}

}  // namespace zab::runtime
