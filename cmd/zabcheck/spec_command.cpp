#include "cmd/zabcheck/spec_command.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "checker/search/bfs.h"
#include "checker/search/deepening.h"
#include "checker/search/dfs.h"
#include "checker/search/random_walk.h"
#include "cmd/zabcheck/check_command.h"
#include "cmd/zabcheck/deepening_words.h"
#include "cmd/zabcheck/exit_codes.h"
#include "cmd/zabcheck/memory_limit.h"
#include "cmd/zabcheck/numbers.h"
#include "cmd/zabcheck/output_paths.h"
#include "cmd/zabcheck/run_options.h"
#include "cmd/zabcheck/stop.h"
#include "counterexamples/escape.h"
#include "counterexamples/output_file.h"
#include "counterexamples/spec_shrink.h"
#include "counterexamples/spec_trace.h"
#include "counterexamples/trace.h"
#include "spec/smt/bmc.h"
#include "spec/smt/symbolic_state.h"

namespace zab::check {
namespace {

// What any of the three explorers found, in one shape.
struct SpecOutcome {
  std::optional<search::Violation> violation;
  std::vector<std::string> trace_names;
  uint64_t distinct = 0;  // an estimate for random walks
  uint64_t generated = 0;
  int depth = 0;
  double seconds = 0;
  bool bounded = false;
  bool stopped = false;
  std::vector<std::string> reached, unreached;
  std::string how;  // "bfs", "dfs", "dfs bound 24", "random walk 12 (seed 1)", "z3 bmc"
  std::optional<search::Deepening> deepening;  // --dfs without --depth
  uint64_t reexpanded = 0;
  std::vector<spec::smt::BmcDepth> smt_depths;
  size_t shrunk_from = 0;  // the explorer's trace length, when the shrinker cut it
};

search::SearchResult<spec::Action> depth_first(const spec::SpecModel& model,
                                               const search::SearchOptions& s) {
  // Without --depth, rounds with a growing bound rather than one path down to the epoch bound.
  return s.depth_max > 0 ? search::dfs(model, model.start(), s)
                         : search::iterative_deepening(model, model.start(), s);
}

SpecOutcome exhaustive(const spec::SpecModel& model, const SpecOptions& o) {
  search::SearchOptions s;
  s.threads = o.threads;
  s.depth_max = o.depth_max;
  s.stop = stop_flag();
  if (o.progress && !o.json)
    s.on_progress = [](const search::Progress& p) {
      std::cerr << fmt::format("  {:>12} distinct | queue {:>10} | depth {:>3} | {:>6} MiB{}\n",
                               with_commas(p.distinct), with_commas(p.queue), p.depth,
                               p.rss_bytes >> 20, progress_bound(p));
    };
  auto r = o.dfs ? depth_first(model, s) : search::bfs(model, model.start(), s);
  if (r.violation && r.trace_names.empty())
    r.trace_names = search::name_trace(model, model.start(), r.trace);
  return SpecOutcome{r.violation,
                     r.trace_names,
                     r.distinct,
                     r.generated,
                     r.depth,
                     r.seconds,
                     r.bounded,
                     r.cut == search::Cut::kStopped || r.cut == search::Cut::kOutOfMemory,
                     r.reached,
                     r.unreached,
                     r.deepening ? fmt::format("dfs bound {}", r.deepening->bound)
                     : o.dfs     ? "dfs"
                                 : "bfs",
                     r.deepening,
                     r.reexpanded};
}

SpecOutcome walks(const spec::SpecModel& model, const SpecOptions& o) {
  search::RandomWalkOptions w;
  w.seed = o.seed;
  w.walks = o.random_walks;
  if (o.depth_max > 0) w.depth_max = o.depth_max;
  w.threads = o.threads;
  w.stop = stop_flag();
  const auto r = search::simulate(model, model.start(), w);
  SpecOutcome out;
  out.distinct = r.distinct_estimate;
  out.generated = r.steps;
  out.depth = r.depth;
  out.seconds = r.seconds;
  out.bounded = true;
  out.stopped = r.cut == search::Cut::kStopped || r.cut == search::Cut::kOutOfMemory;
  out.reached = r.reached;
  out.unreached = r.unreached;
  if (r.failure) {
    out.violation = r.failure->violation;
    out.trace_names = r.failure->trace_names;
    out.how = fmt::format("random walk {} (seed {})", r.failure->walk, o.seed);
  }
  return out;
}

// Bounded model checking with Z3: no states are enumerated (distinct and generated stay 0) and
// no sometimes-goal is tracked; the depth is the last one Z3 answered.
SpecOutcome smt(const spec::SpecModel& model, const SpecOptions& o) {
  spec::smt::BmcOptions b;
  b.depth_max = o.depth_max;
  b.stop = stop_flag();
  if (o.progress && !o.json)
    b.on_depth = [](const spec::smt::BmcDepth& d) {
      std::cerr << fmt::format("  depth {:>3} | {:<9} | {:>8.2f} s\n", d.depth,
                               d.violated ? "violation" : "none", d.seconds);
    };
  const auto r = spec::smt::bmc(model, b);
  SpecOutcome out;
  out.violation = r.violation;
  out.trace_names = r.trace_names;
  out.depth = r.depths.empty() ? 0 : r.depths.back().depth;
  out.seconds = r.seconds;
  out.bounded = true;
  out.stopped = r.stopped;
  out.how = "z3 bmc";
  out.smt_depths = r.depths;
  return out;
}

void shrink_found(cx::SpecTrace& t, SpecOutcome& out) {
  try {
    auto r = cx::shrink_spec(t);
    if (r.length_after >= r.length_before) return;
    out.shrunk_from = r.length_before;
    t = std::move(r.trace);
    out.trace_names = t.actions;
  } catch (const cx::ShrinkError& e) {
    std::cerr << "zabcheck: warning: the counterexample is not shrunk: " << e.what() << "\n";
  }
}

std::string flags(const SpecOptions& o) {
  std::string out = o.spec.flags();
  if (o.depth_max) out += fmt::format(" --depth {}", o.depth_max);
  if (o.dfs) out += " --dfs";
  if (o.random_walks) out += fmt::format(" --random-walks {} --seed {}", o.random_walks, o.seed);
  if (o.smt) out += " --smt";
  return out;
}

std::string verdict(const SpecOutcome& out) {
  if (out.violation) return "violation";
  if (out.stopped) return "interrupted";
  return out.unreached.empty() ? "ok" : "vacuous";
}

void print_summary(const SpecOptions& o, const SpecOutcome& out, const std::string& trace_path,
                   bool written) {
  if (o.json) {
    const bool v = out.violation.has_value();
    nlohmann::json j{
        {"result", verdict(out)},
        {"property", v ? nlohmann::json(out.violation->property) : nlohmann::json(nullptr)},
        {"detail", v ? nlohmann::json(out.violation->detail) : nlohmann::json(nullptr)},
        {"distinct_states", out.distinct},
        {"states_generated", out.generated},
        {"depth", out.depth},
        {"seconds", out.seconds},
        {"trace", v ? nlohmann::json(trace_path) : nlohmann::json(nullptr)},
        {"trace_steps", v ? nlohmann::json(out.trace_names.size()) : nlohmann::json(nullptr)},
        {"shrunk_from",
         out.shrunk_from ? nlohmann::json(out.shrunk_from) : nlohmann::json(nullptr)},
        {"bounded", out.bounded},
        {"deepening", deepening_json(out.deepening)},
        {"reached", out.reached},
        {"unreached", out.unreached},
        {"reproduce", "zabcheck spec " + flags(o)},
        {"config", cx::spec_config_json(o.spec)}};
    if (o.smt) {
      nlohmann::json depths = nlohmann::json::array();
      for (const auto& d : out.smt_depths)
        depths.push_back({{"depth", d.depth}, {"seconds", d.seconds}, {"violated", d.violated}});
      j["smt_depths"] = depths;
    }
    std::cout << cx::json_text(j) << "\n";
    return;
  }
  std::cout << "zabcheck spec " << flags(o) << "\n";
  if (out.violation) {
    std::cout << fmt::format("result: VIOLATION of {}\n  {}\n", out.violation->property,
                             out.violation->detail);
    std::cout << fmt::format(
        "  counterexample: {} steps{}, {} {}\n", out.trace_names.size(),
        out.shrunk_from ? fmt::format(" (shrunk from {})", out.shrunk_from) : "",
        written ? "written to" : "NOT written to", cx::shell_quote(trace_path));
    if (written) std::cout << fmt::format("  replay with: {}\n", cx::replay_command(trace_path));
  } else if (out.stopped) {
    std::cout << "result: INTERRUPTED: no property violated in the part searched\n";
  } else if (!out.unreached.empty()) {
    std::cout << fmt::format("result: VACUOUS: no property violated, but never reached: {}\n",
                             fmt::join(out.unreached, " "));
  } else {
    std::cout << "result: ok: no property violated"
              << (o.smt         ? fmt::format(" in {} steps or fewer", out.depth)
                  : out.bounded ? " within the bounds"
                                : "")
              << "\n";
  }
  if (o.smt) {
    std::cout << fmt::format("  bounded model checking (Z3): {} depths answered, {:.2f} s\n",
                             out.smt_depths.size(), out.seconds);
    return;
  }
  const double rate = out.seconds > 0 ? static_cast<double>(out.generated) / out.seconds : 0;
  std::cout << fmt::format(
      "  {}{} distinct states, {} generated, depth {}, {:.2f} s ({:.0f} states/s)\n",
      o.random_walks ? "about " : "", with_commas(out.distinct), with_commas(out.generated),
      out.depth, out.seconds, rate);
  if (out.deepening)
    std::cout << "  " << deepening_words(*out.deepening, out.violation.has_value(), out.reexpanded)
              << "\n";
  if (!out.reached.empty())
    std::cout << fmt::format("  reached: {}\n", fmt::join(out.reached, " "));
}

std::optional<std::string> problem(SpecOptions& o) {
  const auto bug = spec::parse_spec_bug(o.bug);
  if (!bug) {
    std::vector<std::string_view> names;
    for (const auto b : spec::all_spec_bugs())
      names.push_back(spec::to_string(b));
    return fmt::format("unknown spec bug '{}' (the bugs: {})", cx::brief(o.bug, 60),
                       fmt::join(names, ", "));
  }
  o.spec.bug = *bug;
  if (auto p = o.spec.problem()) return p;
  if (o.threads < 1 || o.threads > kThreadsMax)
    return fmt::format("--threads {} is outside 1..{}", o.threads, kThreadsMax);
  if (o.depth_max < 0) return "--depth must be 0 (unbounded) or more";
  if (o.dfs && o.depth_max > search::kDepthBoundMax)
    return fmt::format("--dfs takes a --depth of at most {} (or 0: iterative deepening)",
                       search::kDepthBoundMax);
  if (o.random_walks < 0) return "--random-walks must be 0 or more";
  if (o.dfs + (o.random_walks > 0) + o.smt > 1)
    return "--dfs, --random-walks and --smt are different explorers: choose one";
  if (o.smt && o.depth_max < 1) return "--smt needs --depth K (the number of steps to unroll)";
  if (o.smt)
    if (auto p = spec::smt::smt_problem(o.spec)) return p;
  if (!o.trace_out.empty())
    if (auto p = output_file_problem("--trace-out", o.trace_out)) return p;
  return std::nullopt;
}

}  // namespace

int run_spec(SpecOptions o) {
  if (auto p = problem(o)) {
    std::cerr << "zabcheck: " << *p << "\n";
    return kExitUsage;
  }
  const spec::SpecModel model(o.spec);
  const InterruptScope interrupts;
  SpecOutcome out;
  {
    const MemoryWatch watch(default_memory_limit_bytes(memory_bounds()));
    out = o.smt ? smt(model, o) : o.random_walks ? walks(model, o) : exhaustive(model, o);
  }
  std::string path;
  bool written = false;
  std::string write_error;
  if (out.violation) {
    path = o.trace_out.empty() ? "counterexample-spec-" + out.violation->property + ".trace"
                               : o.trace_out;
    cx::SpecTrace t{o.spec,
                    out.violation->property,
                    out.violation->detail,
                    fmt::format("{} depth {}, {} distinct states", out.how, out.trace_names.size(),
                                out.distinct),
                    "zabcheck spec " + flags(o),
                    out.trace_names};
    // BFS and Z3 traces are shortest already; a walk's or a DFS path's is shrunk.
    if (o.random_walks > 0 || o.dfs) shrink_found(t, out);
    try {
      cx::write_file(path, cx::format_spec_trace(t, path));
      written = true;
    } catch (const std::exception& e) {
      write_error = e.what();
    }
  }
  if (!write_error.empty()) std::cerr << "zabcheck: " << write_error << "\n";
  print_summary(o, out, path, written);
  if (out.violation) return kExitViolation;
  if (!write_error.empty()) return kExitUsage;
  if (out.stopped)
    return stop_reason() == StopReason::kInterrupted ? kExitInterrupted : kExitMemory;
  return kExitOk;
}

void add_spec_command(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "spec", "Model-check the executable spec of Zab (spec/) with the same explorers");
  auto o = std::make_shared<SpecOptions>();
  cmd->add_option("--servers", o->spec.servers, "servers (1..5)")->capture_default_str();
  cmd->add_option("--txns", o->spec.txns, "client proposals the leaders may make")
      ->capture_default_str();
  cmd->add_option("--crashes", o->spec.crashes, "crash budget")->capture_default_str();
  cmd->add_option("--restarts", o->spec.restarts, "restart budget")->capture_default_str();
  cmd->add_option("--timeouts", o->spec.timeouts,
                  "budget of followers giving up on a live leader (partition, syncLimit)")
      ->capture_default_str();
  cmd->add_option("--max-epoch", o->spec.max_epoch, "do not explore past this epoch")
      ->capture_default_str();
  cmd->add_option("--bug", o->bug, "a seeded mutation of the spec (see the README)")
      ->capture_default_str();
  cmd->add_option("--property", o->spec.properties, "property to check (repeatable; default all)");
  cmd->add_option("--depth", o->depth_max, "maximum depth (0: unbounded; walks: 200)")
      ->capture_default_str();
  cmd->add_flag("--dfs", o->dfs,
                "depth-first instead of breadth-first; without --depth, iterative deepening");
  cmd->add_option("--random-walks", o->random_walks, "run this many seeded random walks instead");
  cmd->add_flag("--smt", o->smt,
                "bounded model checking with Z3 instead: unroll --depth steps, a query per depth");
  add_seed_option(cmd, o->seed, "seed of the random walks (default 1)");
  cmd->add_option("--threads", o->threads, "worker threads")->capture_default_str();
  cmd->add_flag("--json", o->json, "print one JSON object instead of the summary");
  cmd->add_option("--trace-out", o->trace_out, "where to write a counterexample");
  cmd->add_flag(
      "--no-progress", [o](int64_t) { o->progress = false; }, "no progress on stderr");
  cmd->callback([o, &exit_code] { exit_code = run_spec(*o); });
}

}  // namespace zab::check
