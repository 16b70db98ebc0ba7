#!/usr/bin/env bash
# zkCli.sh from Debian's zookeeper package, driven by command files against any ensemble, with
# its output checked line by line: create (plain, -e, -s), ls, get, set, get -s, a missing node,
# digest auth and an auth ACL that a second session without the identity (or with another one)
# is refused, sync, delete, deleteall.
#
#   zkcli_script.sh 127.0.0.1:p1,127.0.0.1:p2,...      (ZKCLI overrides the zkCli.sh path)
#
# zkCli prints results on stdout and "Created ..." and errors on stderr; its exit status is that
# of the last command. Each session is bounded by timeout(1).
set -euo pipefail

hosts=${1:?usage: zkcli_script.sh host:port[,host:port...]}
zkcli=${ZKCLI:-/usr/share/zookeeper/bin/zkCli.sh}
session_timeout_s=60
work=$(mktemp -d -t zkcli-XXXXXX)
trap 'rm -rf "$work"' EXIT

[ -x "$zkcli" ] || { echo "zkcli_script: $zkcli not found (Debian package zookeeper)" >&2; exit 1; }

# run_session NAME: feeds $work/NAME.cmd to zkCli; output in NAME.out / NAME.err; status in NAME.rc
run_session() {
  local name=$1 rc=0
  timeout "$session_timeout_s" "$zkcli" -server "$hosts" <"$work/$name.cmd" \
    >"$work/$name.out" 2>"$work/$name.err" || rc=$?
  echo "$rc" >"$work/$name.rc"
  if [ "$rc" = 124 ]; then
    echo "zkcli_script: session $name took more than $session_timeout_s s" >&2
    exit 1
  fi
}

dump() {
  local name=$1
  echo "--- commands ($name):" >&2; cat "$work/$name.cmd" >&2
  echo "--- stdout:" >&2; cat "$work/$name.out" >&2
  echo "--- stderr:" >&2; grep -v '^SLF4J' "$work/$name.err" >&2 || true
}

# expect_in_order NAME STREAM LINE...: each LINE is a whole line of NAME.STREAM, in this order.
expect_in_order() {
  local name=$1 stream=$2
  shift 2
  local -a lines
  mapfile -t lines <"$work/$name.$stream"
  local i=0 want
  for want in "$@"; do
    while [ "$i" -lt "${#lines[@]}" ] && [ "${lines[$i]}" != "$want" ]; do i=$((i + 1)); done
    if [ "$i" -ge "${#lines[@]}" ]; then
      echo "zkcli_script: session $name: expected line '$want' on $stream (in order)" >&2
      dump "$name"
      exit 1
    fi
    i=$((i + 1))
  done
}

expect_status() {
  local name=$1 want=$2 got
  got=$(cat "$work/$name.rc")
  if [ "$got" != "$want" ]; then
    echo "zkcli_script: session $name exited with $got, expected $want" >&2
    dump "$name"
    exit 1
  fi
}

# Session 1: alice builds the tree. The ACL "auth::cdrwa" grants the session's digest identity.
cat >"$work/alice.cmd" <<'CMDS'
create /zkcli_test hello
create -e /zkcli_test/eph e
create -s /zkcli_test/seq- s
ls /zkcli_test
get /zkcli_test
set /zkcli_test world
get -s /zkcli_test
get /zkcli_test/missing
addauth digest alice:secret
create /zkcli_test/acl x auth::cdrwa
getAcl /zkcli_test/acl
get /zkcli_test/acl
sync /zkcli_test
delete /zkcli_test/eph
ls /zkcli_test
quit
CMDS
run_session alice
expect_status alice 0
expect_in_order alice out \
  "[eph, seq-0000000001]" \
  "hello" \
  "world" \
  "dataVersion = 1" "ephemeralOwner = 0x0" "dataLength = 5" "numChildren = 2" \
  "'digest,'alice:aYXlLOpEooaV1cRAvUL1fp9Qt7E=" ": cdrwa" \
  "x" \
  "Sync is OK" \
  "[acl, seq-0000000001]"
expect_in_order alice err \
  "Created /zkcli_test" "Created /zkcli_test/eph" "Created /zkcli_test/seq-0000000001" \
  "Node does not exist: /zkcli_test/missing" \
  "Created /zkcli_test/acl"

# Session 2: no identity, then mallory, then alice; then everything goes.
cat >"$work/others.cmd" <<'CMDS'
get /zkcli_test/acl
set /zkcli_test/acl y
addauth digest mallory:secret
get /zkcli_test/acl
addauth digest alice:secret
get /zkcli_test/acl
deleteall /zkcli_test
ls /zkcli_test
create /zkcli_test_done
delete /zkcli_test_done
quit
CMDS
run_session others
expect_status others 0
expect_in_order others out "x"
expect_in_order others err \
  "Insufficient permission : /zkcli_test/acl" \
  "Insufficient permission : /zkcli_test/acl" \
  "Insufficient permission : /zkcli_test/acl" \
  "Node does not exist: /zkcli_test" \
  "Created /zkcli_test_done"
if [ "$(grep -c '^Insufficient permission' "$work/others.err")" != 3 ]; then
  echo "zkcli_script: alice's identity was refused too" >&2
  dump others
  exit 1
fi
echo "zkcli_script: OK (2 zkCli sessions against $hosts)"
