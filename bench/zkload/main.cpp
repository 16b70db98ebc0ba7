// zkload: a closed-loop load generator for ZooKeeper-compatible ensembles on ZooKeeper's C
// client (asynchronous API, libzookeeper_mt). N sessions spread round-robin over the hosts, K
// requests in flight per session; for each workload a warm-up, then a measured window (a fixed
// duration or operation count); throughput and latency percentiles as a table or JSON.
//
//   zkload --hosts 127.0.0.1:2181,127.0.0.1:2182 [--sessions 8] [--in-flight 16]
//          [--workloads create,setData,...] [--duration-s 10 | --ops N] [--json]
//
// Exit status: 0; 1 when a workload had failed requests or measured nothing; 2 on bad
// arguments, a session that does not connect or a setup that fails.
#include <fmt/format.h>
#include <sys/resource.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <thread>

#include "load_run.hpp"
#include "report.hpp"
#include "tree.hpp"

namespace zkload {
namespace {

struct Options {
  std::vector<std::string> hosts;
  int session_count = 8;
  int in_flight = 16;
  int data_bytes = 100;
  double duration_s = 10;
  double warmup_s = 2;
  uint64_t op_target = 0;
  double max_duration_s = 600;
  std::vector<std::string> workload_names;
  int pool_node_count = 256;
  int session_timeout_ms = 30000;
  double connect_timeout_s = 15;
  double drain_timeout_s = 30;
  std::string root = "/zkload";
  bool keep_nodes = false;
  bool json = false;
};

void watcher(zhandle_t*, int type, int state, const char*, void* context) {
  if (type == ZOO_SESSION_EVENT) static_cast<Session*>(context)->state.store(state);
}

// CPU time (user + system) of this process, all threads.
double process_cpu_s() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

bool wait_for(double timeout_s, auto&& done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

std::vector<std::unique_ptr<Session>> connect_sessions(const Options& options) {
  std::vector<std::unique_ptr<Session>> sessions;
  for (int i = 0; i < options.session_count; ++i) {
    auto session = std::make_unique<Session>();
    session->index = i;
    // Round-robin: session i starts at host i and fails over along the list.
    for (size_t h = 0; h < options.hosts.size(); ++h) {
      if (h > 0) session->hosts += ",";
      session->hosts += options.hosts[(static_cast<size_t>(i) + h) % options.hosts.size()];
    }
    session->slots.resize(static_cast<size_t>(options.in_flight));
    for (int k = 0; k < options.in_flight; ++k) {
      Slot& slot = session->slots[static_cast<size_t>(k)];
      slot.session = session.get();
      slot.index = k;
      slot.rng_state = 0x9E3779B97F4A7C15ULL * static_cast<uint64_t>(i * 1000 + k + 1);
    }
    session->zh = zookeeper_init(session->hosts.c_str(), watcher, options.session_timeout_ms,
                                 nullptr, session.get(), 0);
    if (!session->zh) throw std::runtime_error("zookeeper_init(" + session->hosts + ") failed");
    sessions.push_back(std::move(session));
  }
  for (auto& session : sessions) {
    if (!wait_for(options.connect_timeout_s,
                  [&] { return session->state.load() == ZOO_CONNECTED_STATE; })) {
      throw std::runtime_error(fmt::format("session {} did not connect to {} within {} s",
                                           session->index, session->hosts,
                                           options.connect_timeout_s));
    }
  }
  return sessions;
}

Result run_workload(Workload workload, const Options& options, const Layout& layout,
                    const std::string& data, std::vector<std::unique_ptr<Session>>& sessions) {
  LoadRun run(workload, layout, data, options.op_target);
  run.start(sessions);
  wait_for(options.warmup_s, [&] {
    run.resume(sessions);
    return false;
  });
  run.begin_measuring();
  const double cpu_start_s = process_cpu_s();
  if (options.op_target > 0) {
    wait_for(options.max_duration_s, [&] {
      run.resume(sessions);
      return run.stopped() || run.in_flight() == 0;
    });
  } else {
    wait_for(options.duration_s, [&] {
      run.resume(sessions);
      return run.in_flight() == 0;
    });
  }
  run.stop();
  const double client_cpu_s = process_cpu_s() - cpu_start_s;
  Result result{.workload = workload};
  if (!wait_for(options.drain_timeout_s, [&] {
        run.resume(sessions);  // retires the parked slots
        return run.in_flight() == 0;
      })) {
    // The completion threads still use `run`; there is no safe way on but out.
    fmt::print(stderr, "zkload: {} requests of {} still in flight after {} s; giving up\n",
               run.in_flight(), workload_name(workload), options.drain_timeout_s);
    std::_Exit(1);
  }
  Totals totals = run.totals(sessions);
  summarise(totals, result);
  // How much of the machine the client itself took: on a small machine it competes with the
  // servers for the same cores.
  result.client_cpu_percent = result.window_s > 0 ? 100 * client_cpu_s / result.window_s : 0;
  return result;
}

int run(const Options& options) {
  std::vector<Workload> workloads;
  for (const std::string& name : options.workload_names) {
    if (name == "all") {
      workloads.insert(workloads.end(), all_workloads.begin(), all_workloads.end());
    } else if (auto workload = parse_workload(name)) {
      workloads.push_back(*workload);
    } else {
      fmt::print(stderr, "zkload: unknown workload '{}'\n", name);
      return 2;
    }
  }
  zoo_set_debug_level(ZOO_LOG_LEVEL_ERROR);
  // Keep the host order we give (the client shuffles it by default), so that the sessions
  // spread round-robin.
  zoo_deterministic_conn_order(1);
  const std::string data(static_cast<size_t>(options.data_bytes), 'x');
  char hostname[64] = "host";
  gethostname(hostname, sizeof hostname - 1);
  const Layout layout{.run_dir = fmt::format("{}/{}-{}-{}", options.root, hostname, getpid(),
                                             steady_now_ns() / 1000000),
                      .pool_node_count = options.pool_node_count};

  auto sessions = connect_sessions(options);
  TreeResult built = build_tree(sessions[0]->zh, layout, data, options.session_count,
                                options.in_flight, options.drain_timeout_s);
  if (built.failures > 0) {
    fmt::print(stderr, "zkload: setting up {} failed: {} ({} failures)\n", layout.run_dir,
               built.first_failure, built.failures);
    return 2;
  }
  std::vector<Result> results;
  for (Workload workload : workloads) {
    results.push_back(run_workload(workload, options, layout, data, sessions));
    if (!options.json) print_progress(results.back());
  }
  if (!options.keep_nodes) {
    TreeResult removed = remove_tree(sessions[0]->zh, layout, options.drain_timeout_s);
    if (removed.failures > 0) {
      fmt::print(stderr, "zkload: cleaning up {}: {} ({} failures)\n", layout.run_dir,
                 removed.first_failure, removed.failures);
    }
  }
  for (auto& session : sessions)
    zookeeper_close(session->zh);

  const RunConfig config{.hosts = options.hosts,
                         .session_count = options.session_count,
                         .in_flight = options.in_flight,
                         .data_bytes = options.data_bytes,
                         .duration_s = options.duration_s,
                         .warmup_s = options.warmup_s,
                         .op_target = options.op_target};
  if (options.json) {
    fmt::print("{}\n", to_json(config, results));
  } else {
    fmt::print("{}", to_table(config, results));
  }
  for (const Result& result : results) {
    if (result.errors > 0 || result.ops == 0) return 1;
  }
  return 0;
}

}  // namespace
}  // namespace zkload

int main(int argc, char** argv) {
  zkload::Options options;
  std::string hosts;
  std::string workloads = "all";
  CLI::App app{"Closed-loop load on a ZooKeeper ensemble through the C client"};
  app.add_option("--hosts", hosts, "host:port[,host:port...]; sessions go round-robin")->required();
  app.add_option("--sessions", options.session_count, "sessions (connections)")
      ->check(CLI::Range(1, 1000));
  app.add_option("--in-flight", options.in_flight, "requests in flight per session")
      ->check(CLI::Range(1, 10000));
  app.add_option("--data-bytes", options.data_bytes, "bytes written per create/setData")
      ->check(CLI::Range(0, 1000000));
  app.add_option("--duration-s", options.duration_s, "measured time per workload")
      ->check(CLI::PositiveNumber);
  app.add_option("--warmup-s", options.warmup_s, "unmeasured time before each workload")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--ops", options.op_target, "measure this many operations instead of a time");
  app.add_option("--max-duration-s", options.max_duration_s, "bound on an --ops run")
      ->check(CLI::PositiveNumber);
  app.add_option("--workloads", workloads,
                 "comma list of create,setData,getData,exists,ephemeral-sequential,mixed or all");
  app.add_option("--pool-nodes", options.pool_node_count, "nodes that reads and setData use")
      ->check(CLI::Range(1, 1000000));
  app.add_option("--session-timeout-ms", options.session_timeout_ms, "requested session timeout");
  app.add_option("--connect-timeout-s", options.connect_timeout_s, "bound on connecting");
  app.add_option("--drain-timeout-s", options.drain_timeout_s,
                 "bound on the requests in flight after a workload, and on setup/cleanup");
  app.add_option("--root", options.root, "parent of the run's znodes")
      ->check([](const std::string& root) {
        return root.size() > 1 && root.front() == '/' && root.back() != '/'
                   ? std::string()
                   : std::string("must be an absolute znode path other than /");
      });
  app.add_flag("--keep-nodes", options.keep_nodes, "leave the run's znodes behind");
  app.add_flag("--json", options.json, "print JSON instead of a table");
  CLI11_PARSE(app, argc, argv);
  options.hosts = CLI::detail::split(hosts, ',');
  options.workload_names = CLI::detail::split(workloads, ',');
  try {
    return zkload::run(options);
  } catch (const std::exception& error) {
    fmt::print(stderr, "zkload: {}\n", error.what());
    return 2;
  }
}
