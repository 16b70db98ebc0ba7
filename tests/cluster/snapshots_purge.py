#!/usr/bin/python3
"""zabd takes snapCount snapshots, starts new log segments, and autopurge keeps the newest N.

    snapshots_purge.py --zabd PATH [--writes 300] [--warmup 2000] [--churn 6000]
                       [--rss-growth-max-kb 1024]

A 3-server zabd ensemble with snapCount=20 takes `--writes` creates; then every data directory
holds several snapshot.* and log.* files, Apache ZooKeeper 3.8's own SnapshotFormatter reads the
newest snapshot of each server (its znodes are the creates up to its zxid, as the file name
says) and TxnLogToolkit reads every log of one server (together they hold every create, with no
CRC error). Then, after `--warmup` setData writes to the same znodes (the tree does not grow; the
allocator and the buffers settle), `--churn` more must leave each server's RSS within
`--rss-growth-max-kb` of where it was (the bounded history of QuorumConfig::keep_history). Then
all three restart with autopurge.snapRetainCount=3 and autopurge.purgeInterval=1: the purge at
start leaves at most 3 snapshots and only the logs they need, says what it removed, and after
another restart from the purged directories every znode is still there.

Measured with bench/zabd_memory.py (3-server zabd ensemble, snapCount=100, 100-byte setData
writes round-robin on 100 znodes, VmRSS of each server, two runs agreeing within 0.1 MB): before
issue 12's change (commit 58dd95a) 8.7-8.9 MB after 2,000 writes, 12.2-13.2 MB after 10,000 and
16.6-18.5 MB after 20,000 (about 0.5 KB kept per write: every txn in the ghost history and the
log mirror); after it 8.4-8.6 MB after 2,000, 10,000 and 20,000 writes alike.

Every process is stopped by its PID (tests/cluster/ensemble.py); every wait is bounded.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ensemble import Ensemble, EnsembleConfig, EnsembleError  # noqa: E402
from kazoo_load import set_data_pipelined  # noqa: E402

ZOOKEEPER_JAR = "/usr/share/java/zookeeper.jar"
CLASSPATH = ":".join((ZOOKEEPER_JAR, "/usr/share/java/slf4j-log4j12.jar",
                      "/usr/share/java/log4j-1.2.jar"))
SNAP_COUNT = 20


class Failure(Exception):
    pass


def check(condition: bool, message: str) -> None:
    if not condition:
        raise Failure(message)


def zxid_files(folder: Path, prefix: str) -> list[tuple[int, Path]]:
    """Files named <prefix>.<hex zxid>, oldest first (Util.getZxidFromName)."""
    out = []
    for path in folder.glob(prefix + ".*"):
        suffix = path.name[len(prefix) + 1:]
        if re.fullmatch(r"[0-9a-f]+", suffix):
            out.append((int(suffix, 16), path))
    return sorted(out)


def version2(ens: Ensemble, sid: int) -> Path:
    return ens.server(sid).data_dir / "version-2"


def java(main_class: str, *args: str) -> str:
    result = subprocess.run(["timeout", "120", "java", "-cp", CLASSPATH, main_class, *args],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            timeout=150)
    check(result.returncode == 0, f"{main_class} {' '.join(args)} exited with "
          f"{result.returncode}:\n{result.stdout[-3000:]}")
    return result.stdout


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise Failure(f"no VmRSS in /proc/{pid}/status")


def wait_for(what: str, predicate, timeout_s: float) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise Failure(f"timed out after {timeout_s} s waiting for {what}")
        time.sleep(0.2)


def all_servers_have(ens: Ensemble, names: set[str]) -> None:
    """Every server serves /snap with exactly `names` (after a sync through it)."""
    from kazoo.client import KazooClient
    for server in ens.servers:
        client = KazooClient(hosts=server.address, timeout=15)
        client.start(timeout=30)
        try:
            client.sync("/snap")
            children = set(client.get_children("/snap"))
            check(children == names, f"server {server.sid} has {len(children)} of the "
                  f"{len(names)} znodes under /snap")
            data, _ = client.get("/snap/n0")
            check(data == b"v0", f"server {server.sid}: /snap/n0 holds {data!r}")
        finally:
            client.stop()
            client.close()


def write(ens: Ensemble, count: int, churn: int) -> None:
    """Creates /snap/n0.. /snap/n<count-1> unless `churn`, else `churn` setData round-robin over
    all but /snap/n0 (64 in flight)."""
    from kazoo.client import KazooClient
    client = KazooClient(hosts=ens.hosts(), timeout=15)
    client.start(timeout=30)
    try:
        client.ensure_path("/snap")
        for i in range(0 if churn else count):
            client.create(f"/snap/n{i}", f"v{i}".encode())
        set_data_pipelined(client, (f"/snap/n{1 + i % (count - 1)}" for i in range(churn)),
                           b"x" * 100)
    finally:
        client.stop()
        client.close()


def check_snapshots_and_logs(ens: Ensemble, count: int) -> None:
    for server in ens.servers:
        snaps = zxid_files(version2(ens, server.sid), "snapshot")
        logs = zxid_files(version2(ens, server.sid), "log")
        print(f"server {server.sid}: {len(snaps)} snapshots, {len(logs)} logs", flush=True)
        check(len(snaps) >= 5, f"server {server.sid} has {len(snaps)} snapshots after {count} "
              f"writes with snapCount={SNAP_COUNT}")
        check(len(logs) >= 5, f"server {server.sid} has {len(logs)} log segments")
        # SnapshotFormatter on the newest: the creates up to its zxid, nothing after.
        zxid, newest = snaps[-1]
        out = java("org.apache.zookeeper.server.SnapshotFormatter", "-d", str(newest))
        last = re.search(r"Last zxid: (0x[0-9a-f]+)", out)
        check(last is not None and int(last.group(1), 16) == zxid,
              f"{newest}: SnapshotFormatter says {last and last.group(0)}")
        held = {int(m) for m in re.findall(r"^/snap/n(\d+)$", out, re.M)}
        check(held == set(range(len(held))) and len(held) >= count // 2,
              f"{newest} holds {len(held)} of the creates, not a prefix of them")
    # TxnLogToolkit on every log of server 1: each create once, no damage.
    created: list[int] = []
    for _, path in zxid_files(version2(ens, 1), "log"):
        out = java("org.apache.zookeeper.server.persistence.TxnLogToolkit", str(path))
        check("CRC ERROR" not in out, f"{path}: CRC ERROR\n{out[-2000:]}")
        check(re.search(r"EOF reached after \d+ txns\.", out) is not None, f"{path}:\n{out[-2000:]}")
        created += [int(m) for m in re.findall(r" create /snap/n(\d+),", out)]
    check(sorted(created) == list(range(count)),
          f"the logs of server 1 hold {len(created)} creates for {count} writes")


def check_purged(ens: Ensemble) -> None:
    for server in ens.servers:
        wait_for(f"server {server.sid}'s purge",
                 lambda: "Purge task completed" in server.log_path.read_text(), 60)
        text = server.log_path.read_text()
        line = re.findall(r"Purge task completed: removed (\d+) file\(s\): (.*)", text)
        check(line, f"server {server.sid}: no purge removed anything\n{text[-2000:]}")
        snaps = zxid_files(version2(ens, server.sid), "snapshot")
        logs = zxid_files(version2(ens, server.sid), "log")
        print(f"server {server.sid} after the purge: {len(snaps)} snapshots, {len(logs)} logs; "
              f"removed {line[-1][0]} files", flush=True)
        check(1 <= len(snaps) <= 3, f"server {server.sid} kept {len(snaps)} snapshots")
        oldest = snaps[0][0]
        # The logs the retained snapshots need: the one that starts at or before the oldest of
        # them, and every later one.
        check(sum(1 for start, _ in logs if start <= oldest) <= 1,
              f"server {server.sid} kept logs older than its oldest snapshot needs: {logs}")


def restart_all(ens: Ensemble, extra: dict[str, str]) -> None:
    for server in ens.servers:
        ens.terminate(server.sid)
    ens.config.cfg_extra.update(extra)
    ens.write_configs()
    for server in ens.servers:
        ens.start_server(server.sid)
    ens.wait_ready(timeout_s=90)


def main() -> int:
    parser = argparse.ArgumentParser(usage=__doc__)
    parser.add_argument("--zabd", required=True)
    parser.add_argument("--writes", type=int, default=300)
    parser.add_argument("--warmup", type=int, default=2000)
    parser.add_argument("--churn", type=int, default=6000)
    parser.add_argument("--rss-growth-max-kb", type=int, default=1024)
    args = parser.parse_args()
    config = EnsembleConfig(kind="zabd", size=3, zabd_path=args.zabd,
                            cfg_extra={"snapCount": str(SNAP_COUNT)})
    try:
        with Ensemble(config) as ens:
            ens.wait_ready(timeout_s=90)
            write(ens, args.writes, 0)
            names = {f"n{i}" for i in range(args.writes)}
            all_servers_have(ens, names)
            check_snapshots_and_logs(ens, args.writes)

            write(ens, args.writes, args.warmup)
            all_servers_have(ens, names)
            before = {s.sid: rss_kb(s.pid) for s in ens.servers}
            write(ens, args.writes, args.churn)
            all_servers_have(ens, names)
            after = {s.sid: rss_kb(s.pid) for s in ens.servers}
            print(f"RSS after {args.writes + args.warmup} writes {before} KB, after "
                  f"{args.churn} more {after} KB", flush=True)
            for sid in before:
                check(after[sid] - before[sid] <= args.rss_growth_max_kb,
                      f"server {sid}'s RSS grew from {before[sid]} KB to {after[sid]} KB over "
                      f"{args.churn} setData writes that do not grow the tree")

            restart_all(ens, {"autopurge.snapRetainCount": "3", "autopurge.purgeInterval": "1"})
            check_purged(ens)
            all_servers_have(ens, names)
            restart_all(ens, {})  # from the purged directories
            all_servers_have(ens, names)
    except (Failure, EnsembleError) as e:
        print(f"FAIL: {e}", file=sys.stderr)
        return 1
    print("PASS", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
