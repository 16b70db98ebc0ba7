#include "spec/smt/bmc.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "checker/search/search.h"
#include "checker/search/step.h"
#include "spec/smt/transition.h"

namespace zab::spec::smt {
namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::string_view> checked_properties(const SpecConfig& cfg) {
  std::vector<std::string_view> out;
  for (const std::string_view id : SpecModel::property_ids())
    if (cfg.properties.empty() ||
        std::find(cfg.properties.begin(), cfg.properties.end(), id) != cfg.properties.end())
      out.push_back(id);
  return out;
}

// Z3 runs a query to its end unless interrupted: a watcher turns a raised stop flag into
// `context::interrupt`, so Ctrl-C and the memory limit end a long query too.
class StopWatch {
 public:
  StopWatch(z3::context& ctx, const std::atomic<bool>* stop)
      : watcher_([&ctx, stop](std::stop_token done) {
          while (!done.stop_requested()) {
            if (search::stop_raised(stop)) {
              ctx.interrupt();
              return;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
          }
        }) {}

 private:
  std::jthread watcher_;
};

// The chosen instances of a satisfying model, replayed on the concrete spec: each must be
// enabled, and the last must break a checked property (the spec's own check says which).
BmcResult replay(const SpecModel& model, const std::vector<Action>& trace) {
  BmcResult out;
  State s = model.start();
  for (size_t t = 0; t < trace.size(); ++t) {
    std::vector<Action> enabled;
    model.actions(s, enabled);
    if (std::find(enabled.begin(), enabled.end(), trace[t]) == enabled.end())
      throw search::CheckerFailure(fmt::format(
          "smt: Z3 chose '{}' at step {}, which the spec does not enable: the encoding and the "
          "spec disagree",
          model.name(s, trace[t]), t + 1));
    const State before = s;
    auto v = search::take_step(model, before, trace[t], s);
    if (!v) v = model.check_invariants(s);
    if (v && t + 1 < trace.size())
      throw search::CheckerFailure("smt: Z3's trace breaks a property before its last step");
    if (v) out.violation = v;
  }
  if (!out.violation)
    throw search::CheckerFailure(
        fmt::format("smt: Z3's trace of {} steps breaks no property on the spec: the encoding "
                    "and the spec disagree",
                    trace.size()));
  out.trace = trace;
  out.trace_names = search::name_trace(model, model.start(), trace);
  return out;
}

}  // namespace

BmcResult bmc(const SpecModel& model, const BmcOptions& options) {
  const SpecConfig& cfg = model.config();
  if (auto p = smt_problem(cfg)) throw std::invalid_argument(*p);
  const auto started = Clock::now();
  BmcResult out;
  if (auto v = model.check_invariants(model.start())) {  // depth 0, as every explorer checks it
    out.violation = v;
    return out;
  }
  z3::context ctx;
  const SymbolicSpec spec(ctx, cfg);
  const auto properties = checked_properties(cfg);
  const bool integrity =
      std::find(properties.begin(), properties.end(), "primary-integrity") != properties.end();
  z3::solver solver(ctx, "QF_BV");
  const StopWatch watch(ctx, options.stop);
  SymState here = to_terms(ctx, spec.shape(), model.start());
  std::vector<z3::expr> choices;
  for (int depth = 1; depth <= options.depth_max; ++depth) {
    if (search::stop_raised(options.stop)) {
      out.stopped = true;
      break;
    }
    const auto began = Clock::now();
    choices.push_back(ctx.bv_const(fmt::format("choice_{}", depth).c_str(), kWidth));
    z3::expr_vector constraints(ctx);
    // The last step stays free of the order: a transition property is judged on the last step,
    // which the normal form of the whole path might move.
    if (choices.size() >= 3)
      constraints.push_back(
          spec.in_normal_order(choices[choices.size() - 3], choices[choices.size() - 2]));
    constraints.push_back(spec.within_bounds(here));
    const SymState successor = spec.step(here, choices.back(), constraints);
    SymState next = fresh_state(ctx, spec.shape(), fmt::format("s{}", depth));
    constraints.push_back(equal(next, successor));
    solver.add(constraints);
    z3::expr bad =
        integrity ? spec.integrity_broken(here, choices.back(), next) : ctx.bool_val(false);
    for (const std::string_view id : properties)
      bad = bad || spec.broken(id, next);
    solver.push();
    solver.add(bad);
    const z3::check_result verdict = solver.check();
    BmcDepth d{depth, std::chrono::duration<double>(Clock::now() - began).count(),
               verdict == z3::sat};
    if (verdict == z3::unknown) {
      if (search::stop_raised(options.stop)) {
        out.stopped = true;
        break;
      }
      throw search::CheckerFailure("smt: Z3 answered unknown: " + solver.reason_unknown());
    }
    out.depths.push_back(d);
    if (options.on_depth) options.on_depth(d);
    if (verdict == z3::sat) {
      const z3::model m = solver.get_model();
      std::vector<Action> trace;
      for (const z3::expr& c : choices)
        trace.push_back(spec.instances().at(m.eval(c, true).get_numeral_uint64()));
      BmcResult found = replay(model, trace);
      found.depths = std::move(out.depths);
      out = std::move(found);
      break;
    }
    solver.pop();
    here = std::move(next);
  }
  out.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  return out;
}

}  // namespace zab::spec::smt
