// Trace files (counterexamples/trace.h, spec_trace.h): what users hand to `zabcheck replay`,
// `shrink` and `report`, in the text and the JSON form. Either a trace parses or it is refused
// with a TraceError naming the line; any other exception, a crash or a sanitizer report is a
// finding. A trace that parses must format to text that parses to the same text again, in the
// text form and in the JSON form.
#include <string>

#include "counterexamples/escape.h"
#include "counterexamples/spec_trace.h"
#include "counterexamples/trace.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace zab::cx;
  std::string_view text = zab::fuzz::bytes(data, size);
  try {
    std::string formatted = format_trace(parse_trace(text), "fuzz.trace");
    ZAB_FUZZ_CHECK(format_trace(parse_trace(formatted), "fuzz.trace") == formatted);
    // The JSON form carries the same trace when its text is UTF-8. JSON text cannot hold other
    // bytes: json_text writes U+FFFD for them, and the trace read back must still parse.
    std::string json = json_text(trace_to_json(parse_trace(formatted), "fuzz.trace"));
    std::string from_json = format_trace(parse_trace(json), "fuzz.trace");
    if (valid_utf8(formatted) == formatted) ZAB_FUZZ_CHECK(from_json == formatted);
  } catch (const TraceError&) {
  }
  try {
    std::string formatted = format_spec_trace(parse_spec_trace(text), "fuzz.trace");
    ZAB_FUZZ_CHECK(format_spec_trace(parse_spec_trace(formatted), "fuzz.trace") == formatted);
  } catch (const TraceError&) {
  }
  return 0;
}
