#include "cmd/zabd/zabd_server.h"

#include <asio/post.hpp>
#include <csignal>
#include <random>

#include "impl/runtime/log.h"

namespace zab::zabd {
namespace {

using runtime::log_error;
using runtime::log_info;
using runtime::log_warn;

// SyncRequestProcessor's randRoll, one per snapshot period, uniform in [0, snapCount / 2): the
// core may not draw them, so the process does, from a seed it logs (the same seed gives the same
// snapshot points). 64 periods before they repeat: what matters is that each server of an
// ensemble has its own, so that they do not all snapshot at once.
std::vector<uint32_t> snapshot_rolls(uint32_t snap_count, uint32_t seed) {
  std::mt19937 random(seed);
  std::uniform_int_distribution<uint32_t> roll(0, std::max<uint32_t>(snap_count / 2, 1) - 1);
  std::vector<uint32_t> rolls(64);
  for (auto& r : rolls)
    r = roll(random);
  return rolls;
}

// The ensemble as the core sees it. Standalone (no server.N lines, or only this one with
// standaloneEnabled): an ensemble of one, whose election ports are never bound. A server keeps
// in memory what ZooKeeper keeps, not the checker's ghost history (QuorumConfig::keep_history).
QuorumConfig quorum_of(const config::ZooCfg& zoo, NodeId self) {
  QuorumConfig q = zoo.quorum_config();
  if (zoo.servers.empty()) q.servers.push_back(ServerSpec{self, LearnerType::kParticipant});
  q.keep_history = false;
  const uint32_t seed = std::random_device{}();
  q.snap_rolls = snapshot_rolls(q.snap_count, seed);
  log_info("snapCount={}: a snapshot after {}..{} txns (rolls drawn with seed {})", q.snap_count,
           q.snap_count / 2 + 1, q.snap_count / 2 + std::max<uint32_t>(q.snap_count / 2, 1), seed);
  return q;
}

runtime::FourLetterWhitelist whitelist_of(const config::ZooCfg& zoo) {
  auto whitelist = runtime::FourLetterWhitelist::from_words(zoo.four_letter_words);
  if (!whitelist.ok())
    throw config::ZooCfgError(zoo.file, 0, "4lw.commands.whitelist: " + whitelist.error().message);
  return *whitelist;
}

uint64_t wall_clock_ms() {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count());
}

runtime::DataDirLog data_dir_log() {
  return [](runtime::DataDirLogLevel level, const std::string& message) {
    switch (level) {
      case runtime::DataDirLogLevel::kInfo:
        log_info("{}", message);
        return;
      case runtime::DataDirLogLevel::kWarn:
        log_warn("{}", message);
        return;
      case runtime::DataDirLogLevel::kError:
        log_error("{}", message);
        return;
    }
  };
}

}  // namespace

ZabdServer::ZabdServer(config::ZooCfg cfg, NodeId self)
    : zoo_(std::move(cfg)),
      quorum_(quorum_of(zoo_, self)),
      self_(self),
      whitelist_(whitelist_of(zoo_)),
      started_(std::chrono::steady_clock::now()),
      tick_(io_),
      purge_timer_(io_),
      signals_(io_, SIGINT, SIGTERM) {
  runtime::DataDirOptions options;
  options.data_dir = zoo_.data_dir;
  options.data_log_dir = zoo_.data_log_dir;
  options.log = data_dir_log();
  store_ = std::make_unique<Store>(std::move(options), zoo_.force_sync);
  recovered_ = store_->dir.load();
  for (const auto& [key, line] : zoo_.ignored_keys)
    log_info("{}:{}: {} is not used by zabd; ignored", zoo_.file, line, key);
}

ZabdServer::~ZabdServer() = default;

uint64_t ZabdServer::now_ms() const {
  return static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::steady_clock::now() - started_)
                                   .count());
}

