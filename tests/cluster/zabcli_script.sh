#!/usr/bin/env bash
# zabcli (cmd/zabcli) against any ensemble, every command's output and exit status checked with
# the same expectations for zabd and Apache ZooKeeper 3.8 (run by tests/cluster/with_ensemble.py):
#  1. one-shot commands: create (-s -e -c -t, data, ACLs), get -s, ls -s/-R, stat, set -v, delete
#     -v, deleteall, getAcl -s, setAcl -v/-s/-R, getEphemerals, getAllChildrenNumber, sync, and
#     zkCli's error words and zabcli's exit codes (0 done, 1 refused, 2 usage, 3 no session);
#  2. a session on stdin: watches firing (WATCHER:: lines), addauth digest against a digest ACL,
#     an unknown auth scheme, close, "Not connected", connect, quit;
#  3. fail-over: a session on the leader with an ephemeral node and a data watch; the leader is
#     killed (kill -9, its PID from $ZK_PIDS); the session re-attaches on another server once a
#     new leader is elected, with the same id (its ephemeral stays), and its watch fires there.
#
#   zabcli_script.sh ZABCLI 127.0.0.1:p1,127.0.0.1:p2,...
set -euo pipefail

zabcli=${1:?usage: zabcli_script.sh ZABCLI host:port[,host:port...]}
hosts=${2:?usage: zabcli_script.sh ZABCLI host:port[,host:port...]}
root=/zabcli-$$
work=$(mktemp -d -t zabcli-XXXXXX)
session_pid=""
cleanup() {
  [ -n "$session_pid" ] && kill "$session_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

fail() { echo "zabcli_script: $*" >&2; exit 1; }
# run EXPECTED_RC ARGS...: runs zabcli once, bounded in time; its stdout in $out, stderr in $err.
run() {
  local expected=$1 rc=0
  shift
  out=$(timeout 30 "$zabcli" --server "$hosts" "$@" 2>"$work/err") || rc=$?
  err=$(cat "$work/err")
  [ "$rc" = "$expected" ] || fail "zabcli $* exited $rc, expected $expected (stdout: $out; stderr: $err)"
}
# has TEXT LINE...: each LINE is a whole line of TEXT.
has() {
  local text=$1 line
  shift
  for line in "$@"; do
    grep -qxF -- "$line" <<<"$text" || fail "expected the line '$line' in: $text"
  done
}
# is TEXT EXPECTED: TEXT is exactly EXPECTED.
is() { [ "$1" = "$2" ] || fail "expected exactly: $2"$'\n'"got: $1"; }

# ---- 1. one-shot commands ----------------------------------------------------------------------
run 0 create "$root" hello
is "$out" "Created $root"
run 1 create "$root" again
is "$err" "Node already exists: $root"
run 0 get -s "$root"
has "$out" "hello" "dataVersion = 0" "aclVersion = 0" "ephemeralOwner = 0x0" "dataLength = 5" \
  "numChildren = 0"
[ "$(wc -l <<<"$out")" = 12 ] || fail "get -s printed more than data and 11 stat lines: $out"
run 0 ls /
grep -q "${root#/}" <<<"$out" || fail "ls / does not list $root: $out"
run 1 set -v 7 "$root" world
is "$err" "version No is not valid : $root"
run 0 set -s -v 0 "$root" world
has "$out" "dataVersion = 1" "dataLength = 5"
run 0 get "$root"
is "$out" "world"
run 1 get "$root/missing"
is "$err" "Node does not exist: $root/missing"
run 1 stat "$root/missing"
is "$err" "Node does not exist: $root/missing"

# Modes: sequential, container, TTL (off by default in both servers: UNIMPLEMENTED).
run 0 create -s "$root/seq-" s
is "$out" "Created $root/seq-0000000000"
run 0 create -c "$root/container"
is "$out" "Created $root/container"
run 0 create "$root/container/child" c
run 1 create -t 5000 "$root/ttl" t
is "$err" "KeeperErrorCode = Unimplemented for $root/ttl"
run 2 create -c -e "$root/x"
is "$err" "-c cannot be combined with -s or -e. Containers cannot be ephemeral or sequential."
run 2 create -t soon "$root/x"
is "$err" "-t argument must be a long value"
run 2 create -t 5 -e "$root/x"
is "$err" "TTLs cannot be used with Ephemeral znodes"

# ACLs as zkCli writes them.
run 0 create "$root/readonly" r world:anyone:ar
run 0 getAcl "$root/readonly"
is "$out" "'world,'anyone"$'\n'": ra"
run 1 set "$root/readonly" w
is "$err" "Insufficient permission : $root/readonly"
run 0 setAcl -v 0 "$root/readonly" world:anyone:cdrwa
run 1 setAcl -v 0 "$root/readonly" world:anyone:cdrwa
is "$err" "version No is not valid : $root/readonly"
run 0 setAcl -s "$root/readonly" world:anyone:cdrw,ip:127.0.0.1:a
has "$out" "aclVersion = 2"
run 0 getAcl -s "$root/readonly"
has "$out" "'world,'anyone" ": cdrw" "'ip,'127.0.0.1" ": a" "aclVersion = 2"
run 0 create "$root/mine" m ip:127.0.0.1:cdrwa
run 0 get "$root/mine"
is "$out" "m"
run 0 create "$root/theirs" t ip:10.1.2.3:cdrwa
run 1 get "$root/theirs"
is "$err" "Insufficient permission : $root/theirs"
run 0 create "$root/alice" a digest:alice:aYXlLOpEooaV1cRAvUL1fp9Qt7E=:cdrwa
run 1 get "$root/alice"
is "$err" "Insufficient permission : $root/alice"
run 1 create "$root/auth" x auth::cdrwa
is "$err" "KeeperErrorCode = InvalidACL for $root/auth"$'\n'"Acl is not valid : $root/auth"
run 1 create "$root/bad" x nonsense:rw
is "$err" "nonsense:rw does not have the form scheme:id:perm"$'\n'"KeeperErrorCode = InvalidACL"$'\n'"Acl is not valid : null"
run 0 getAcl "$root"
is "$out" "'world,'anyone"$'\n'": cdrwa"

# Listing: sorted children, -s, -R (zkCli's order: a node's children, then below each).
run 0 ls "$root"
is "$out" "[alice, container, mine, readonly, seq-0000000000, theirs]"
run 0 ls -s "$root/container"
has "$out" "[child]" "numChildren = 1"
run 0 ls -R "$root/container"
is "$out" "$root/container"$'\n'"$root/container/child"
run 0 create "$root/container/child/leaf"
run 0 ls -R "$root/container"
is "$out" "$root/container"$'\n'"$root/container/child"$'\n'"$root/container/child/leaf"
run 0 getAllChildrenNumber "$root"
is "$out" "8"
run 0 getEphemerals
is "$out" "[]"
run 0 sync "$root"
is "$out" "Sync is OK"

# Deleting: versions, non-empty nodes, whole subtrees.
run 1 delete "$root/container"
is "$err" "Node not empty: $root/container"
run 1 delete -v 3 "$root/seq-0000000000"
is "$err" "version No is not valid : $root/seq-0000000000"
run 0 delete -v 0 "$root/seq-0000000000"
run 0 deleteall "$root/container"
run 1 ls "$root/container"
is "$err" "Node does not exist: $root/container"

# Usage errors: exit status 2, zkCli's words.
run 2 nosuch-command
has "$err" "Command not found nosuch-command"
run 2 ls -x /
is "$err" "Unrecognized option: -x"
run 2 set "$root"
is "$err" "set [-s] [-v version] path data"
run 2 set -v abc "$root" x
is "$err" "-v argument must be an int value"
run 2 get nopath
is "$err" "Path must start with / character"
run 2 get "$root/"
is "$err" "Path must not end with / character"

# ---- 2. a session on stdin ---------------------------------------------------------------------
# The watch set by `ls -w` fires when the next command adds a child; `get -w` fires on `set`.
cat >"$work/session.cmd" <<CMDS
create -e -s $root/e- data
ls -w $root
create $root/child
get -w $root/child
set $root/child changed
sync $root
getEphemerals $root
get $root/alice
addauth digest alice:secret
get $root/alice
close
ls /
connect $hosts
ls $root/child
addauth nosuch-scheme x
ls /
quit
CMDS
rc=0
timeout 30 "$zabcli" --server "$hosts" <"$work/session.cmd" >"$work/session.out" \
  2>"$work/session.err" || rc=$?
out=$(cat "$work/session.out")
err=$(cat "$work/session.err")
# The last command (`ls /`) had no session: exit status 3, as zkCli exits with the last command's.
[ "$rc" = 3 ] || fail "the stdin session exited $rc, expected 3: $out / $err"
# The sequence number is the parent's cversion: every child created or deleted so far.
eph=$(grep -o "^Created $root/e-[0-9]\{10\}$" <<<"$out" | cut -d' ' -f2) ||
  fail "no ephemeral sequential node created: $out"
has "$out" "[alice, ${eph##*/}, mine, readonly, theirs]" \
  "WATCHER::" "WatchedEvent state:SyncConnected type:None path:null" \
  "WatchedEvent state:SyncConnected type:NodeChildrenChanged path:$root" \
  "WatchedEvent state:SyncConnected type:NodeDataChanged path:$root/child" \
  "Sync is OK" "[$eph]" "a" "WatchedEvent state:Closed type:None path:null" \
  "Not connected" "[]" "WatchedEvent state:AuthFailed type:None path:null"
[ "$(grep -c '^Not connected$' <<<"$out")" = 2 ] || fail "expected 'Not connected' twice: $out"
is "$err" "Insufficient permission : $root/alice"

# The ephemeral went with the session that closed.
run 0 ls "$root"
is "$out" "[alice, child, mine, readonly, theirs]"

# ---- 3. fail-over ------------------------------------------------------------------------------
IFS=, read -r -a pids <<<"${ZK_PIDS:?zabcli_script.sh needs \$ZK_PIDS (run it by with_ensemble.py)}"
IFS=, read -r -a servers <<<"$hosts"
# mode HOST:PORT: the server's Mode from the srvr four-letter word (leader, follower, ...).
mode() {
  local answer
  answer=$(timeout 5 bash -c 'exec 5<>"/dev/tcp/${1%:*}/${1##*:}" && printf srvr >&5 && cat <&5' \
    _ "$1" 2>/dev/null) || true
  sed -n 's/^Mode: //p' <<<"$answer"
}
# The session opens on the leader (listed first), which is then killed: the session has to wait
# for a new leader before another server takes it back.
victim=0
for i in "${!servers[@]}"; do
  [ "$(mode "${servers[$i]}")" = leader ] && victim=$i
done
session_hosts=${servers[$victim]}
for i in "${!servers[@]}"; do
  [ "$i" = "$victim" ] || session_hosts+=",${servers[$i]}"
done
run 0 create "$root/watched" before
mkfifo "$work/in"
timeout 90 "$zabcli" --server "$session_hosts" <"$work/in" >"$work/failover.out" 2>&1 &
session_pid=$!
exec 4>"$work/in"
# wait_for LINE SECONDS [COUNT]: LINE appears (COUNT times) in the session's output within SECONDS.
wait_for() {
  local deadline=$((SECONDS + $2))
  until [ "$(grep -cxF -- "$1" "$work/failover.out")" -ge "${3:-1}" ]; do
    [ "$SECONDS" -lt "$deadline" ] || fail "no '$1' within $2 s: $(cat "$work/failover.out")"
    sleep 0.1
  done
}
echo "create -e $root/ephemeral mine" >&4
echo "get -w $root/watched" >&4
wait_for "before" 20
kill -9 "${pids[$victim]}"
echo "zabcli_script: killed the leader, server $((victim + 1)) (pid ${pids[$victim]}," \
  "${servers[$victim]}), under the session"
wait_for "WatchedEvent state:Disconnected type:None path:null" 20
wait_for "WatchedEvent state:SyncConnected type:None path:null" 45 2 # the second: re-attached
echo "getEphemerals $root" >&4
run 0 set "$root/watched" after # through the servers left (the dead one refuses connections)
echo "get $root/ephemeral" >&4
echo "quit" >&4
exec 4>&-
rc=0
wait "$session_pid" || rc=$?
session_pid=""
out=$(cat "$work/failover.out")
[ "$rc" = 0 ] || fail "the fail-over session exited $rc: $out"
has "$out" "Created $root/ephemeral" "[$root/ephemeral]" "mine" \
  "WatchedEvent state:SyncConnected type:NodeDataChanged path:$root/watched"
run 1 delete "$root"
is "$err" "Node not empty: $root"
# deleteall lists the subtree first: a child nobody may read stops it before anything goes.
# (Which one it meets first depends on the server's child order: zkCli does not sort here.)
run 1 deleteall "$root"
grep -qxE "Insufficient permission : $root/(alice|theirs)" <<<"$err" ||
  fail "deleteall of an unreadable subtree: $err"
run 0 delete "$root/alice" # needs DELETE on the parent only
run 0 delete "$root/theirs"
run 0 deleteall "$root"
run 1 ls "$root"
is "$err" "Node does not exist: $root"

rc=0
timeout 30 "$zabcli" --server 127.0.0.1:1 ls / 2>/dev/null || rc=$?
[ "$rc" = 3 ] || fail "zabcli against a closed port exited $rc, expected 3"
echo "zabcli_script: OK (against $hosts)"
