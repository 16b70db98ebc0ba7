#!/usr/bin/env bash
# The main job, as `./run.sh demo` runs it: model-check the default 3-server configuration,
# then show the checker finding a real ZooKeeper bug and explain the counterexample, and finally
# run the same code as a 3-server ZooKeeper cluster (zabd) used through zabcli.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=build/bin
out=${ZABCHECK_DEMO_DIR:-build/demo}
mkdir -p "$out"

echo "== 1. Model-check 3 servers: election, 1 write, 1 crash (every interleaving) =="
"$bin/zabcheck" check --servers 3 --txns 1 --crashes 1 --trace-out "$out/none.trace" || true

echo
echo "== 2. ZOOKEEPER-1154: a leader that DIFFs where it must TRUNC =="
echo "   (n1 logged <1,3> alone as leader of epoch 1; n2, n3 moved on to epoch 2)"
set +e
"$bin/zabcheck" check --from diverged --txns 0 --bug zk-1154 --trace-out "$out/zk-1154.trace"
status=$?
set -e
[ "$status" -eq 1 ] || { echo "demo: expected the checker to find ZOOKEEPER-1154" >&2; exit 1; }

echo
echo "== 3. The counterexample, as a trace a reviewer can read =="
cat "$out/zk-1154.trace"

if "$bin/zabcheck" report --help >/dev/null 2>&1; then
  echo
  echo "== 4. Replay it on the real code, and write a report =="
  "$bin/zabcheck" replay "$out/zk-1154.trace" || true
  "$bin/zabcheck" report "$out/zk-1154.trace" -o "$out/zk-1154-report"
  echo "report: $out/zk-1154-report/report.html"
fi

echo
echo "== 5. The same code as a ZooKeeper cluster: three zabd servers, and the leader killed =="
python3 tests/cluster/with_ensemble.py --kind zabd --zabd "$bin/zabd" -- \
  scripts/cluster-demo.sh "$bin/zabcli" {hosts}
