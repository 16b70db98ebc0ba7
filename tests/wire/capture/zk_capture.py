#!/usr/bin/python3
"""Records real ZooKeeper 3.8 traffic for the wire tests.

Starts a 3-server Apache ZooKeeper ensemble (Debian's `zookeeper` package) on 127.0.0.1 with a
logging TCP proxy in front of every client, quorum and election port, so that every byte between
clients and servers and between the servers themselves passes through a proxy. Then drives it with
kazoo (python3-kazoo), zkCli.sh (the Java client), the C client (c_client.c, built with gcc against
libzookeeper-mt-dev) and a few hand-built frames for operations no client sends, re-attaches a
session on another server (REVALIDATE), and restarts a follower with an empty data directory so
that the leader sends it a SNAP. Writes every chunk each proxy forwarded:

    # comment lines
    <kind> <connection> <c2s|s2c> <hex bytes>

kind is client, quorum or election; c2s is from the side that connected (a client, a learner, the
election initiator). Every process started is stopped by PID; every wait is bounded.
"""

import argparse
import ctypes
import os
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ZK_JAR = "/usr/share/java/zookeeper.jar"
LOG_JARS = ["/usr/share/java/slf4j-log4j12.jar", "/usr/share/java/log4j-1.2.jar"]
ZKCLI = "/usr/share/zookeeper/bin/zkCli.sh"
LOG4J = "/etc/zookeeper/conf_example/log4j.properties"
SERVERS = (1, 2, 3)


def die_with_parent():
    # PR_SET_PDEATHSIG: a child outlives neither this script nor the test that runs it.
    ctypes.CDLL("libc.so.6").prctl(1, signal.SIGKILL)


def free_ports(n):
    socks, ports = [], []
    for _ in range(n):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        socks.append(s)
        ports.append(s.getsockname()[1])
    for s in socks:
        s.close()
    return ports


class Capture:
    """The chunks every proxy forwarded, in order per direction."""

    def __init__(self):
        self.lock = threading.Lock()
        self.lines = []
        self.next_conn = 0

    def connection(self):
        with self.lock:
            self.next_conn += 1
            return self.next_conn

    def add(self, kind, conn, direction, data):
        with self.lock:
            self.lines.append(f"{kind} {conn} {direction} {data.hex()}")


class Proxy:
    def __init__(self, capture, kind, listen_port, upstream_port):
        self.capture, self.kind = capture, kind
        self.listen_port, self.upstream_port = listen_port, upstream_port
        self.server = socket.socket()
        self.server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.server.bind(("127.0.0.1", listen_port))
        self.server.listen(64)
        self.sockets = []
        self.stopped = False
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while not self.stopped:
            try:
                client, _ = self.server.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.upstream_port), timeout=5)
                upstream.settimeout(None)
            except OSError:
                client.close()
                continue
            conn = self.capture.connection()
            self.sockets += [client, upstream]
            threading.Thread(target=self.pump, args=(client, upstream, conn, "c2s"), daemon=True).start()
            threading.Thread(target=self.pump, args=(upstream, client, conn, "s2c"), daemon=True).start()

    def pump(self, src, dst, conn, direction):
        while True:
            try:
                data = src.recv(65536)
            except OSError:
                data = b""
            if not data:
                break
            self.capture.add(self.kind, conn, direction, data)
            try:
                dst.sendall(data)
            except OSError:
                break
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def drop_connections(self):
        """Closes every connection so far, as a network failure would."""
        sockets, self.sockets = self.sockets, []
        for s in sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
                s.close()
            except OSError:
                pass

    def stop(self):
        self.stopped = True
        self.server.close()
        self.drop_connections()


