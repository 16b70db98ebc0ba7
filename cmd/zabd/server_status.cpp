// What zabd's four-letter words report: the running server's state gathered into the
// runtime's ServerStatus (impl/runtime/server_status.h), which four_letter_words.h prints as
// ZooKeeper 3.8 does.
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "cmd/zabd/zabd_server.h"
#include "impl/runtime/four_letter_words.h"
#include "impl/runtime/peer_messages.h"

namespace zab::zabd {
namespace {

std::string env_or_empty(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

int64_t folder_bytes(const std::filesystem::path& dir) {
  int64_t total = 0;
  std::error_code ec;
  for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    std::error_code size_error;
    if (it->is_regular_file(size_error)) {
      const auto size = it->file_size(size_error);
      if (!size_error) total += static_cast<int64_t>(size);
    }
  }
  return total;
}

runtime::EnvironmentInfo environment() {
  runtime::EnvironmentInfo env;
  struct utsname names {};
  if (uname(&names) == 0) {
    env.host_name = names.nodename;
    env.os_name = names.sysname;
    env.os_arch = names.machine;
    env.os_version = names.release;
  }
  env.user_name = env_or_empty("USER");
  env.user_home = env_or_empty("HOME");
  std::error_code ec;
  env.user_dir = std::filesystem::current_path(ec).string();
  return env;
}

runtime::PeerStatus peer_status(const PeerState& p, const QuorumConfig& cfg) {
  runtime::PeerStatus out;
  switch (p.state) {
    case ServerState::kLooking:
      out.state = runtime::PeerState::kLooking;
      break;
    case ServerState::kFollowing:
      out.state = runtime::PeerState::kFollowing;
      break;
    case ServerState::kLeading:
      out.state = runtime::PeerState::kLeading;
      break;
    case ServerState::kObserving:
      out.state = runtime::PeerState::kObserving;
      break;
  }
  out.zab_state = static_cast<runtime::ZabState>(static_cast<int>(p.phase));
  if (p.learning) {
    switch (p.learning->sync_mode) {
      case SyncMode::kNone:
        out.sync_mode = runtime::SyncMode::kNone;
        break;
      case SyncMode::kDiff:
        out.sync_mode = runtime::SyncMode::kDiff;
        break;
      case SyncMode::kTrunc:
        out.sync_mode = runtime::SyncMode::kTrunc;
        break;
      case SyncMode::kSnap:
        out.sync_mode = runtime::SyncMode::kSnap;
        break;
    }
  }
  out.quorum_size = static_cast<int64_t>(cfg.participants().size());
  return out;
}

runtime::LeaderStatus leader_status(const LeaderState& leading) {
  runtime::LeaderStatus out;
  for (const auto& [sid, handler] : leading.learners) {
    out.learners += 1;
    if (handler.stage != HandlerStage::kForwarding) continue;
    if (handler.type == LearnerType::kObserver)
      out.synced_observers += 1;
    else
      out.synced_followers += 1;
  }
  return out;
}

}  // namespace

runtime::ServerStatus ZabdServer::status() const {
  const PeerState& peer = loop_->peer();
  const server::ServerLayer& layer = loop_->layer();
  runtime::ServerStatus s;
  s.serving = server::ZkServer::serving(peer) && layer.enabled;
  if (zoo_.standalone())
    s.mode = runtime::ServerMode::kStandalone;
  else if (peer.state == ServerState::kLeading)
    s.mode = runtime::ServerMode::kLeader;
  else if (peer.state == ServerState::kObserving)
    s.mode = runtime::ServerMode::kObserver;
  else
    s.mode = runtime::ServerMode::kFollower;
  s.last_processed_zxid = peer.last_processed;
  s.stats = clients_->stats();
  for (auto& [id, connection] : clients_->connections()) {
    if (const server::Connection* c = layer.connection(server::ClientId{id})) {
      connection.session_id = c->session_id;
      connection.session_timeout_ms = static_cast<int32_t>(c->timeout_ms);
    }
    s.outstanding_requests += connection.outstanding_requests;
    s.connections.push_back(std::move(connection));
  }
  s.database = std::dynamic_pointer_cast<const data::ZkDatabase>(peer.image);
  s.watches = layer.watches;
  if (!zoo_.standalone()) s.peer = peer_status(peer, quorum_);
  if (!zoo_.standalone() && peer.leading && peer.state == ServerState::kLeading)
    s.leader = leader_status(*peer.leading);

  runtime::ServerConf& conf = s.conf;
  conf.client_port = clients_->bound_port();
  conf.snap_dir = std::filesystem::absolute(store_->dir.snap_dir()).string();
  conf.log_dir = std::filesystem::absolute(store_->dir.log_dir()).string();
  conf.snap_dir_bytes = folder_bytes(store_->dir.snap_dir());
  conf.log_dir_bytes = folder_bytes(store_->dir.log_dir());
  conf.tick_time_ms = static_cast<int32_t>(zoo_.tick_time_ms);
  conf.max_client_cnxns = static_cast<int32_t>(zoo_.max_client_cnxns);
  conf.min_session_timeout_ms = static_cast<int32_t>(zoo_.min_session_timeout());
  conf.max_session_timeout_ms = static_cast<int32_t>(zoo_.max_session_timeout());
  if (!zoo_.standalone()) {
    conf.server_id = self_.value;
    const ServerSpec* me = quorum_.find(self_);
    runtime::QuorumConf q;
    q.init_limit = quorum_.init_limit_ticks;
    q.sync_limit = quorum_.sync_limit_ticks;
    q.election_port = me->election_port;
    q.quorum_port = me->quorum_port;
    q.observer = me->type == LearnerType::kObserver;
    q.membership = runtime::quorum_verifier_text(quorum_);
    conf.quorum = q;
  }
  s.environment = environment();
  s.uptime_ms = static_cast<int64_t>(now_ms());
  struct rlimit files {};
  if (getrlimit(RLIMIT_NOFILE, &files) == 0)
    s.max_file_descriptor_count = static_cast<int64_t>(files.rlim_cur);
  std::error_code ec;
  int64_t open = 0;
  for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec))
    ++open;
  if (!ec) s.open_file_descriptor_count = open;
  if (zoo_.digest_enabled) s.digest_mismatches_count = digest_mismatches_;
  s.digest_log.emplace(loop_->digest_log().begin(), loop_->digest_log().end());
  return s;
}

std::string ZabdServer::four_letter_answer(const wire::FourLetterCommand& command) {
  const runtime::FourLetterAnswer answer =
      runtime::answer_four_letter_word(command, whitelist_, status());
  if (answer.reset_connection_stats) clients_->reset_connection_stats();
  if (answer.reset_server_stats) clients_->stats().reset();
  return answer.text;
}

}  // namespace zab::zabd
