// What `zabcheck check` prints: the summary for a person, one JSON object for a tool, and one
// line per configuration of a profile.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "cmd/zabcheck/check_run.h"

namespace zab::check {

// The JSON summary: result (violation | interrupted | cut | vacuous | ok), cut (null or why),
// bounded, the figures, the trace and the outputs that could not be written.
nlohmann::json check_json(const CheckOptions& options, const CheckOutcome& out);
// The summary as text, or as JSON with --json.
void print_check_summary(const CheckOptions& options, const CheckOutcome& out);
// The verdict column of a profile's line: "ok", "VIOLATION id -> trace", "VACUOUS (...)", ...
std::string check_line_verdict(const CheckOptions& options, const CheckOutcome& out);

}  // namespace zab::check
