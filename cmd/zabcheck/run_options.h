// The configuration flags `check` and `simulate` share (everything RunConfig holds).
#pragma once

#include <CLI/CLI.hpp>

#include "checker/world/run_config.h"

namespace zab::check {

void add_run_options(CLI::App* cmd, RunConfig& r);

}  // namespace zab::check