class Ensemble:
    def __init__(self, root, capture):
        self.root = root
        ports = free_ports(18)
        self.real = {i: dict(client=ports[3 * k], quorum=ports[3 * k + 1], election=ports[3 * k + 2])
                     for k, i in enumerate(SERVERS)}
        self.proxy = {i: dict(client=ports[9 + 3 * k], quorum=ports[10 + 3 * k],
                              election=ports[11 + 3 * k]) for k, i in enumerate(SERVERS)}
        self.proxies = [Proxy(capture, kind, self.proxy[i][kind], self.real[i][kind])
                        for i in SERVERS for kind in ("client", "quorum", "election")]
        self.procs = {}

    def client_proxy(self, i):
        return next(p for p in self.proxies
                    if p.kind == "client" and p.upstream_port == self.real[i]["client"])

    def write_config(self, i):
        base = os.path.join(self.root, str(i))
        os.makedirs(os.path.join(base, "data"), exist_ok=True)
        os.makedirs(os.path.join(base, "conf"), exist_ok=True)
        os.makedirs(os.path.join(base, "logs"), exist_ok=True)
        with open(os.path.join(base, "data", "myid"), "w") as f:
            f.write(f"{i}\n")
        shutil.copy(LOG4J, os.path.join(base, "conf", "log4j.properties"))
        lines = [
            "tickTime=1000", "initLimit=20", "syncLimit=10",
            f"dataDir={base}/data", f"clientPort={self.real[i]['client']}",
            "clientPortAddress=127.0.0.1", "admin.enableServer=false",
            "4lw.commands.whitelist=*", "maxClientCnxns=0",
        ]
        # A server listens on its own real ports and reaches the others through their proxies.
        for j in SERVERS:
            ports = self.real[j] if j == i else self.proxy[j]
            lines.append(f"server.{j}=127.0.0.1:{ports['quorum']}:{ports['election']}")
        with open(os.path.join(base, "conf", "zoo.cfg"), "w") as f:
            f.write("\n".join(lines) + "\n")

    def start(self, i):
        base = os.path.join(self.root, str(i))
        cmd = ["java", "-Xmx192m", "-XX:+UseSerialGC", f"-Dzookeeper.log.dir={base}/logs",
               "-Dzookeeper.root.logger=INFO,ROLLINGFILE",
               # No txn-log based sync, so that a learner behind the committed log gets a SNAP.
               "-Dzookeeper.snapshotSizeFactor=-1",
               "-cp", ":".join([f"{base}/conf", ZK_JAR] + LOG_JARS),
               "org.apache.zookeeper.server.quorum.QuorumPeerMain", f"{base}/conf/zoo.cfg"]
        out = open(os.path.join(base, "logs", "stdout.txt"), "a")
        self.procs[i] = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT,
                                         preexec_fn=die_with_parent)

    def stop(self, i):
        proc = self.procs.pop(i, None)
        if proc is None:
            return
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=20)

    def mode(self, i):
        try:
            with socket.create_connection(("127.0.0.1", self.real[i]["client"]), timeout=2) as s:
                s.sendall(b"srvr")
                out = b""
                while True:
                    chunk = s.recv(4096)
                    if not chunk:
                        break
                    out += chunk
        except OSError:
            return None
        for line in out.decode(errors="replace").splitlines():
            if line.startswith("Mode: "):
                return line[len("Mode: "):]
        return None

    def wait_serving(self, servers, deadline):
        while time.time() < deadline:
            modes = {i: self.mode(i) for i in servers}
            if all(m in ("leader", "follower") for m in modes.values()):
                return modes
            time.sleep(0.5)
        raise RuntimeError(f"ensemble not serving before the deadline: {modes}")


# ---- hand-built frames for operations kazoo and zkCli do not send ------------------------------

def jstr(s):
    b = s.encode()
    return struct.pack(">i", len(b)) + b


def jstrs(items):
    return struct.pack(">i", len(items)) + b"".join(jstr(s) for s in items)


class RawClient:
    def __init__(self, port, session_id=0, password=bytes(16)):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=15)
        self.send(struct.pack(">iqiq", 0, 0, 10000, session_id) + struct.pack(">i", 16) +
                  password + b"\0")
        self.read_frame()

    def send(self, payload):
        self.sock.sendall(struct.pack(">i", len(payload)) + payload)

    def read_frame(self):
        head = self.recv_exact(4)
        return self.recv_exact(struct.unpack(">i", head)[0])

    def recv_exact(self, n):
        out = b""
        while len(out) < n:
            chunk = self.sock.recv(n - len(out))
            if not chunk:
                raise EOFError("server closed the connection")
            out += chunk
        return out

    def call(self, xid, op, body=b""):
        self.send(struct.pack(">ii", xid, op) + body)
        while True:
            frame = self.read_frame()
            rxid, _, err = struct.unpack(">iqi", frame[:16])
            if rxid == xid:
                return err

    def close(self):
        self.sock.close()


