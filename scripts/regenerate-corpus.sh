#!/usr/bin/env bash
# Regenerates counterexamples/corpus/<bug>.trace: for every seeded bug, the checker's
# counterexample on the smallest configuration that exposes it (the same ones
# tests/checker/seeded_bugs_test.cpp uses), shrunk. Review the diff like any other change.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/bin/zabcheck
corpus=counterexamples/corpus
# shellcheck source=scripts/bug-configs.sh
source scripts/bug-configs.sh
for bug in "${bug_order[@]}"; do
  trace="$corpus/$bug.trace"
  # shellcheck disable=SC2086
  if "$bin" check ${bug_configs[$bug]} --bug "$bug" --no-progress --trace-out "$trace.tmp" >/dev/null; then
    echo "regenerate-corpus: $bug was not found" >&2
    exit 1
  fi
  "$bin" shrink "$trace.tmp" -o "$trace"
  rm -f "$trace.tmp"
done
