"""A rolling replacement (issue 15): the servers of a running Apache ZooKeeper 3.8 ensemble are
replaced by zabd one at a time, on the same ports, zoo.cfg and data directories, while clients
keep working; then the reverse, zabd -> Apache ZooKeeper.

    /usr/bin/python3 tests/cluster/rolling_replacement.py --zabd build/bin/zabd [--dwell-s 3]

The workload is two kazoo sessions, each given every server (kazoo picks one and fails over when
it goes): a writer creating /roll/w-<n> one after another, and a reader doing sync() +
getChildren and checking that it sees every create acknowledged before its sync began. At each
step one server is stopped with SIGTERM and the other kind started in its place; once the
ensemble serves again with one leader, a fresh session connected to that server alone must read
every acknowledged create after sync (it loaded the other kind's snapshot and logs, or synced
from the leader). At the end, with the workload stopped, every server must list every
acknowledged create and report the same znode count. Failing checks, or any client error other
than a connection loss (no session may expire), exit 1. Every process is stopped by PID.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from dataclasses import dataclass

from kazoo.client import KazooClient
from kazoo.exceptions import ConnectionLoss, OperationTimeoutError
from kazoo.handlers.threading import KazooTimeoutError

from ensemble import Ensemble, EnsembleConfig, EnsembleError

ROOT = "/roll"
CLIENT_TIMEOUT_S = 15
# A request that may or may not have taken effect: the connection went (the server was stopped).
LOSSES = (ConnectionLoss, OperationTimeoutError, KazooTimeoutError)


class Workload:
    """The writer and the reader, each a thread with its own session."""

    def __init__(self, hosts: str):
        self.writer = KazooClient(hosts=hosts, timeout=CLIENT_TIMEOUT_S)
        self.reader = KazooClient(hosts=hosts, timeout=CLIENT_TIMEOUT_S)
        self.lock = threading.Lock()
        self.acked: list[str] = []  # names of the creates the server acknowledged, in order
        self.unknown = 0  # creates whose answer was lost with the connection
        self.reads = 0
        self.losses = 0
        self.errors: list[str] = []
        self.phase = "start"
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self._write, daemon=True),
                        threading.Thread(target=self._read, daemon=True)]

    def start(self) -> None:
        for client in (self.writer, self.reader):
            client.start(timeout=CLIENT_TIMEOUT_S)
        self.writer.ensure_path(ROOT)
        for thread in self.threads:
            thread.start()

    def stop(self) -> None:
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout=2 * CLIENT_TIMEOUT_S)
        for client in (self.writer, self.reader):
            client.stop()
            client.close()

    def acknowledged(self) -> list[str]:
        with self.lock:
            return list(self.acked)

    def _error(self, what: str, error: Exception) -> None:
        with self.lock:
            self.errors.append(f"{self.phase}: {what}: {error!r}")

    def _write(self) -> None:
        n = 0
        while not self.stopping.is_set():
            name = f"w-{n:07d}"
            n += 1
            try:
                self.writer.create(f"{ROOT}/{name}", str(n).encode())
                with self.lock:
                    self.acked.append(name)
            except LOSSES:
                with self.lock:
                    self.unknown += 1
                    self.losses += 1
                time.sleep(0.05)
            except Exception as error:  # noqa: BLE001 - every other error fails the run
                self._error(f"create {name}", error)
                time.sleep(0.05)
            time.sleep(0.01)

    def _read(self) -> None:
        while not self.stopping.is_set():
            before = self.acknowledged()
            try:
                self.reader.sync(ROOT)
                children = set(self.reader.get_children(ROOT))
                missing = [name for name in before if name not in children]
                if missing:
                    self._error("sync + getChildren",
                                AssertionError(f"missed {len(missing)} acknowledged creates, "
                                               f"first {missing[0]}"))
                with self.lock:
                    self.reads += 1
            except LOSSES:
                with self.lock:
                    self.losses += 1
                time.sleep(0.05)
            except Exception as error:  # noqa: BLE001
                self._error("sync + getChildren", error)
                time.sleep(0.05)
            time.sleep(0.1)


def read_all(ensemble: Ensemble, sid: int, expected: list[str]) -> int:
    """A fresh session on server `sid` alone: sync, then every expected name must be listed.
    Returns how many children it listed."""
    client = KazooClient(hosts=ensemble.hosts([sid]), timeout=CLIENT_TIMEOUT_S)
    client.start(timeout=CLIENT_TIMEOUT_S)
    try:
        client.sync(ROOT)
        children = set(client.get_children(ROOT))
    finally:
        client.stop()
        client.close()
    missing = [name for name in expected if name not in children]
    if missing:
        raise AssertionError(f"server {sid} ({ensemble.kind_of(sid)}) misses {len(missing)} of "
                             f"{len(expected)} acknowledged creates, first {missing[0]}")
    return len(children)


@dataclass
class Step:
    sid: int
    kind: str
    leader: int
    leader_kind: str
    seconds: float  # from the stop to the ensemble serving again with one leader
    acked: int  # acknowledged creates so far
    listed: int  # children the replaced server listed


def wait_node_counts_equal(ensemble: Ensemble, timeout_s: float = 20) -> int:
    deadline = time.monotonic() + timeout_s
    while True:
        counts = {s.sid: int(ensemble.srvr(s.sid)["Node count"]) for s in ensemble.servers}
        if len(set(counts.values())) == 1:
            return next(iter(counts.values()))
        if time.monotonic() >= deadline:
            raise AssertionError(f"znode counts differ: {counts}")
        time.sleep(0.2)


def run(zabd: str, dwell_s: float) -> list[Step]:
    config = EnsembleConfig(kind="apache", size=3, zabd_path=zabd)
    steps: list[Step] = []
    with Ensemble(config) as ensemble:
        ensemble.wait_ready(timeout_s=90)
        workload = Workload(ensemble.hosts())
        workload.start()
        try:
            time.sleep(dwell_s)
            sids = [server.sid for server in ensemble.servers]
            for kind in ("zabd", "apache"):
                for sid in sids:
                    workload.phase = f"{kind} replacing server {sid}"
                    started = time.monotonic()
                    ensemble.replace(sid, kind)
                    leader = ensemble.wait_ready(timeout_s=90, sids=sids)
                    seconds = time.monotonic() - started
                    listed = read_all(ensemble, sid, workload.acknowledged())
                    steps.append(Step(sid, kind, leader, ensemble.kind_of(leader), seconds,
                                      len(workload.acked), listed))
                    print(f"step  {kind} in place of server {sid}: serving after {seconds:.1f} s, "
                          f"leader {leader} ({ensemble.kind_of(leader)}), {listed} znodes listed",
                          flush=True)
                    time.sleep(dwell_s)
        finally:
            workload.stop()
        acked = workload.acknowledged()
        for sid in sids:
            read_all(ensemble, sid, acked)
        count = wait_node_counts_equal(ensemble)
        print(f"done  {len(acked)} creates acknowledged, {workload.unknown} unknown "
              f"(connection lost), {workload.reads} sync+reads, {workload.losses} connection "
              f"losses; every server lists them all and counts {count} znodes", flush=True)
        if workload.errors:
            raise AssertionError(f"{len(workload.errors)} client errors other than a connection "
                                 "loss:\n  " + "\n  ".join(workload.errors[:10]))
        if workload.reads == 0 or len(acked) == 0:
            raise AssertionError("the workload did nothing")
    return steps


def main() -> int:
    parser = argparse.ArgumentParser(usage=__doc__)
    parser.add_argument("--zabd", required=True)
    parser.add_argument("--dwell-s", type=float, default=3.0,
                        help="seconds of workload before the first step and after each")
    args = parser.parse_args()
    started = time.monotonic()
    try:
        steps = run(args.zabd, args.dwell_s)
    except (AssertionError, EnsembleError) as error:
        print(f"rolling_replacement: FAILED: {error}", file=sys.stderr)
        return 1
    print("| step | server | now runs | serving again after | leader then | creates acked so far |")
    print("|---:|---:|---|---:|---:|---:|")
    for i, step in enumerate(steps, 1):
        print(f"| {i} | {step.sid} | {step.kind} | {step.seconds:.1f} s | "
              f"{step.leader} ({step.leader_kind}) | {step.acked} |")
    print(f"rolling_replacement: OK in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
