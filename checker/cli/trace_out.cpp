#include "checker/cli/trace_out.h"

#include <fstream>

#include <fmt/format.h>

#include "impl/core/check.h"

namespace zab::check {

void write_trace_file(const std::string& path, const RunConfig& run,
                      const props::Violation& violation, const World& start,
                      const std::vector<Action>& trace, const std::string& how,
                      const SearchResult& search) {
  std::ofstream out(path);
  const auto* p = props::find_property(violation.property);
  out << "# zabcheck-trace 1\n";
  out << "# property: " << violation.property << "\n";
  if (p) out << "# sentence: " << p->sentence << "\n";
  out << "# config: " << run.to_json().dump() << "\n";
  out << "# found-by: " << fmt::format("{} depth {}, {} distinct states", how, trace.size(),
                                       search.distinct)
      << "\n";
  out << "# reproduce: zabcheck replay " << path << "\n";
  out << "# search: zabcheck check " << run.flags() << "\n";
  World world = start;
  bool failed = false;
  for (const auto& a : trace) {
    out << world.name(a) << "\n";
    try {
      world.perform(a);
    } catch (const AssertionFailure&) {
      failed = true;  // the last step trips an assertion in the protocol code
    }
  }
  out << "----\n";
  out << "violates " << violation.property << ": " << violation.detail << "\n";
  if (failed)
    out << "digest none\n";
  else
    out << fmt::format("digest {:016x}\n", world.fingerprint());
}

}  // namespace zab::check
