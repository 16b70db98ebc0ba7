// zkload's results: percentiles from the raw latencies, a table for people, JSON for scripts
// (bench/cluster_bench.py reads it).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "load_run.hpp"
#include "workload.hpp"

namespace zkload {

struct RunConfig {
  std::vector<std::string> hosts;
  int session_count = 0;
  int in_flight = 0;
  int data_bytes = 0;
  double duration_s = 0;
  double warmup_s = 0;
  uint64_t op_target = 0;
};

struct Result {
  Workload workload;
  uint64_t ops = 0;  // operations (for ephemeral-sequential: create+delete pairs)
  double window_s = 0;
  double ops_per_s = 0;
  double mean_ms = 0, p50_ms = 0, p99_ms = 0, p999_ms = 0, max_ms = 0;
  uint64_t errors = 0;
  std::string last_error;         // zerror() of the last failure, empty when none
  double client_cpu_percent = 0;  // zkload's own CPU time over the window (100 = one core)
};

// Fills the result's counts and percentiles (nearest rank) from the totals.
void summarise(Totals& totals, Result& result);

void print_progress(const Result& result);
std::string to_table(const RunConfig& config, const std::vector<Result>& results);
std::string to_json(const RunConfig& config, const std::vector<Result>& results);

}  // namespace zkload
