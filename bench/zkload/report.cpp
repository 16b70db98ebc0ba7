#include "report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace zkload {

namespace {

double percentile_ms(const std::vector<uint32_t>& sorted_us, double fraction) {
  if (sorted_us.empty()) return 0;
  // Nearest rank: the smallest sample with at least `fraction` of the samples at or below it.
  auto rank = static_cast<size_t>(std::ceil(fraction * static_cast<double>(sorted_us.size())));
  return sorted_us[std::clamp<size_t>(rank, 1, sorted_us.size()) - 1] / 1000.0;
}

}  // namespace

void summarise(Totals& totals, Result& result) {
  std::vector<uint32_t>& latencies = totals.latencies_us;
  std::sort(latencies.begin(), latencies.end());
  result.ops = totals.ops;
  result.window_s = totals.window_s;
  result.ops_per_s = totals.window_s > 0 ? static_cast<double>(totals.ops) / totals.window_s : 0;
  double sum_us = 0;
  for (uint32_t latency : latencies)
    sum_us += latency;
  result.mean_ms = latencies.empty() ? 0 : sum_us / static_cast<double>(latencies.size()) / 1000;
  result.p50_ms = percentile_ms(latencies, 0.50);
  result.p99_ms = percentile_ms(latencies, 0.99);
  result.p999_ms = percentile_ms(latencies, 0.999);
  result.max_ms = latencies.empty() ? 0 : latencies.back() / 1000.0;
  result.errors = totals.errors;
  result.last_error = totals.last_error == ZOK ? "" : zerror(totals.last_error);
}

void print_progress(const Result& result) {
  fmt::print(
      stderr, "zkload: {:<21} {:>9.0f} ops/s over {:.1f} s{}\n", workload_name(result.workload),
      result.ops_per_s, result.window_s,
      result.errors ? fmt::format(", {} errors ({})", result.errors, result.last_error) : "");
}

std::string to_table(const RunConfig& config, const std::vector<Result>& results) {
  std::string table =
      fmt::format("zkload: {} sessions x {} in flight over {} servers, {}-byte data, {}\n",
                  config.session_count, config.in_flight, config.hosts.size(), config.data_bytes,
                  config.op_target ? fmt::format("{} ops per workload", config.op_target)
                                   : fmt::format("{} s per workload after {} s warm-up",
                                                 config.duration_s, config.warmup_s));
  table += fmt::format("{:<21} {:>10} {:>8} {:>8} {:>8} {:>8} {:>8} {:>9} {:>7} {:>10}\n",
                       "workload", "ops/s", "mean ms", "p50 ms", "p99 ms", "p99.9 ms", "max ms",
                       "ops", "errors", "client cpu");
  for (const Result& r : results) {
    table += fmt::format(
        "{:<21} {:>10.0f} {:>8.2f} {:>8.2f} {:>8.2f} {:>8.2f} {:>8.2f} {:>9} {:>7} {:>9.0f}%\n",
        workload_name(r.workload), r.ops_per_s, r.mean_ms, r.p50_ms, r.p99_ms, r.p999_ms, r.max_ms,
        r.ops, r.errors, r.client_cpu_percent);
  }
  table += "(ephemeral-sequential counts create+delete pairs; mixed is 90% getData, 10% setData)\n";
  return table;
}

std::string to_json(const RunConfig& config, const std::vector<Result>& results) {
  nlohmann::json out;
  out["config"] = {{"hosts", config.hosts},           {"sessions", config.session_count},
                   {"in_flight", config.in_flight},   {"data_bytes", config.data_bytes},
                   {"duration_s", config.duration_s}, {"warmup_s", config.warmup_s},
                   {"ops", config.op_target}};
  out["results"] = nlohmann::json::array();
  for (const Result& r : results) {
    out["results"].push_back({{"workload", workload_name(r.workload)},
                              {"ops", r.ops},
                              {"window_s", r.window_s},
                              {"ops_per_s", r.ops_per_s},
                              {"mean_ms", r.mean_ms},
                              {"p50_ms", r.p50_ms},
                              {"p99_ms", r.p99_ms},
                              {"p999_ms", r.p999_ms},
                              {"max_ms", r.max_ms},
                              {"errors", r.errors},
                              {"last_error", r.last_error},
                              {"client_cpu_percent", r.client_cpu_percent}});
  }
  return out.dump(2);
}

}  // namespace zkload
