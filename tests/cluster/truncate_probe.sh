#!/usr/bin/env bash
# The model cuts a TRUNC where Apache ZooKeeper 3.8's FileTxnLog.truncate does (Peer::on_trunc):
# after the first txn at or above the target, so a target the learner never logged (<0,0>,
# <e,0>) keeps the next txn; with no txn at or above it, truncate fails. This runs ZooKeeper's
# own code (Debian's jars) on a fresh log and checks exactly that.
set -euo pipefail
jars=/usr/share/java
cp="$jars/zookeeper.jar:$jars/zookeeper-jute.jar:$jars/slf4j-api.jar"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
javac -d "$work" -cp "$cp" "$(dirname "$0")/TruncateProbe.java"
failed=0
expect() {  # count target expected-output
  local got
  got=$(java -cp "$cp:$work" TruncateProbe "$1" "$2" 2>/dev/null)
  if [ "$got" = "$3" ]; then
    echo "ok: $got"
  else
    echo "FAILED: $1 txns, truncate 0x$2: expected '$3', ZooKeeper gave '$got'"
    failed=1
  fi
}
expect 3 0 "truncate 0x0: kept 0x100000001"                    # <0,0>: the first txn stays
expect 3 100000000 "truncate 0x100000000: kept 0x100000001"    # <1,0>: likewise
expect 3 100000001 "truncate 0x100000001: kept 0x100000001"    # a logged zxid: an exact cut
expect 3 100000002 "truncate 0x100000002: kept 0x100000001 0x100000002"
expect 3 100000004 "truncate 0x100000004: IOException"         # nothing at or above it
expect 0 100000001 "truncate 0x100000001: IOException"         # no log at all
exit $failed
