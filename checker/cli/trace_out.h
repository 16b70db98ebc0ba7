// Writing a counterexample found by `check` in the trace format (counterexamples/).
#pragma once

#include <string>
#include <vector>

#include "checker/explore/search.h"
#include "checker/world/run_config.h"

namespace zab::check {

void write_trace_file(const std::string& path, const RunConfig& run,
                      const props::Violation& violation, const World& start,
                      const std::vector<Action>& trace, const std::string& how,
                      const SearchResult& search);

}  // namespace zab::check
