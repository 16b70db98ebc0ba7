#!/usr/bin/env bash
# Runs Apache ZooKeeper 3.8 (Debian's zookeeper + libzookeeper-java) on <work dir>/data: a
# one-server ensemble (standaloneEnabled=false, so QuorumPeer reads and writes acceptedEpoch and
# currentEpoch) on 127.0.0.1, or with ZK_STANDALONE=1 a standalone server (no epoch files);
# snapCount=4 so that it rolls logs and takes snapshots.
#   zk38_data_dir.sh <work dir> <client port> <quorum port> <election port> [ops]
# ops: "write" (default): a workload through kazoo and zkCli.sh touching every txn type
#   (createSession, create: persistent, ephemeral, sequential, digest ACL; createContainer,
#   createTTL, setData, setACL, delete, a multi with a check, a failed write (an error txn), a
#   failed multi, closeSession);
# "dump": start on the data directory already there and write every znode (zk_dump_tree.py) to
#   <work dir>/dump.json and the mntr output to <work dir>/mntr.txt;
# "none": start and stop only.
# The server's own log is in <work dir>/logs. Every wait is bounded; the server is stopped by its
# PID (SIGTERM, then SIGKILL after 20 s).
set -euo pipefail
work=$1 client_port=$2 quorum_port=$3 election_port=$4 ops=${5:-write}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$work/conf" "$work/data" "$work/logs"
mode=leader main=org.apache.zookeeper.server.quorum.QuorumPeerMain
[ "${ZK_STANDALONE:-0}" = 1 ] && mode=standalone main=org.apache.zookeeper.server.ZooKeeperServerMain
cat >"$work/conf/zoo.cfg" <<CFG
tickTime=2000
initLimit=5
syncLimit=2
dataDir=$work/data
clientPort=$client_port
clientPortAddress=127.0.0.1
admin.enableServer=false
4lw.commands.whitelist=*
snapCount=4
preAllocSize=1
CFG
if [ "$mode" = leader ]; then
  printf 'standaloneEnabled=false\nserver.1=127.0.0.1:%s:%s\n' "$quorum_port" "$election_port" \
    >>"$work/conf/zoo.cfg"
fi
echo 1 >"$work/data/myid"
cp /etc/zookeeper/conf_example/log4j.properties "$work/conf/"

java -Xmx256m -Dzookeeper.log.dir="$work/logs" -Dzookeeper.root.logger=INFO,ROLLINGFILE \
  -Dzookeeper.extendedTypesEnabled=true \
  -cp "$work/conf:/usr/share/java/zookeeper.jar:/usr/share/java/slf4j-log4j12.jar:/usr/share/java/log4j-1.2.jar" \
  "$main" "$work/conf/zoo.cfg" >"$work/logs/stdout.txt" 2>&1 &
pid=$!
echo "$pid" >"$work/pid"
stop() {
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 200); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
}
trap stop EXIT

srvr() { timeout 5 bash -c "exec 3<>/dev/tcp/127.0.0.1/$client_port; printf srvr >&3; cat <&3" 2>/dev/null || true; }
for _ in $(seq 300); do
  srvr | grep -q "Mode: $mode" && break
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
srvr | grep -q "Mode: $mode" || {
  echo "ZooKeeper is not serving as $mode; its log:" >&2
  tail -n 40 "$work/logs/zookeeper.log" "$work/logs/stdout.txt" >&2 || true
  exit 1
}

if [ "$ops" = write ]; then
  timeout 60 /usr/bin/python3 - "$client_port" <<'PY'
import sys
from kazoo.client import KazooClient
from kazoo.exceptions import NodeExistsError
from kazoo.security import make_digest_acl
zk = KazooClient(hosts="127.0.0.1:" + sys.argv[1], timeout=10.0)
zk.start()
zk.create("/app", b"config-v1")
zk.create("/app/worker", b"w" * 40)
zk.create("/app/lock-", b"", ephemeral=True, sequence=True)
zk.create("/app/eph", b"mine", ephemeral=True)
zk.create("/secret", b"s3cr3t", acl=[make_digest_acl("alice", "pw", all=True)])
zk.set("/app", b"config-v2")
zk.set_acls("/app/worker", [make_digest_acl("bob", "pw", read=True, write=True)])
try:
    zk.create("/app", b"again")
except NodeExistsError:
    pass
t = zk.transaction(); t.check("/app", 1); t.create("/m1", b"1"); t.create("/m2", "ü".encode()); t.commit()
t = zk.transaction(); t.create("/m3", b"3"); t.check("/app", 99); t.commit()
zk.delete("/m1")
zk.create("/q/items/item-", b"x", sequence=True, makepath=True)
zk.stop(); zk.close()
PY
  timeout 60 /usr/share/zookeeper/bin/zkCli.sh -server "127.0.0.1:$client_port" >"$work/logs/zkcli.txt" 2>&1 <<'CLI'
create -c /cont
create /cont/child data
create -t 600000 /ttl ttl-data
set /ttl ttl-data-2
quit
CLI
fi
if [ "$ops" = dump ]; then
  timeout 60 /usr/bin/python3 "$here/zk_dump_tree.py" "$client_port" >"$work/dump.json"
  timeout 5 bash -c "exec 3<>/dev/tcp/127.0.0.1/$client_port; printf mntr >&3; cat <&3" \
    >"$work/mntr.txt" 2>/dev/null || true
fi