def raw_workload(port):
    c = RawClient(port)
    c.call(1, 1, jstr("/wire/raw") + struct.pack(">i", -1) +  # create with null data
           struct.pack(">ii", 1, 31) + jstr("world") + jstr("anyone") + struct.pack(">i", 0))
    c.call(2, 4, jstr("/wire/raw") + b"\0")                       # getData: null data back
    c.call(3, 101, struct.pack(">q", 0) + jstrs(["/wire/raw"]) + jstrs(["/wire/none"]) +
           jstrs(["/wire"]))                                       # setWatches
    c.call(4, 105, struct.pack(">q", 0) + jstrs([]) + jstrs([]) + jstrs([]) +
           jstrs(["/wire/raw"]) + jstrs(["/wire"]))                # setWatches2
    c.call(5, 22, struct.pack(">ibi", 4, 0, -1) + jstr("/wire/raw") + b"\0" +
           struct.pack(">ibi", 8, 0, -1) + jstr("/wire") + b"\0" +
           struct.pack(">ibi", 4, 0, -1) + jstr("/wire/missing") + b"\0" +
           struct.pack(">ibi", -1, 1, -1))                          # multiRead
    c.call(6, 17, jstr("/wire/raw") + struct.pack(">i", 2))        # checkWatches
    c.call(7, 18, jstr("/wire/missing") + struct.pack(">i", 1))    # removeWatches: NOWATCHER
    c.call(8, 2, jstr("/wire/raw") + struct.pack(">i", -1))        # delete: notifications first
    c.call(9, 103, jstr("/"))                                       # getEphemerals
    c.call(10, 16, jstr("server.9=127.0.0.1:1:2") + struct.pack(">i", -1) +
           struct.pack(">i", -1) + struct.pack(">q", -1))          # reconfig: RECONFIGDISABLED
    c.call(11, 99)                                                  # unknown: UNIMPLEMENTED
    try:
        c.read_frame()  # the server closes the connection after UNIMPLEMENTED
    except (EOFError, OSError):
        pass
    c.close()


# ---- kazoo and zkCli ------------------------------------------------------------------------

def kazoo_workload(port, other_port):
    from kazoo.client import KazooClient
    from kazoo.security import make_digest_acl

    events = []
    zk = KazooClient(hosts=f"127.0.0.1:{port}", timeout=10.0)
    zk.start(timeout=30)
    zk.ensure_path("/wire/a")
    zk.create("/wire/a/x", b"hello")
    zk.create("/wire/a/seq-", b"", ephemeral=True, sequence=True, include_data=True)
    zk.get("/wire/a/x", watch=events.append)
    zk.set("/wire/a/x", b"changed")                     # NodeDataChanged before the reply
    zk.exists("/wire/a/late", watch=events.append)      # watch on a missing node
    zk.create("/wire/a/late", b"")                      # NodeCreated
    zk.get_children("/wire/a", watch=events.append)
    zk.get_children("/wire/a", include_data=True)       # getChildren2
    zk.get_acls("/wire/a/x")
    zk.set_acls("/wire/a/x", zk.get_acls("/wire/a/x")[0])
    zk.sync("/wire/a")
    t = zk.transaction()
    t.create("/wire/a/t", b"1")
    t.set_data("/wire/a/t", b"2")
    t.check("/wire/a/t", 1)
    t.delete("/wire/a/t")
    t.commit()
    t = zk.transaction()                                # fails: every result an error
    t.create("/wire/a/u", b"")
    t.check("/wire/a/x", 99)
    t.commit()
    zk.add_auth("digest", "alice:secret")
    zk.create("/wire/a/private", b"s", acl=[make_digest_acl("alice", "secret", all=True)])
    zk.get("/wire/a/private")
    zk.delete("/wire/a/private")
    zk.delete("/wire/a", recursive=True)
    time.sleep(5)                                       # a few pings (kazoo: about every T/3)
    # The same session attached on another server: that follower asks the leader (REVALIDATE).
    session_id, password = zk.client_id
    other = RawClient(other_port, session_id, password)
    other.close()
    try:
        zk.stop()
    finally:
        zk.close()


