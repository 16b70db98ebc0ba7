#!/usr/bin/python3
"""The ensemble harness tested against a real ensemble (Apache ZooKeeper 3.8 by default):
a 3-server ensemble elects one leader; a write through one server is read through another;
kill -9 of the leader gives a new leader that still has the write and takes new ones; the old
leader restarts and catches up; stop_all leaves no process behind.

    /usr/bin/python3 tests/cluster/ensemble_test.py [--kind apache|zabd] [--zabd PATH]
"""

import argparse
import os
import socket
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ensemble import Ensemble, EnsembleConfig, EnsembleError, four_letter, free_ports, parse_srvr  # noqa: E402

from kazoo.client import KazooClient  # noqa: E402

CLIENT_TIMEOUT_S = 10.0


def check(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)


def step(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def connect(hosts: str) -> KazooClient:
    client = KazooClient(hosts=hosts, timeout=CLIENT_TIMEOUT_S)
    client.start(timeout=CLIENT_TIMEOUT_S)
    return client


def check_helpers() -> None:
    """The pieces that need no server."""
    ports = free_ports(12)
    check(len(set(ports)) == 12, f"free_ports gave duplicates: {ports}")
    fields = parse_srvr("Zookeeper version: 3.8.0\nZxid: 0x100000000\nMode: follower\n")
    check(fields["Mode"] == "follower" and fields["Zxid"] == "0x100000000", str(fields))
    check(parse_srvr("This ZooKeeper instance is not currently serving requests\n") == {},
          "a non-serving answer has no fields")
    try:
        four_letter("127.0.0.1", free_ports(1)[0], "srvr", timeout_s=1.0)
        raise AssertionError("four_letter to a closed port did not fail")
    except (ConnectionRefusedError, socket.timeout):
        pass
    try:
        Ensemble(EnsembleConfig(kind="zabd", zabd_path="/nonexistent/zabd"))
        raise AssertionError("a missing zabd binary was accepted")
    except EnsembleError as error:
        check("/nonexistent/zabd" in str(error), str(error))


def check_stopped(pids: list[int]) -> None:
    for pid in pids:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            continue
        raise AssertionError(f"process {pid} still exists after stop_all")


def run(kind: str, zabd: str | None) -> None:
    check_helpers()
    ensemble = Ensemble(EnsembleConfig(kind=kind, size=3, zabd_path=zabd))
    pids = []
    clients = []
    try:
        started = time.monotonic()
        ensemble.start()
        pids += [s.pid for s in ensemble.servers]
        leader = ensemble.wait_ready(timeout_s=60)
        step(f"leader {leader} after {time.monotonic() - started:.1f} s; pids {pids}")
        followers = ensemble.followers()
        check(len(followers) == 2 and leader not in followers, f"followers {followers}")
        # Exactly one leader, the others follow (asked directly, not through wait_ready).
        modes = {s.sid: ensemble.mode(s.sid) for s in ensemble.servers}
        check(sorted(modes.values()) == ["follower", "follower", "leader"], str(modes))

        # Write through a follower (forwarded to the leader), read through the other follower.
        writer = connect(ensemble.hosts([followers[0]]))
        reader = connect(ensemble.hosts([followers[1]]))
        clients += [writer, reader]
        writer.create("/harness", b"one")
        reader.sync("/harness")
        data, stat = reader.get("/harness")
        check(data == b"one", f"read {data!r} through server {followers[1]}")
        step(f"wrote through {followers[0]}, read through {followers[1]}")

        # kill -9 of the leader: a new leader, the write survives, new writes are taken.
        killed_at = time.monotonic()
        old_pid = ensemble.server(leader).pid
        ensemble.kill(leader)
        check(not ensemble.server(leader).running(), "killed leader still running")
        new_leader = ensemble.wait_ready(timeout_s=30)
        step(f"killed leader {leader} (pid {old_pid}); new leader {new_leader} after "
             f"{time.monotonic() - killed_at:.1f} s")
        check(new_leader != leader, f"leader {leader} was killed but still leads")
        for client in clients:
            client.stop()
            client.close()
        clients.clear()
        survivor = connect(ensemble.hosts([new_leader]))
        clients.append(survivor)
        check(survivor.get("/harness")[0] == b"one", "the write was lost in the failover")
        survivor.set("/harness", b"two")

        # The old leader restarts and catches up.
        ensemble.start_server(leader)
        pids.append(ensemble.server(leader).pid)
        check(ensemble.wait_ready(timeout_s=60) == new_leader, "leadership moved on restart")
        check(ensemble.mode(leader) == "follower", f"restarted server {leader} does not follow")
        rejoined = connect(ensemble.hosts([leader]))
        clients.append(rejoined)
        rejoined.sync("/harness")
        check(rejoined.get("/harness")[0] == b"two", "the restarted server did not catch up")
        step(f"server {leader} restarted as a follower and caught up")
    finally:
        for client in clients:
            try:
                client.stop()
                client.close()
            except Exception as error:  # a client of a dead server may fail to stop cleanly
                print(f"closing a client: {error}", file=sys.stderr)
        ensemble.stop_all()
    check_stopped(pids)
    check(not ensemble.base_dir.exists(), f"{ensemble.base_dir} left behind")
    step(f"stopped every server by PID {pids}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kind", choices=("apache", "zabd"), default="apache")
    parser.add_argument("--zabd", help="zabd binary (default: $ZABD)")
    args = parser.parse_args()
    run(args.kind, args.zabd)
    print("ensemble_test: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
