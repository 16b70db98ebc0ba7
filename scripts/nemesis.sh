#!/usr/bin/env bash
# The nemesis suite's long run (tests/cluster/nemesis.py): a zabd ensemble under the seed's fault
# schedule for M minutes, then the checks. Builds zabd and zabcheck first (in build/).
#   scripts/nemesis.sh [--minutes M] [--seed S] [--kind zabd|apache] [--servers 3|5] [--out DIR]
#                      [-- more nemesis.py options]
# The run's folder (history, faults.log, server logs, summary.json) is kept: build/nemesis/<seed>
# unless --out. Exit status: nemesis.py's (0 pass, 1 a check failed, 2 a harness error).
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=5 seed=1 kind=zabd servers=3 out=
while (($#)); do
  case $1 in
    --minutes) minutes=$2; shift 2 ;;
    --seed) seed=$2; shift 2 ;;
    --kind) kind=$2; shift 2 ;;
    --servers) servers=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "nemesis.sh: unknown option $1 (see the header of $0)" >&2; exit 2 ;;
  esac
done
[[ $minutes =~ ^[0-9]+([.][0-9]+)?$ ]] || { echo "nemesis.sh: --minutes wants a number" >&2; exit 2; }
out=${out:-build/nemesis/$kind-$seed}
[[ -d build ]] || cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
nice cmake --build build -j2 --target zabd zabcheck
rm -rf "$out"
duration_s=$(awk -v m="$minutes" 'BEGIN { print m * 60 }')
exec /usr/bin/python3 tests/cluster/nemesis.py --kind "$kind" --zabd build/bin/zabd \
  --zabcheck build/bin/zabcheck --servers "$servers" --seed "$seed" --duration-s "$duration_s" \
  --out "$out" "$@"
