#include "cmd/zabcheck/check_command.h"

#include <fmt/format.h>

#include <iostream>

#include "cmd/zabcheck/check_run.h"
#include "cmd/zabcheck/check_summary.h"
#include "cmd/zabcheck/memory_limit.h"
#include "cmd/zabcheck/numbers.h"
#include "cmd/zabcheck/output_paths.h"
#include "cmd/zabcheck/run_options.h"
#include "cmd/zabcheck/stop.h"

namespace zab::check {
namespace {

// An explorer must check every property it is given, or refuse: a run that skips one and says
// "ok" is the worst thing a checker can print.
std::optional<std::string> explorer_problem(const CheckOptions& o) {
  for (const auto& id : o.properties) {
    const auto* p = props::find_property(id);
    if (!p) return fmt::format("unknown property '{}' (see `zabcheck list-properties`)", id);
    if (o.dfs && p->kind == props::PropertyKind::kLiveness)
      return fmt::format(
          "--dfs cannot check --property {}: a liveness property needs the state graph, which "
          "only breadth-first search records (drop --dfs)",
          id);
  }
  if (o.dfs && o.run.depth_max > search::kDepthBoundMax)
    return fmt::format("--dfs takes a --depth of at most {} (or 0: iterative deepening)",
                       search::kDepthBoundMax);
  if (o.dfs && !o.graph_out.empty())
    return "--dfs cannot write --graph: only breadth-first search records the state graph (drop "
           "--dfs or --graph)";
  return std::nullopt;
}

std::optional<std::string> outputs_problem(const CheckOptions& o) {
  for (const auto& [flag, path] : {std::pair{"--trace-out", &o.trace_out},
                                   {"--graph", &o.graph_out},
                                   {"--junit", &o.junit_out}})
    if (!path->empty())
      if (auto problem = output_file_problem(flag, *path)) return problem;
  if (!o.report_dir.empty()) return report_dir_problem("--report", o.report_dir);
  return std::nullopt;
}

// The flags a profile may be given; it sets every other one itself.
bool profile_takes(const std::string& flag) {
  for (const char* f : {"--profile", "--bug", "--json", "--junit", "--report", "--threads",
                        "--memory", "--no-progress", "--no-por"})
    if (flag == f) return true;
  return false;
}

void add_search_options(CLI::App* cmd, CheckOptions& o) {
  cmd->add_option("--depth", o.run.depth_max, "maximum depth (0: unbounded)")
      ->capture_default_str();
  cmd->add_option("--property", o.properties, "property to check (repeatable; default all)");
  cmd->add_option("--threads", o.threads, "worker threads, 1..256 (0: all cores)")
      ->capture_default_str();
  cmd->add_flag("--dfs", o.dfs,
                "depth-first instead of breadth-first (safety properties only); without --depth, "
                "iterative deepening");
  cmd->add_flag(
      "--no-por", [&o](int64_t) { o.por = false; },
      "no partial-order reduction (sleep sets); the same distinct states, more work");
  cmd->add_option_function<std::string>(
         "--state-max",
         [&o](const std::string& v) {
           const auto n = parse_unsigned(v);
           if (!n)
             throw CLI::ValidationError("--state-max",
                                        "'" + v + "' is not a whole number of states in 0..2^64-1");
           o.state_max = *n;
         },
         "stop after about this many distinct states (0: no limit)")
      ->type_name("N");
  cmd->add_option_function<std::string>(
         "--memory",
         [&o](const std::string& v) {
           const SizeParse size = parse_memory_size(v, memory_bounds());
           if (!size.bytes) throw CLI::ValidationError(size.problem);
           o.memory_max = *size.bytes;
         },
         "stop the search at this resident memory: 4G, 512M, 75% or 0 for none (default: 3/4 of "
         "the RAM or cgroup limit, 1/2 of the address-space limit)")
      ->type_name("SIZE");
}

void add_output_options(CLI::App* cmd, CheckOptions& o) {
  cmd->add_flag("--json", o.json, "print one JSON object instead of the summary");
  cmd->add_option("--trace-out", o.trace_out, "where to write a counterexample");
  cmd->add_option("--graph", o.graph_out, "write the state graph as DOT (small bounds)");
  cmd->add_option("--junit", o.junit_out, "write JUnit XML, one test case per property");
  cmd->add_option("--report", o.report_dir, "write the report of a violation to this folder");
  cmd->add_option("--profile", o.profile, "run a named suite: quick, pr or nightly");
  cmd->add_flag(
      "--no-progress", [&o](int64_t) { o.progress = false; }, "no progress on stderr");
}

}  // namespace

std::optional<std::string> check_problem(const CheckOptions& o) {
  if (auto problem = o.run.validate()) return problem;
  if (o.threads < 0 || o.threads > kThreadsMax)
    return fmt::format("--threads {} is outside 1..{} (0: all cores)", o.threads, kThreadsMax);
  if (auto problem = explorer_problem(o)) return problem;
  return outputs_problem(o);
}

int run_check(const CheckOptions& o) {
  if (auto problem = check_problem(o)) {
    std::cerr << "zabcheck: " << *problem << "\n";
    return kExitUsage;
  }
  const WorldConfig cfg = o.run.world_config();  // outlives the worlds, which point to it
  const auto start = start_or_explain(cfg, o.run.from);
  if (!start) return kExitUsage;
  const InterruptScope interrupts;
  const uint64_t memory_max = memory_limit(o);
  CheckOutcome out;
  {
    const MemoryWatch watch(memory_max);
    out = explore(o, *start, memory_max);
  }
  write_outputs(o, *start, out);
  print_check_summary(o, out);
  return exit_code(out);
}

void add_check_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("check", "Model-check a configuration (or a --profile)");
  auto o = std::make_shared<CheckOptions>();
  add_run_options(cmd, o->run);
  add_search_options(cmd, *o);
  add_output_options(cmd, *o);
  cmd->callback([o, cmd, &exit_code] {
    o->not_for_profile.clear();
    for (const CLI::Option* option : cmd->get_options())
      if (option->count() > 0 && !profile_takes(option->get_name()))
        o->not_for_profile.push_back(option->get_name());
    exit_code = o->profile.empty() ? run_check(*o) : run_profile(*o);
  });
}

}  // namespace zab::check