ZKCLI_COMMANDS = """create /wire/zkcli data
create -c /wire/cont
create /wire/cont/child x
get -w /wire/zkcli
addWatch -m PERSISTENT_RECURSIVE /wire/zkcli
whoami
getEphemerals
getAllChildrenNumber /wire
ls -s /wire
stat /wire/zkcli
getAcl /wire/zkcli
setAcl /wire/zkcli world:anyone:cdrwa
addauth digest bob:pw
sync /wire
create -t 5000 /wire/ttl x
set /wire/zkcli new
removewatches /wire/zkcli -a
deleteall /wire/cont
delete /wire/zkcli
config
quit
"""


def zkcli_workload(port, deadline):
    # zkCli.sh runs java as its child: its own process group, so a timeout stops both.
    env = dict(os.environ, CLIENT_JVMFLAGS="-Xmx128m")
    proc = subprocess.Popen([ZKCLI, "-server", f"127.0.0.1:{port}"], stdin=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
                            start_new_session=True, preexec_fn=die_with_parent)
    try:
        proc.communicate(ZKCLI_COMMANDS.encode(), timeout=max(10, deadline - time.time()))
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def c_client_workload(root, proxy, deadline):
    """The C client: watches, a multi, a dropped connection and its setWatches (xid -8)."""
    exe = os.path.join(root, "c_client")
    subprocess.run(["gcc", "-O1", "-DTHREADED", os.path.join(HERE, "c_client.c"), "-o", exe,
                    "-lzookeeper_mt"], check=True, timeout=max(10, deadline - time.time()))
    proc = subprocess.Popen([exe, f"127.0.0.1:{proxy.listen_port}"], stdout=subprocess.PIPE,
                            preexec_fn=die_with_parent)
    try:
        ready, _, _ = select.select([proc.stdout], [], [], max(1, min(60, deadline - time.time())))
        if not ready or proc.stdout.readline().strip() != b"watching":
            raise RuntimeError("the C client did not reach its watches")
        proxy.drop_connections()
        status = proc.wait(timeout=max(1, min(60, deadline - time.time())))
        if status != 0:
            raise RuntimeError(f"the C client failed with status {status}")
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=10)


def run(out_path, budget_s):
    deadline = time.time() + budget_s
    capture = Capture()
    root = tempfile.mkdtemp(prefix="zk-capture-")
    ensemble = Ensemble(root, capture)
    try:
        for i in SERVERS:
            ensemble.write_config(i)
            ensemble.start(i)
        modes = ensemble.wait_serving(SERVERS, deadline)
        leader = next(i for i, m in modes.items() if m == "leader")
        followers = [i for i in SERVERS if i != leader]
        client_port = lambda i: ensemble.proxy[i]["client"]
        kazoo_workload(client_port(followers[0]), client_port(followers[1]))
        zkcli_workload(client_port(leader), deadline)
        raw_workload(client_port(followers[1]))
        c_client_workload(root, ensemble.client_proxy(followers[0]), deadline)
        # A follower that lost its data syncs by SNAP.
        lagging = followers[1]
        ensemble.stop(lagging)
        shutil.rmtree(os.path.join(root, str(lagging), "data", "version-2"), ignore_errors=True)
        ensemble.start(lagging)
        ensemble.wait_serving([lagging], deadline)
        time.sleep(2)  # pings after the sync
    finally:
        for i in list(ensemble.procs):
            ensemble.stop(i)
        for p in ensemble.proxies:
            p.stop()
        time.sleep(0.2)
        with capture.lock:
            lines = list(capture.lines)
        with open(out_path, "w") as f:
            f.write("# ZooKeeper 3.8 traffic recorded by tests/wire/capture/zk_capture.py\n")
            f.write("# <kind> <connection> <c2s|s2c> <hex bytes>\n")
            f.write("\n".join(lines) + "\n")
        shutil.rmtree(root, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True)
    parser.add_argument("--budget-s", type=float, default=240)
    args = parser.parse_args()
    for path in [ZK_JAR, ZKCLI, LOG4J, "/usr/include/zookeeper/zookeeper.h"] + LOG_JARS:
        if not os.path.exists(path):
            print(f"missing {path}: install zookeeper libslf4j-java liblog4j1.2-java "
                  "python3-kazoo libzookeeper-mt-dev", file=sys.stderr)
            return 2
    run(args.out, args.budget_s)
    return 0


if __name__ == "__main__":
    sys.exit(main())
