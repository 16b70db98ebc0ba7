// What `zabcheck lin` says about a history: the verdict as text, as JSON, and the failing window
// of a key that is not linearizable as an SVG timeline (the style of the counterexample reports'
// message-sequence chart: the same fonts, colours and escaping).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "checker/lin/history.h"
#include "checker/lin/search.h"

namespace zab::lin {

// The smallest failing window Porcupine-style: the last operations of the longest linearizable
// prefix, the operation that could not be placed after it, and every operation of the key in
// between or concurrent with it. Indexes into History::operations, ordered by invoke.
struct Window {
  std::vector<size_t> operations;
  std::vector<size_t> prefix_tail;  // the prefix's last few, in linearization order
  size_t prefix_start = 0;          // the 0-based position of prefix_tail[0] in the prefix
  size_t unplaceable = 0;
  size_t unknown_before = 0;  // unknown outcomes invoked before the window, left out of it
};

inline constexpr size_t kPrefixTail = 6;
inline constexpr size_t kWindowMax = 60;

// Requires result.verdict == kNotLinearizable.
Window failing_window(const History& history, const KeyResult& result);

std::string report_text(const History& history, const CheckResult& result);
nlohmann::json report_json(const History& history, const CheckResult& result);
// The timeline of a failing window: one lane per process, a bar from invoke to complete.
std::string timeline_svg(const History& history, const KeyResult& result);

}  // namespace zab::lin
