#!/usr/bin/env bash
# Time to the first violation of every seeded bug from the blind start, `zabcheck fuzz` beside
# `zabcheck simulate --swarm` (one thread each, so the two get the same CPU), for seeds 1..3,
# each run bounded at LIMIT seconds (SIGINT: the run prints its partial summary).
# Usage: scripts/fuzz-figures.sh [ZABCHECK] [LIMIT] [BUGS...]
set -u
Z=$(realpath "${1:-build/bin/zabcheck}")
LIMIT=${2:-60}
shift 2 2>/dev/null || shift $#
BUGS=("$@")
[ ${#BUGS[@]} -eq 0 ] && BUGS=(zk-2355 commit-before-quorum zk-1154 zk-1419 zk-4643 zk-4646 zk-1277 zk-1208 expiry-no-rounding)
START="--from steady --txns 2 --crashes 2 --restarts 2 --max-epoch 3"
dir=$(mktemp -d)
printf "%-22s %-6s %-4s %-10s %12s %9s\n" bug tool seed result runs seconds
for bug in "${BUGS[@]}"; do
  for seed in 1 2 3; do
    j=$(cd "$dir" && timeout -s INT "$LIMIT" "$Z" fuzz $START --bug "$bug" --seed "$seed" \
      --runs 2000000000 --json --trace-out "fuzz-$bug-$seed.trace" 2>/dev/null)
    printf "%-22s %-6s %-4s %-10s %12s %9s\n" "$bug" fuzz "$seed" \
      "$(jq -r .result <<<"$j")" "$(jq -r .runs <<<"$j")" \
      "$(jq -r 'if .seconds_to_failure then .seconds_to_failure else .seconds end | .*1000|round/1000' <<<"$j")"
    j=$(cd "$dir" && timeout -s INT "$LIMIT" "$Z" simulate $START --bug "$bug" --seed "$seed" \
      --swarm --threads 1 --walks 2000000000 --json --trace-out "swarm-$bug-$seed.trace" 2>/dev/null)
    printf "%-22s %-6s %-4s %-10s %12s %9s\n" "$bug" swarm "$seed" \
      "$(jq -r .result <<<"$j")" "$(jq -r .walks <<<"$j")" "$(jq -r '.seconds|.*1000|round/1000' <<<"$j")"
  done
done
rm -rf "$dir"
