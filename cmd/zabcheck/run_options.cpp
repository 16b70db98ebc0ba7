#include "cmd/zabcheck/run_options.h"

#include "cmd/zabcheck/numbers.h"

namespace zab::check {

void add_run_options(CLI::App* cmd, RunConfig& r) {
  cmd->add_option("--servers", r.servers, "participants (1..7)")->capture_default_str();
  cmd->add_option("--observers", r.observers, "observers")->capture_default_str();
  cmd->add_option("--txns", r.writes, "client writes (without --clients)")->capture_default_str();
  cmd->add_option("--clients", r.clients, "scripted ZooKeeper clients (0..4)")
      ->capture_default_str();
  cmd->add_option("--script", r.script, "what the clients do (see list-scripts)")
      ->capture_default_str();
  cmd->add_option("--ticks", r.ticks, "half-tickTime steps of logical time")->capture_default_str();
  cmd->add_option("--crashes", r.crashes, "crash budget")->capture_default_str();
  cmd->add_option("--restarts", r.restarts, "restart budget")->capture_default_str();
  cmd->add_option("--partitions", r.partitions, "link-cut budget")->capture_default_str();
  cmd->add_option("--drops", r.drops, "connection-drop budget")->capture_default_str();
  cmd->add_option("--timeouts", r.timeouts, "delay-fault budget (timers firing early)")
      ->capture_default_str();
  cmd->add_option("--max-epoch", r.max_epoch, "do not explore past this epoch (0: unbounded)")
      ->capture_default_str();
  cmd->add_option("--counter-bits", r.counter_bits, "zxid counter width (2..32)")
      ->capture_default_str();
  cmd->add_option("--committed-log", r.committed_log_max, "leader's committed log (commitLogCount)")
      ->capture_default_str();
  cmd->add_option("--snap-count", r.snap_count,
                  "snapshot after snapCount/2+1 logged txns (SyncRequestProcessor; 0: never)")
      ->capture_default_str();
  cmd->add_option("--bug", r.bugs, "seeded bug to enable (repeatable; see list-bugs)");
  cmd->add_option("--from", r.from, "start state (see list-starts)")->capture_default_str();
  cmd->add_option_function<std::string>(
      "--election",
      [&r](const std::string& v) {
        if (v != "exhaustive" && v != "settled")
          throw CLI::ValidationError("--election", "must be exhaustive or settled");
        r.settle_elections = v == "settled";
      },
      "exhaustive (every notification interleaving) or settled (one schedule per election)");
}

void add_seed_option(CLI::App* cmd, uint64_t& seed, const std::string& description) {
  cmd->add_option_function<std::string>(
         "--seed",
         [&seed](const std::string& v) {
           const auto parsed = parse_unsigned(v);
           if (!parsed)
             throw CLI::ValidationError("--seed", "'" + v + "' is not an unsigned 64-bit integer");
           seed = *parsed;
         },
         description)
      ->type_name("UINT64");
}

}  // namespace zab::check