int ZabdServer::run() {
  auto submit = [this](server::ServerInput input) { loop_->submit(std::move(input)); };
  disk_ = std::make_unique<runtime::DiskThread>(
      *store_, [this](std::function<void()> f) { asio::post(io_, std::move(f)); },
      [this] { loop_->fsync_done(); }, [this](const std::string& why) { fatal("disk: " + why); });
  timers_ = std::make_unique<runtime::AsioTimers>(
      io_, [this](TimerKind kind, uint64_t generation) { loop_->timer_expired(kind, generation); });
  peers_ = std::make_unique<runtime::PeerNet>(io_, quorum_, self_, submit);

  runtime::ClientPortSettings port;
  port.address = zoo_.client_port_address.empty() ? "0.0.0.0" : zoo_.client_port_address;
  port.port = zoo_.client_port.value_or(2181);
  port.max_client_cnxns = static_cast<int>(zoo_.max_client_cnxns);
  port.max_buffer = static_cast<int32_t>(zoo_.jute_max_buffer);
  clients_ = std::make_unique<runtime::ClientNet>(
      io_, port, submit,
      [this](const wire::FourLetterCommand& command) { return four_letter_answer(command); },
      [this] { return loop_->peer().last_processed; },
      [this] { return static_cast<int64_t>(now_ms()); },
      [] { return static_cast<int64_t>(wall_clock_ms()); });

  // Ports first, so that one in use ends the process before it takes part in an election.
  if (!zoo_.standalone()) peers_->start();
  clients_->start();
  log_info("binding to port {}:{}", port.address, clients_->bound_port());

  server::ServerConfig layer;
  layer.min_session_timeout_ms = static_cast<int32_t>(zoo_.min_session_timeout());
  layer.max_session_timeout_ms = static_cast<int32_t>(zoo_.max_session_timeout());
  layer.tick_touches_connections = false;  // real clients ping
  layer.digest_enabled = zoo_.digest_enabled;
  runtime::LoopEvents events;
  events.role_changed = [this](runtime::Role before, const PeerState& now) {
    on_role_changed(before, now);
  };
  events.session_expired = [](const server::SessionExpired& e) {
    log_info("Expiring session 0x{:x}, timeout of {}ms exceeded", e.session_id, e.timeout_ms);
  };
  events.digest_mismatch = [this](const server::DigestMismatch& e) {
    // DataTree.compareDigest logs the first one in full; later ones only count.
    if (digest_mismatches_++ == 0)
      log_error("First digest mismatch: {}", server::describe(server::ServerEffect{e}));
  };
  loop_ = std::make_unique<runtime::ServerLoop>(
      quorum_, self_, recovered_, runtime::ServerLoop::Sinks{*peers_, *clients_, *disk_, *timers_},
      wall_clock_ms(), wall_clock_ms(), std::move(events), layer);
  // The peer keeps what it needs of the data directory (the newest snapshot and the log after
  // it); what load read besides (every log still on disk) would otherwise stay for good.
  recovered_ = DurableState{};
  schedule_tick();
  start_purge_task();
  signals_.async_wait([this](const std::error_code& ec, int signal) {
    if (ec) return;
    log_info("received signal {}; shutting down", signal);
    io_.stop();
  });
  try {
    io_.run();
  } catch (const std::exception& e) {
    log_error("fatal error on the event loop: {}", e.what());
    exit_code_ = 1;
  }
  clients_->stop();
  peers_->stop();
  return exit_code_;
}

// Time for the server layer: session expiry (SessionTrackerImpl checks each tickTime bucket), the
// learners' reports of touched sessions, and the ctime/mtime of the txns a leader prepares. The
// layer has one clock, so it is the wall clock, as the txn times must be (ZooKeeper reads
// Time.currentWallTime for them and a monotonic clock for expiry; a wall-clock jump here moves
// expiries too). Half a tick keeps an expiry within half a tick of its bucket's end.
void ZabdServer::schedule_tick() {
  tick_.expires_after(std::chrono::milliseconds(std::max<uint32_t>(zoo_.tick_time_ms / 2, 1)));
  tick_.async_wait([this](const std::error_code& ec) {
    if (ec) return;
    loop_->submit(server::Tick{wall_clock_ms()});
    schedule_tick();
  });
}

// DatadirCleanupManager.start: with autopurge.purgeInterval > 0, a PurgeTask at start and then
// every purgeInterval hours (scheduleAtFixedRate). It runs on the disk thread, which owns the
// data directory; the files it removes are logged one by one by DataDir, and listed once here.
void ZabdServer::start_purge_task() {
  log_info("autopurge.snapRetainCount set to {}", zoo_.snap_retain_count);
  log_info("autopurge.purgeInterval set to {}", zoo_.purge_interval_hours);
  if (zoo_.purge_interval_hours == 0) {
    log_info("Purge task is not scheduled.");
    return;
  }
  purge_now();
}

void ZabdServer::purge_now() {
  log_info("Purge task started.");
  disk_->purge(static_cast<int>(zoo_.snap_retain_count), [](runtime::PurgeOutcome outcome) {
    if (outcome.error) {
      log_error("Error occurred while purging: {}", *outcome.error);
      return;
    }
    if (outcome.removed.empty()) {
      log_info("Purge task completed: nothing to remove");
      return;
    }
    std::string names;
    for (const auto& path : outcome.removed)
      names += (names.empty() ? "" : ", ") + std::filesystem::path(path).filename().string();
    log_info("Purge task completed: removed {} file(s): {}", outcome.removed.size(), names);
  });
  purge_timer_.expires_after(std::chrono::hours(zoo_.purge_interval_hours));
  purge_timer_.async_wait([this](const std::error_code& ec) {
    if (!ec) purge_now();
  });
}

void ZabdServer::on_role_changed(runtime::Role before, const PeerState& now) {
  (void)before;
  log_info("Peer state changed: {} - {}", to_string(now.state), to_string(now.phase));
}

void ZabdServer::fatal(const std::string& why) {
  log_error("{}; exiting", why);
  exit_code_ = 1;
  io_.stop();
}

}  // namespace zab::zabd
