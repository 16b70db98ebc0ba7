#!/usr/bin/env bash
# The demo's last step: the checked code serving as a ZooKeeper cluster, and surviving the loss of
# its leader. Run by tests/cluster/with_ensemble.py, which starts three zabd servers on 127.0.0.1,
# hands over their PIDs ($ZK_PIDS, in the order of the connect string) and a FIFO that restarts a
# server ($ZK_CONTROL: "start N"), and stops every server by PID at the end:
#   cluster-demo.sh ZABCLI host1:port,host2:port,host3:port
# Writes through zabcli and reads on every server; finds the leader (four-letter word srvr), kills
# it with SIGKILL and times the election of a new one; reads the data on the survivors; restarts
# the old leader and shows it caught up (the same zk_znode_count in mntr, the same zxid in srvr).
set -euo pipefail
zabcli=$1
IFS=, read -r -a servers <<<"$2"
IFS=, read -r -a pids <<<"${ZK_PIDS:?cluster-demo.sh runs under tests/cluster/with_ensemble.py}"
control=${ZK_CONTROL:?cluster-demo.sh runs under tests/cluster/with_ensemble.py}
path=/demo-$$

# four_letter HOST:PORT WORD: the server's answer, or nothing if it does not answer in 2 s.
four_letter() {
  timeout 2 bash -c 'exec 3<>"/dev/tcp/${1%:*}/${1##*:}" && printf %s "$2" >&3 && cat <&3' \
    _ "$1" "$2" 2>/dev/null || true
}
mode() { four_letter "$1" srvr | sed -n 's/^Mode: //p'; }
zxid() { four_letter "$1" srvr | sed -n 's/^Zxid: //p'; }
znode_count() { four_letter "$1" mntr | awk '$1 == "zk_znode_count" { print $2 }'; }
now() { echo "$EPOCHREALTIME"; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
fail() { echo "cluster-demo: $*" >&2; exit 1; }
# read_all INDEX...: sync, then get the demo node through each of these servers.
read_all() {
  local i
  for i in "$@"; do
    "$zabcli" --server "${servers[$i]}" sync "$path" >/dev/null
    printf '  server %d: %s\n' $((i + 1)) "$("$zabcli" --server "${servers[$i]}" get "$path")"
  done
}

all=("${!servers[@]}")
echo "\$ zabcli --server ${servers[0]} create $path \"written through server 1\""
"$zabcli" --server "${servers[0]}" create "$path" "written through server 1"
for n in 1 2 3; do
  "$zabcli" --server "${servers[$((n % ${#servers[@]}))]}" create "$path/child-$n" "$n" >/dev/null
done
echo "read back on every server (zabcli sync, then get):"
read_all "${all[@]}"

leader=""
for i in "${all[@]}"; do
  [ "$(mode "${servers[$i]}")" = leader ] && leader=$i
done
[ -n "$leader" ] || fail "no server says Mode: leader"
echo "the leader is server $((leader + 1)) (srvr: Mode: leader); kill -9 ${pids[$leader]}"
killed_at=$(now)
kill -9 "${pids[$leader]}"
survivors=()
for i in "${all[@]}"; do [ "$i" = "$leader" ] || survivors+=("$i"); done

# A new leader among the survivors, the others following it: bounded by 30 s.
new_leader=""
until [ -n "$new_leader" ]; do
  followers=0
  for i in "${survivors[@]}"; do
    case "$(mode "${servers[$i]}")" in
      leader) new_leader=$i ;;
      follower) followers=$((followers + 1)) ;;
    esac
  done
  [ "$followers" = $((${#survivors[@]} - 1)) ] || new_leader=""
  [ -n "$new_leader" ] && break
  [ "$(since "$killed_at" | cut -d. -f1)" -lt 30 ] || fail "no new leader 30 s after the kill"
  sleep 0.05
done
echo "server $((new_leader + 1)) leads now, elected $(since "$killed_at") s after the kill;" \
  "the data on the survivors:"
read_all "${survivors[@]}"
"$zabcli" --server "${servers[$new_leader]}" set "$path" "written after the failover"

echo "restarting server $((leader + 1)) on its data directory"
started_at=$(now)
echo "start $((leader + 1))" >"$control"
until [ "$(mode "${servers[$leader]}")" = follower ]; do
  [ "$(since "$started_at" | cut -d. -f1)" -lt 60 ] || fail "server $((leader + 1)) did not rejoin"
  sleep 0.05
done
echo "server $((leader + 1)) follows again after $(since "$started_at") s and reads:"
read_all "$leader"
# Caught up: every server holds as many znodes and has applied the same last zxid.
for attempt in $(seq 50); do
  counts=() zxids=()
  for i in "${all[@]}"; do
    counts+=("$(znode_count "${servers[$i]}")")
    zxids+=("$(zxid "${servers[$i]}")")
  done
  [ "$(printf '%s\n' "${counts[@]}" | sort -u | wc -l)" = 1 ] &&
    [ "$(printf '%s\n' "${zxids[@]}" | sort -u | wc -l)" = 1 ] && break
  [ "$attempt" -lt 50 ] || fail "the servers disagree: zk_znode_count ${counts[*]}, zxid ${zxids[*]}"
  sleep 0.1
done
summary=""
for i in "${all[@]}"; do summary+="  server $((i + 1)): ${counts[$i]} znodes, zxid ${zxids[$i]}"$'\n'; done
echo "caught up (mntr zk_znode_count, srvr Zxid):"
printf '%s' "$summary"
"$zabcli" --server "$2" deleteall "$path"
