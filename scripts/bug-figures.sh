#!/usr/bin/env bash
# The per-bug table of the README: for every seeded bug on its smallest configuration (the
# checker's table, `zabcheck list-bugs --json`), what exhaustive BFS needs to find it (distinct
# states, seconds, counterexample length, which is the shortest there is) and what seeded random
# search needs (walks, the failing walk's length, and its length after automatic shrinking).
#   scripts/bug-figures.sh [--walks N] [--seed S]
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/bin/zabcheck
walks=20000
seed=1
while [ $# -gt 0 ]; do
  case "$1" in
    --walks) walks=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    *) echo "usage: scripts/bug-figures.sh [--walks N] [--seed S]" >&2; exit 2 ;;
  esac
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
field() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$@"; }
# One "id<TAB>JIRA<TAB>flags" line per bug, in the table's order; a property checked only when
# named (spec-conformance) is named.
bugs=$("$bin" list-bugs --json | python3 -c '
import json, sys
for b in json.load(sys.stdin):
    named = " --property " + b["property"] if b["property_opt_in"] else ""
    print("\t".join([b["id"], b["jira"] or "-", b["flags"] + named]))')

echo "| bug | JIRA | configuration | property | BFS states | BFS s | BFS length | walks | walk length | shrunk |"
echo "|---|---|---|---|---:|---:|---:|---:|---:|---:|"
while IFS=$'\t' read -r bug jira config; do
  # shellcheck disable=SC2086
  "$bin" check $config --bug "$bug" --no-progress --json --trace-out "$tmp/bfs.trace" \
    >"$tmp/bfs.json" || true
  # shellcheck disable=SC2086
  "$bin" simulate $config --bug "$bug" --walks "$walks" --seed "$seed" --no-progress --json \
    --trace-out "$tmp/walk.trace" >"$tmp/walk.json" 2>/dev/null || true
  walk_found=$(field "$tmp/walk.json" result)
  if [ "$walk_found" = violation ]; then
    walk_cols="$(($(field "$tmp/walk.json" walk) + 1)) | $(field "$tmp/walk.json" walk_length) | $(field "$tmp/walk.json" trace_length)"
  else
    walk_cols="not in $walks | - | -"
  fi
  printf '| %s | %s | `%s` | %s | %s | %.2f | %s | %s |\n' "$bug" "$jira" "$config" \
    "$(field "$tmp/bfs.json" property)" "$(field "$tmp/bfs.json" distinct_states)" \
    "$(field "$tmp/bfs.json" seconds)" "$(field "$tmp/bfs.json" depth)" "$walk_cols"
done <<<"$bugs"
