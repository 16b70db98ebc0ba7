// Trace files: read whole but bounded (a folder or /dev/zero is not a trace), parsed with
// errors naming the file, and written whole or not at all.
#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "counterexamples/escape.h"
#include "counterexamples/output_file.h"
#include "counterexamples/trace.h"

namespace zab::cx {

std::string read_trace_text(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw TraceError(0, "is a directory, not a trace file", shell_quote(path.string()));
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw TraceError(0, fmt::format("cannot open the trace file: {}", std::strerror(errno)),
                     shell_quote(path.string()));
  std::string text;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<size_t>(in.gcount()));
    if (text.size() > kTraceBytesMax)
      throw TraceError(
          0,
          fmt::format("more than {} MiB: not a trace (a trace is a few KiB)", kTraceBytesMax >> 20),
          shell_quote(path.string()));
  }
  if (in.bad()) throw TraceError(0, "cannot read the trace file", shell_quote(path.string()));
  return text;
}

Trace read_trace(const std::filesystem::path& path) {
  const std::string text = read_trace_text(path);
  try {
    return parse_trace(text);
  } catch (const TraceError& e) {
    throw TraceError(e.line, e.reason, shell_quote(path.string()));
  }
}

void write_trace(const std::filesystem::path& path, const Trace& trace) {
  const bool json = path.extension() == ".json";
  write_file(path, json ? json_text(trace_to_json(trace, path.string()), 2) + "\n"
                        : format_trace(trace, path.string()));
}

}  // namespace zab::cx
