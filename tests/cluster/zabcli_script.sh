#!/usr/bin/env bash
# zabcli (cmd/zabcli) against any ensemble, its output and exit codes checked: one-shot commands
# (create, get -s, ls, set with a wrong and a right version, a missing node, delete), and a
# session on stdin (an ephemeral sequential node, a child watch that fires, sync, stat, quit).
#
#   zabcli_script.sh ZABCLI 127.0.0.1:p1,127.0.0.1:p2,...
set -euo pipefail

zabcli=${1:?usage: zabcli_script.sh ZABCLI host:port[,host:port...]}
hosts=${2:?usage: zabcli_script.sh ZABCLI host:port[,host:port...]}
root=/zabcli-$$

fail() { echo "zabcli_script: $*" >&2; exit 1; }
# run EXPECTED_RC ARGS...: runs zabcli, bounded in time; its stdout in $out, stderr in $err.
run() {
  local expected=$1 rc=0
  shift
  out=$(timeout 30 "$zabcli" --server "$hosts" "$@" 2>/tmp/zabcli-err-$$) || rc=$?
  err=$(cat /tmp/zabcli-err-$$)
  rm -f /tmp/zabcli-err-$$
  [ "$rc" = "$expected" ] || fail "zabcli $* exited $rc, expected $expected (stdout: $out; stderr: $err)"
}
has() { grep -qxF -- "$2" <<<"$1" || fail "expected the line '$2' in: $1"; }

run 0 create "$root" hello
has "$out" "Created $root"
run 0 get -s "$root"
has "$out" "hello"
has "$out" "dataVersion = 0"
run 0 ls /
grep -q "${root#/}" <<<"$out" || fail "ls / does not list $root: $out"
run 1 set -v 7 "$root" world
has "$err" "version No is not valid : $root"
run 0 set -v 0 "$root" world
run 0 get "$root"
has "$out" "world"
run 1 get "$root/missing"
has "$err" "Node does not exist: $root/missing"
run 2 nosuch-command

# A session on stdin: the watch set by `ls -w` fires when the next command adds a child.
printf '%s\n' "create -e -s $root/e- data" "ls -w $root" "create $root/child" "sync $root" \
  "stat $root" "quit" >/tmp/zabcli-cmd-$$
rc=0
out=$(timeout 30 "$zabcli" --server "$hosts" </tmp/zabcli-cmd-$$ 2>&1) || rc=$?
rm -f /tmp/zabcli-cmd-$$
[ "$rc" = 0 ] || fail "the stdin session exited $rc: $out"
has "$out" "Created $root/e-0000000000"
has "$out" "[e-0000000000]"
has "$out" "WatchedEvent state:SyncConnected type:NodeChildrenChanged path:$root"
has "$out" "Sync is OK"
has "$out" "numChildren = 2"

# The ephemeral went with the session that quit.
run 0 ls "$root"
has "$out" "[child]"
run 0 delete "$root/child"
run 0 delete "$root"
rc=0
timeout 30 "$zabcli" --server 127.0.0.1:1 ls / 2>/dev/null || rc=$?
[ "$rc" = 3 ] || fail "zabcli against a closed port exited $rc, expected 3"
echo "zabcli_script: OK (against $hosts)"
