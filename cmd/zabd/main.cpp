// zabd: a ZooKeeper-compatible server running the model-checked protocol code.
//   zabd zoo.cfg            (or: zabd --config zoo.cfg)
// Exit codes: 0 stopped by SIGINT/SIGTERM, 1 a fatal error while serving (disk, ports), 2 a
// configuration that cannot be used (the message names the file and line).
#include <CLI/CLI.hpp>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cmd/zabd/zabd_server.h"
#include "impl/runtime/log.h"

namespace {

constexpr int kExitFatal = 1;
constexpr int kExitConfig = 2;

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// QuorumPeerConfig: a member reads its id from dataDir/myid; a standalone server needs none.
zab::NodeId server_id(const zab::config::ZooCfg& cfg) {
  if (cfg.standalone()) return cfg.servers.empty() ? zab::NodeId{1} : cfg.servers.front().sid;
  const std::string path = (std::filesystem::path(cfg.data_dir) / "myid").string();
  const auto text = read_file(path);
  if (!text) throw zab::config::ZooCfgError(path, 0, "cannot read the server's id (myid)");
  const zab::NodeId sid = zab::config::parse_myid(*text, path);
  if (cfg.server(sid) == nullptr)
    throw zab::config::ZooCfgError(
        path, 0,
        fmt::format("server {} has no server.{} line in {}", sid.value, sid.value, cfg.file));
  return sid;
}

zab::runtime::LogLevel log_level(const std::string& name) {
  if (name == "debug") return zab::runtime::LogLevel::kDebug;
  if (name == "warn") return zab::runtime::LogLevel::kWarn;
  if (name == "error") return zab::runtime::LogLevel::kError;
  return zab::runtime::LogLevel::kInfo;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"zabd: a ZooKeeper-compatible server running the model-checked protocol code"};
  std::string config_path;
  std::string level = "info";
  auto* positional = app.add_option("config", config_path, "zoo.cfg");
  app.add_option("--config", config_path, "zoo.cfg (the same as the positional argument)")
      ->excludes(positional);
  app.add_option("--log-level", level, "debug, info, warn or error")
      ->check(CLI::IsMember({"debug", "info", "warn", "error"}));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : kExitConfig;
  }
  if (config_path.empty()) {
    std::cerr << "zabd: a configuration file is required (zabd zoo.cfg)\n";
    return kExitConfig;
  }
  zab::runtime::set_log_level(log_level(level));

  zab::config::ZooCfg cfg;
  zab::NodeId self;
  try {
    const auto text = read_file(config_path);
    if (!text) throw zab::config::ZooCfgError(config_path, 0, "cannot read the file");
    cfg = zab::config::parse_zoo_cfg(*text, config_path);
    self = server_id(cfg);
    if (const auto invalid = cfg.quorum_config().validate(); invalid && !cfg.servers.empty())
      throw zab::config::ZooCfgError(config_path, 0, *invalid);
  } catch (const zab::config::ZooCfgError& e) {
    std::cerr << "zabd: " << e.what() << "\n";
    return kExitConfig;
  }
  zab::runtime::set_log_server_id(self.value);
  try {
    zab::zabd::ZabdServer server(std::move(cfg), self);
    return server.run();
  } catch (const std::exception& e) {
    zab::runtime::log_error("cannot start: {}", e.what());
    return kExitFatal;
  }
}
