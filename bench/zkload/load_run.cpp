#include "load_run.hpp"

#include <chrono>
#include <limits>

namespace zkload {

namespace {

Slot& slot_of(const void* data) {
  return *static_cast<Slot*>(const_cast<void*>(data));
}

// The C client calls these on the session's completion thread.
void on_stat(int rc, const Stat*, const void* data) {
  Slot& slot = slot_of(data);
  slot.session->run->finish(slot, rc);
}

void on_data(int rc, const char*, int, const Stat*, const void* data) {
  Slot& slot = slot_of(data);
  slot.session->run->finish(slot, rc);
}

void on_created(int rc, const char* created_path, const void* data) {
  Slot& slot = slot_of(data);
  LoadRun& run = *slot.session->run;
  if (rc == ZOK && run.workload() == Workload::ephemeral_sequential) {
    run.delete_ephemeral(slot, created_path);
  } else {
    run.finish(slot, rc);
  }
}

void on_deleted(int rc, const void* data) {
  Slot& slot = slot_of(data);
  slot.session->run->finish(slot, rc);
}

uint64_t next_random(uint64_t& state) {
  // xorshift64: cheap, per slot, and good enough to spread requests over the pool.
  state ^= state << 13;
  state ^= state >> 7;
  state ^= state << 17;
  return state;
}

// Errors after which re-issuing cannot succeed on this handle.
bool is_fatal(int rc) {
  return rc == ZSESSIONEXPIRED || rc == ZINVALIDSTATE || rc == ZAUTHFAILED || rc == ZCLOSING;
}

// The request was lost with the connection; the client reconnects on its own.
bool is_connection_lost(int rc) {
  return rc == ZCONNECTIONLOSS || rc == ZOPERATIONTIMEOUT;
}

}  // namespace

int64_t steady_now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

LoadRun::LoadRun(Workload workload, const Layout& layout, std::string data, uint64_t op_target)
    : workload_(workload),
      layout_(layout),
      data_(std::move(data)),
      op_target_(op_target),
      measure_start_ns_(std::numeric_limits<int64_t>::max()) {
  for (int i = 0; i < layout.pool_node_count; ++i)
    pool_nodes_.push_back(layout.pool_node(i));
}

void LoadRun::start(std::vector<std::unique_ptr<Session>>& sessions) {
  int64_t slot_count = 0;
  for (auto& session : sessions) {
    session->run = this;
    session->latencies_us.clear();
    session->errors = 0;
    session->last_error = ZOK;
    slot_count += static_cast<int64_t>(session->slots.size());
  }
  in_flight_ = slot_count;
  for (auto& session : sessions) {
    for (Slot& slot : session->slots)
      issue(slot);
  }
}

void LoadRun::begin_measuring() {
  measure_start_ns_.store(steady_now_ns());
}

void LoadRun::stop() {
  bool expected = false;
  if (stopped_.compare_exchange_strong(expected, true)) stop_ns_.store(steady_now_ns());
}

const std::string& LoadRun::random_pool_node(Slot& slot) {
  return pool_nodes_[next_random(slot.rng_state) % pool_nodes_.size()];
}

void LoadRun::issue_create(Slot& slot, int* rc) {
  slot.path = layout_.create_parent(slot.session->index, slot.index) + "/n" +
              std::to_string(slot.created_count++);
  *rc = zoo_acreate(slot.session->zh, slot.path.c_str(), data_.data(),
                    static_cast<int>(data_.size()), &ZOO_OPEN_ACL_UNSAFE, 0, on_created, &slot);
}

void LoadRun::issue(Slot& slot) {
  zhandle_t* zh = slot.session->zh;
  const int size = static_cast<int>(data_.size());
  slot.started_ns = steady_now_ns();
  int rc = ZOK;
  // Requests are serialised inside each zoo_a* call, so the path strings need not outlive it.
  switch (workload_) {
    case Workload::create:
      issue_create(slot, &rc);
      break;
    case Workload::set_data:
      rc = zoo_aset(zh, random_pool_node(slot).c_str(), data_.data(), size, -1, on_stat, &slot);
      break;
    case Workload::get_data:
      rc = zoo_aget(zh, random_pool_node(slot).c_str(), 0, on_data, &slot);
      break;
    case Workload::exists:
      rc = zoo_aexists(zh, random_pool_node(slot).c_str(), 0, on_stat, &slot);
      break;
    case Workload::ephemeral_sequential:
      rc = zoo_acreate(zh, layout_.ephemeral_prefix().c_str(), data_.data(), size,
                       &ZOO_OPEN_ACL_UNSAFE, ZOO_EPHEMERAL | ZOO_SEQUENCE, on_created, &slot);
      break;
    case Workload::mixed:
      if (next_random(slot.rng_state) % 10 == 0) {
        rc = zoo_aset(zh, random_pool_node(slot).c_str(), data_.data(), size, -1, on_stat, &slot);
      } else {
        rc = zoo_aget(zh, random_pool_node(slot).c_str(), 0, on_data, &slot);
      }
      break;
  }
  if (rc != ZOK) {
    // Not sent, so no completion will come: the slot retires.
    record_error(*slot.session, rc);
    retire(1);
  }
}

void LoadRun::retire(int64_t slot_count) {
  // The release publishes the retiring thread's latencies to whoever sees in_flight reach 0.
  in_flight_.fetch_sub(slot_count, std::memory_order_acq_rel);
}

void LoadRun::resume(std::vector<std::unique_ptr<Session>>& sessions) {
  for (auto& session : sessions) {
    const int state = session->state.load();
    const bool gone = state == ZOO_EXPIRED_SESSION_STATE || state == ZOO_AUTH_FAILED_STATE;
    if (!stopped() && !gone && state != ZOO_CONNECTED_STATE) continue;
    std::vector<Slot*> parked;
    {
      std::lock_guard lock(session->parked_mutex);
      parked.swap(session->parked);
    }
    if (stopped() || gone) {
      retire(static_cast<int64_t>(parked.size()));
    } else {
      for (Slot* slot : parked)
        issue(*slot);
    }
  }
}

void LoadRun::delete_ephemeral(Slot& slot, const char* created_path) {
  slot.path = created_path;
  int rc = zoo_adelete(slot.session->zh, slot.path.c_str(), -1, on_deleted, &slot);
  if (rc != ZOK) finish(slot, rc);
}

void LoadRun::record_error(Session& session, int rc) {
  session.errors.fetch_add(1, std::memory_order_relaxed);
  session.last_error.store(rc, std::memory_order_relaxed);
}

void LoadRun::finish(Slot& slot, int rc) {
  const int64_t now_ns = steady_now_ns();
  Session& session = *slot.session;
  if (rc != ZOK) {
    record_error(session, rc);
  } else if (slot.started_ns >= measure_start_ns_.load(std::memory_order_relaxed) && !stopped()) {
    session.latencies_us.push_back(static_cast<uint32_t>((now_ns - slot.started_ns) / 1000));
    if (measured_.fetch_add(1, std::memory_order_relaxed) + 1 >= op_target_ && op_target_ > 0) {
      stop();
    }
  }
  if (stopped() || is_fatal(rc)) {
    retire(1);
  } else if (is_connection_lost(rc)) {
    std::lock_guard lock(session.parked_mutex);
    session.parked.push_back(&slot);
  } else {
    issue(slot);
  }
}

Totals LoadRun::totals(std::vector<std::unique_ptr<Session>>& sessions) const {
  Totals totals;
  for (auto& session : sessions) {
    totals.latencies_us.insert(totals.latencies_us.end(), session->latencies_us.begin(),
                               session->latencies_us.end());
    totals.errors += session->errors.load();
    if (session->last_error.load() != ZOK) totals.last_error = session->last_error.load();
  }
  totals.ops = totals.latencies_us.size();
  const int64_t start_ns = measure_start_ns_.load();
  totals.window_s = stopped() && start_ns < stop_ns_.load()
                        ? static_cast<double>(stop_ns_.load() - start_ns) / 1e9
                        : 0.0;
  return totals;
}

}  // namespace zkload
