// zabcheck's exit codes: one table for every command, printed by --help and kept in the README
// ("Exit codes"). A CI job can tell a proof from a finding, a mistake in its own invocation, a run
// that could not finish and a bug in the tool.
#pragma once

#include <string_view>

namespace zab::check {

inline constexpr int kExitOk = 0;         // nothing violated (within the bounds given)
inline constexpr int kExitViolation = 1;  // a property violated (or a profile failed)
inline constexpr int kExitUsage = 2;      // bad flags, an unreadable input, an output not written
inline constexpr int kExitInternal = 3;   // a failure of the checker itself
inline constexpr int kExitMemory = 4;     // stopped at the memory limit before finishing
inline constexpr int kExitUndecided = 5;  // lin: stopped at a limit before deciding
inline constexpr int kExitInterrupted = 130;  // SIGINT or SIGTERM: stopped, partial summary

inline constexpr std::string_view kExitCodeTable =
    "Exit codes:\n"
    "  0    ok: nothing violated (within the bounds given; the summary says when bounded)\n"
    "  1    a property was violated (the trace is written), or a profile configuration failed\n"
    "  2    usage or input error: bad flags, an unreadable or inconsistent trace, an output\n"
    "       that cannot be written\n"
    "  3    internal error of the checker (including running out of memory outside a search)\n"
    "  4    cut by the memory limit (--memory) before the search finished: nothing violated\n"
    "       in the part searched\n"
    "  5    unknown: `lin` stopped at --time-limit or --memory-limit before deciding\n"
    "  130  interrupted (SIGINT or SIGTERM): the partial summary is printed\n"
    "A violation found before a cut or an interruption still exits 1.\n";

// The code of a run that ended several ways at once: a violation outranks an interruption, which
// outranks an output error, which outranks a cut; ok only when nothing else happened.
inline int worst_exit(int a, int b) {
  constexpr int kRank[] = {kExitViolation, kExitInternal,  kExitInterrupted, kExitUsage,
                           kExitMemory,    kExitUndecided, kExitOk};
  for (const int code : kRank)
    if (a == code || b == code) return code;
  return a;
}

}  // namespace zab::check
