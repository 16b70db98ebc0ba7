// The closed loop of one workload over ZooKeeper's multi-threaded C client: every session keeps
// its slots' requests in flight; each completion (on the session's completion thread) records
// the latency and issues the slot's next request, until the run stops.
#pragma once

#include <zookeeper/zookeeper.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "workload.hpp"

namespace zkload {

class LoadRun;
struct Session;

int64_t steady_now_ns();

// One request slot. At most one request of a slot is in flight, so whoever issues it (the main
// thread first, then the session's completion thread) owns these fields for that request.
struct Slot {
  Session* session = nullptr;
  int index = 0;
  uint64_t rng_state = 0;      // xorshift64 state: which pool node, read or write
  uint64_t created_count = 0;  // names of the create workload's nodes
  int64_t started_ns = 0;      // when the current operation (or pair) was issued
  std::string path;            // the created ephemeral, deleted by the pair's second half
};

// One ZooKeeper session: a zhandle_t with the client's own IO and completion threads.
struct Session {
  int index = 0;
  std::string hosts;  // its connect string: every host, this session's round-robin one first
  zhandle_t* zh = nullptr;
  std::atomic<int> state{0};  // the last session state the watcher saw (ZOO_*_STATE)
  std::vector<Slot> slots;
  LoadRun* run = nullptr;  // set before the run's first request, read by the callbacks
  // Latencies of measured operations; appended only by this session's completion thread.
  std::vector<uint32_t> latencies_us;
  std::atomic<uint64_t> errors{0};
  std::atomic<int> last_error{ZOK};
  // Slots whose request was lost with the connection. Re-issuing at once would spin on
  // connection loss until the client reconnects, so they wait here for LoadRun::resume.
  std::mutex parked_mutex;
  std::vector<Slot*> parked;
};

// What a finished run measured.
struct Totals {
  uint64_t ops = 0;     // operations (pairs) issued after measuring began and done before stop
  uint64_t errors = 0;  // failed requests over the whole run, warm-up included
  int last_error = ZOK;
  double window_s = 0;
  std::vector<uint32_t> latencies_us;  // unsorted, one per measured operation
};

class LoadRun {
 public:
  // `op_target` > 0 stops the run once that many operations were measured.
  LoadRun(Workload workload, const Layout& layout, std::string data, uint64_t op_target);

  // Issues every slot's first request. Call once, with every session connected.
  void start(std::vector<std::unique_ptr<Session>>& sessions);
  // Operations issued from now on count.
  void begin_measuring();
  // No new requests; the ones in flight still complete (wait for in_flight() == 0).
  void stop();
  // Call from the main thread every few milliseconds: re-issues the parked slots of sessions
  // that are connected again (and retires them once stopped or when their session is gone).
  void resume(std::vector<std::unique_ptr<Session>>& sessions);
  bool stopped() const { return stopped_.load(std::memory_order_acquire); }
  int64_t in_flight() const { return in_flight_.load(std::memory_order_acquire); }
  uint64_t measured() const { return measured_.load(std::memory_order_relaxed); }
  // Call after in_flight() reached 0 (the completion threads are done with the sessions).
  Totals totals(std::vector<std::unique_ptr<Session>>& sessions) const;

  Workload workload() const { return workload_; }
  // The completion callbacks' entry points.
  void issue(Slot& slot);
  void finish(Slot& slot, int rc);
  void delete_ephemeral(Slot& slot, const char* created_path);

 private:
  void issue_create(Slot& slot, int* rc);
  const std::string& random_pool_node(Slot& slot);
  void record_error(Session& session, int rc);
  void retire(int64_t slot_count);

  Workload workload_;
  Layout layout_;
  std::vector<std::string> pool_nodes_;
  std::string data_;
  uint64_t op_target_;
  std::atomic<int64_t> measure_start_ns_;
  std::atomic<int64_t> stop_ns_{0};
  std::atomic<bool> stopped_{false};
  std::atomic<int64_t> in_flight_{0};
  std::atomic<uint64_t> measured_{0};
};

}  // namespace zkload
