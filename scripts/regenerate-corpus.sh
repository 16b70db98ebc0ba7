#!/usr/bin/env bash
# Regenerates counterexamples/corpus/<bug>.trace: for every seeded bug, the checker's
# counterexample on the smallest configuration that exposes it (the same ones
# tests/checker/seeded_bugs_test.cpp uses), shrunk. Review the diff like any other change.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/bin/zabcheck
corpus=counterexamples/corpus
recovery="--max-epoch 3 --election settled"
declare -A configs=(
  [zk-1419]="--from epoch-skew --txns 0"
  [zk-1277]="--from elected --txns 4 --counter-bits 2 --max-epoch 1"
  [commit-before-quorum]="--from elected --txns 1 --crashes 1"
  [zk-1154]="--from diverged --txns 0"
  [zk-2355]="--from lagging --txns 0 --drops 1"
  [zk-4643]="--from lagging-one-down --txns 0 --crashes 2 --restarts 2 $recovery"
  [zk-4646]="--from unlogged-reelected --txns 0 --crashes 3 --restarts 2 $recovery"
  [zk-1208]="--servers 1 --clients 1 --script pipelined-close"
  [expiry-no-rounding]="--servers 1 --clients 1 --script vanish --ticks 8"
)
for bug in "${!configs[@]}"; do
  trace="$corpus/$bug.trace"
  # shellcheck disable=SC2086
  if "$bin" check ${configs[$bug]} --bug "$bug" --no-progress --trace-out "$trace.tmp" >/dev/null; then
    echo "regenerate-corpus: $bug was not found" >&2
    exit 1
  fi
  "$bin" shrink "$trace.tmp" -o "$trace"
  rm -f "$trace.tmp"
done
