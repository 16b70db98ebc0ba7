#!/usr/bin/env bash
# Regenerates counterexamples/corpus/<bug>.trace: for every seeded bug, the checker's
# counterexample on the smallest configuration that exposes it, shrunk. The bugs and their
# configurations come from the checker's table (`zabcheck list-bugs --json`, the same rows
# tests/checker/seeded_bugs_test.cpp runs). Review the diff like any other change.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/bin/zabcheck
corpus=counterexamples/corpus
# One "id<TAB>flags" line per bug, in the table's order. A property checked only when named
# (spec-conformance, zk-3642's) is named; the others are found by the default safety set.
bugs=$("$bin" list-bugs --json | python3 -c '
import json, sys
for b in json.load(sys.stdin):
    named = " --property " + b["property"] if b["property_opt_in"] else ""
    print(b["id"] + "\t" + b["flags"] + named)')
while IFS=$'\t' read -r bug flags; do
  trace="$corpus/$bug.trace"
  # shellcheck disable=SC2086
  if "$bin" check $flags --bug "$bug" --no-progress --trace-out "$trace.tmp" >/dev/null; then
    echo "regenerate-corpus: $bug was not found" >&2
    exit 1
  fi
  "$bin" shrink "$trace.tmp" -o "$trace"
  rm -f "$trace.tmp"
done <<<"$bugs"
