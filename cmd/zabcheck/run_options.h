// The configuration flags `check` and `simulate` share (everything RunConfig holds).
#pragma once

#include <CLI/CLI.hpp>
#include <cstdint>
#include <string>

#include "checker/world/run_config.h"

namespace zab::check {

void add_run_options(CLI::App* cmd, RunConfig& r);

// `--seed S`: any unsigned 64-bit integer, and a clear refusal of anything else ("-1", "1e3",
// 2^64): a seed printed by one run must mean the same to the next.
void add_seed_option(CLI::App* cmd, uint64_t& seed, const std::string& description);

}  // namespace zab::check
