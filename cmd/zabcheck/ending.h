// How a check or simulate run ended, besides what it found: the words the summaries use and
// the exit code it leads to (cmd/zabcheck/exit_codes.h).
#pragma once

#include <string>
#include <string_view>

#include "checker/explore/search.h"
#include "cmd/zabcheck/exit_codes.h"
#include "cmd/zabcheck/stop.h"

namespace zab::check {

enum class Ending : uint8_t {
  kFinished,     // covered its bounds
  kStateMax,     // stopped at --state-max (a bound the user gave: still "ok within the bounds")
  kMemory,       // stopped at the memory limit
  kOutOfMemory,  // an allocation failed (the limit was too high for this machine)
  kInterrupted,  // SIGINT or SIGTERM
};

// The ending of a search that stopped for `cut`, the stop flag's reason telling a signal from
// the memory limit.
inline Ending ending_of(Cut cut) {
  switch (cut) {
    case Cut::kNone:
      return Ending::kFinished;
    case Cut::kStateMax:
      return Ending::kStateMax;
    case Cut::kStopped:
      return stop_reason() == StopReason::kInterrupted ? Ending::kInterrupted : Ending::kMemory;
    case Cut::kOutOfMemory:
      return Ending::kOutOfMemory;
  }
  return Ending::kFinished;
}

// The JSON "cut" value: "", "state-max", "memory-limit", "out-of-memory", "interrupted".
inline std::string_view json_name(Ending e) {
  switch (e) {
    case Ending::kFinished:
      return "";
    case Ending::kStateMax:
      return "state-max";
    case Ending::kMemory:
      return "memory-limit";
    case Ending::kOutOfMemory:
      return "out-of-memory";
    case Ending::kInterrupted:
      return "interrupted";
  }
  return "";
}

// Whether the run stopped short of what it was asked to cover (a state bound is what it was
// asked).
inline bool incomplete(Ending e) {
  return e == Ending::kMemory || e == Ending::kOutOfMemory || e == Ending::kInterrupted;
}

// The exit code of a run that found no violation and wrote every output.
inline int exit_code_of(Ending e) {
  if (e == Ending::kInterrupted) return kExitInterrupted;
  if (e == Ending::kMemory || e == Ending::kOutOfMemory) return kExitMemory;
  return kExitOk;
}

// The summary's verdict word: "violation", "interrupted", "cut" (stopped short), "ok", or
// "vacuous" (a sometimes-goal or liveness property never had a chance).
inline std::string verdict_word(bool violated, Ending e, bool vacuous) {
  if (violated) return "violation";
  if (e == Ending::kInterrupted) return "interrupted";
  if (incomplete(e)) return "cut";
  return vacuous ? "vacuous" : "ok";
}

// "stopped at the memory limit (3.0 GiB)" and the like, for the text summaries.
std::string describe(Ending e, uint64_t memory_max_bytes, uint64_t state_max);

}  // namespace zab::check
