// Checker throughput and memory on named configurations, measured side by side in one run.
// Each measurement runs in a fresh child process (so peak memory is that run's own), and each
// figure is the median of --reps runs; the speed-up compares thread counts within the same
// run. Prints a Markdown table (the README's figures). Every configuration is bounded by
// --max-epoch 3; five servers' election alone is also bounded by depth (its full interleaving
// space is beyond memory). The last row of each configuration repeats the widest thread count
// without partial-order reduction (the same distinct states, more transitions).
//
//   zabcheck-bench [--reps 3] [--threads 1,2] [--quick]
#include <fmt/format.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "checker/explore/search.h"
#include "checker/world/run_config.h"
#include "impl/core/check.h"

namespace {

using zab::check::RunConfig;

struct Named {
  std::string name;
  RunConfig run;
};

std::vector<Named> configurations(bool quick) {
  auto make = [](int servers, int txns, int crashes, int depth = 0) {
    RunConfig r;
    r.servers = servers;
    r.writes = txns;
    r.crashes = crashes;
    r.max_epoch = 3;
    r.depth_max = depth;
    return r;
  };
  std::vector<Named> all = {
      {"3 servers / 1 txn / no faults", make(3, 1, 0)},
      {"3 servers / 2 txns / 1 crash", make(3, 2, 1)},
      {"5 servers / election only / depth 8", make(5, 0, 0, 8)},
  };
  if (quick) all.resize(1);
  return all;
}

// Child: run one BFS and print its figures as one JSON line.
int run_one(const RunConfig& run, int threads, bool por) {
  zab::set_assertions_throw(true);
  const auto cfg = run.world_config();
  zab::check::SearchOptions options;
  options.threads = threads;
  options.depth_max = run.depth_max;
  options.por = por;
  const auto start = zab::check::start_world(cfg, run.from);
  const auto r = zab::check::bfs(start, options);
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  nlohmann::json j{{"distinct", r.distinct},
                   {"generated", r.generated},
                   {"pruned", r.pruned},
                   {"seconds", r.seconds},
                   {"visited_bytes", r.visited_bytes},
                   {"peak_rss_bytes", static_cast<uint64_t>(usage.ru_maxrss) * 1024},
                   {"violation", r.violation.has_value()}};
  std::cout << j.dump() << std::endl;
  return 0;
}

nlohmann::json measure(const std::string& self, const Named& c, int threads, bool por) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) throw std::runtime_error("pipe failed");
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(pipe_fds[1], STDOUT_FILENO);
    close(pipe_fds[0]);
    const std::string config = c.run.to_json().dump();
    const std::string t = std::to_string(threads);
    execl(self.c_str(), self.c_str(), "--one", config.c_str(), "--threads", t.c_str(),
          por ? "--por" : "--no-por", nullptr);
    _exit(127);
  }
  close(pipe_fds[1]);
  std::string out;
  char buf[4096];
  for (ssize_t n; (n = read(pipe_fds[0], buf, sizeof buf)) > 0;)
    out.append(buf, static_cast<size_t>(n));
  close(pipe_fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error("benchmark child failed for " + c.name);
  return nlohmann::json::parse(out);
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"zabcheck-bench: checker throughput and memory"};
  int reps = 3;
  std::vector<int> threads = {1, 2};
  bool quick = false;
  std::string one;
  int one_threads = 1;
  bool one_por = true;
  app.add_option("--reps", reps, "runs per measurement (median)")->check(CLI::PositiveNumber);
  app.add_option("--threads", threads, "thread counts to compare")->delimiter(',');
  app.add_flag("--quick", quick, "only the smallest configuration");
  app.add_option("--one", one, "(internal) run one configuration given as JSON");
  app.add_flag("--por,!--no-por", one_por, "(internal) partial-order reduction for --one");
  CLI11_PARSE(app, argc, argv);
  if (!one.empty()) {
    if (!threads.empty()) one_threads = threads.front();
    return run_one(RunConfig::from_json(nlohmann::json::parse(one)), one_threads, one_por);
  }
  const std::string self = "/proc/self/exe";
  char path[4096];
  const ssize_t len = readlink(self.c_str(), path, sizeof path - 1);
  if (len <= 0) return 2;
  path[len] = 0;

  std::cout << "| configuration | distinct states | threads | POR | transitions | distinct/s "
               "| transitions/s | speed-up | bytes/distinct state | peak RSS MiB |\n";
  std::cout << "|---|---:|---:|---|---:|---:|---:|---:|---:|---:|\n";
  for (const auto& c : configurations(quick)) {
    double base_rate = 0;
    std::vector<std::pair<int, bool>> runs;
    for (const int t : threads)
      runs.emplace_back(t, true);
    runs.emplace_back(threads.back(), false);
    for (const auto& [t, por] : runs) {
      std::vector<double> rates, distinct_rates, rss, per_state;
      uint64_t distinct = 0, generated = 0;
      for (int i = 0; i < reps; ++i) {
        const auto j = measure(path, c, t, por);
        distinct = j["distinct"].get<uint64_t>();
        generated = j["generated"].get<uint64_t>();
        distinct_rates.push_back(static_cast<double>(distinct) / j["seconds"].get<double>());
        rates.push_back(static_cast<double>(generated) / j["seconds"].get<double>());
        rss.push_back(j["peak_rss_bytes"].get<double>() / (1 << 20));
        per_state.push_back(j["peak_rss_bytes"].get<double>() / static_cast<double>(distinct));
      }
      // Speed-up compares the rate of distinct states (what a search is for).
      const double rate = median(distinct_rates);
      if (base_rate == 0) base_rate = rate;
      std::cout << fmt::format(
          "| {} | {} | {} | {} | {} | {:.0f} | {:.0f} | {:.2f}x | {:.0f} | {:.0f} |\n", c.name,
          distinct, t, por ? "on" : "off", generated, rate, median(rates), rate / base_rate,
          median(per_state), median(rss));
      std::cout.flush();
    }
  }
  return 0;
}
