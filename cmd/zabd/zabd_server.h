// One zabd process: the protocol core's ServerLoop with its four interpreters around it — the
// peers' ports (PeerNet), the client port (ClientNet), the data directory on a disk thread
// (DataDir + DiskThread) and steady timers — all on one asio event loop thread, plus the clock
// tick that drives session expiry.
#pragma once

#include <asio/io_context.hpp>
#include <asio/signal_set.hpp>
#include <asio/steady_timer.hpp>
#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "impl/config/zoo_cfg.h"
#include "impl/runtime/asio_timers.h"
#include "impl/runtime/client_net.h"
#include "impl/runtime/data_dir.h"
#include "impl/runtime/disk_thread.h"
#include "impl/runtime/four_letter_words.h"
#include "impl/runtime/peer_net.h"
#include "impl/runtime/server_loop.h"

namespace zab::zabd {

class ZabdServer {
 public:
  // Reads the data directory (throws runtime::DataDirError naming the file if it cannot).
  ZabdServer(config::ZooCfg cfg, NodeId self);
  ~ZabdServer();

  // Binds the ports and serves until SIGINT / SIGTERM or a fatal disk error. Returns the exit
  // code: 0 after a signal, 1 after a fatal error (logged).
  int run();

  // The four-letter words (server_status.cpp), on the loop's thread.
  runtime::ServerStatus status() const;
  std::string four_letter_answer(const wire::FourLetterCommand& command);

 private:
  // DataDir as the disk thread's DurableStore. zoo.cfg forceSync=no skips the fsync of the txn
  // log, as ZooKeeper's FileTxnLog does; the loop's barrier stays (the effects after a Sync still
  // wait for this call to return).
  struct Store final : runtime::DurableStore {
    Store(runtime::DataDirOptions options, bool force_sync)
        : dir(std::move(options)), force_sync(force_sync) {}
    void apply(const DiskWrite& write) override { dir.apply(write); }
    void sync() override {
      if (force_sync) dir.sync();
    }
    std::vector<std::string> purge(int snap_retain_count) override {
      std::vector<std::string> removed;
      for (const auto& path : dir.purge(snap_retain_count).removed)
        removed.push_back(path.string());
      return removed;
    }
    runtime::DataDir dir;
    bool force_sync;
  };

  uint64_t now_ms() const;
  void schedule_tick();
  void start_purge_task();
  void purge_now();
  void on_role_changed(runtime::Role before, const PeerState& now);
  void fatal(const std::string& why);

  const config::ZooCfg zoo_;
  const QuorumConfig quorum_;
  const NodeId self_;
  const runtime::FourLetterWhitelist whitelist_;
  const std::chrono::steady_clock::time_point started_;
  int64_t digest_mismatches_ = 0;  // mntr's zk_digest_mismatches_count
  asio::io_context io_;
  std::unique_ptr<Store> store_;
  DurableState recovered_;
  std::unique_ptr<runtime::DiskThread> disk_;
  std::unique_ptr<runtime::AsioTimers> timers_;
  std::unique_ptr<runtime::PeerNet> peers_;
  std::unique_ptr<runtime::ClientNet> clients_;
  std::unique_ptr<runtime::ServerLoop> loop_;
  asio::steady_timer tick_;
  asio::steady_timer purge_timer_;
  asio::signal_set signals_;
  int exit_code_ = 0;
};

}  // namespace zab::zabd
