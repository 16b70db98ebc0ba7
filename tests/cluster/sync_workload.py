"""A client workload that survives servers going away, for the tests that replace, kill and
restart servers under it (rolling_replacement.py, mixed_ensemble.py), and the checks made once it
stops.

The workload is two kazoo sessions on the given servers (kazoo picks one and fails over when it
goes): a writer creating <root>/w-<n> one after another, and a reader doing sync() +
getChildren and checking that it sees every create acknowledged before its sync began. A request
whose connection went may or may not have taken effect; any other client error is recorded.
"""

from __future__ import annotations

import re
import threading
import time

from kazoo.client import KazooClient
from kazoo.exceptions import ConnectionLoss, OperationTimeoutError
from kazoo.handlers.threading import KazooTimeoutError

from ensemble import Ensemble, four_letter

CLIENT_TIMEOUT_S = 15
# A request that may or may not have taken effect: the connection went (the server was stopped).
LOSSES = (ConnectionLoss, OperationTimeoutError, KazooTimeoutError)


class Workload:
    """The writer and the reader, each a thread with its own session."""

    def __init__(self, hosts: str, root: str = "/roll"):
        self.root = root
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
        self.writer.ensure_path(self.root)
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
                self.writer.create(f"{self.root}/{name}", str(n).encode())
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
                self.reader.sync(self.root)
                children = set(self.reader.get_children(self.root))
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


def read_all(ensemble: Ensemble, sid: int, expected: list[str], root: str = "/roll") -> int:
    """A fresh session on server `sid` alone: sync, then every expected name must be listed
    under `root`. Returns how many children it listed."""
    client = KazooClient(hosts=ensemble.hosts([sid]), timeout=CLIENT_TIMEOUT_S)
    client.start(timeout=CLIENT_TIMEOUT_S)
    try:
        client.sync(root)
        children = set(client.get_children(root))
    finally:
        client.stop()
        client.close()
    missing = [name for name in expected if name not in children]
    if missing:
        raise AssertionError(f"server {sid} ({ensemble.kind_of(sid)}) misses {len(missing)} of "
                             f"{len(expected)} acknowledged creates, first {missing[0]}")
    return len(children)


def wait_node_counts_equal(ensemble: Ensemble, timeout_s: float = 20) -> int:
    deadline = time.monotonic() + timeout_s
    while True:
        counts = {s.sid: int(ensemble.srvr(s.sid)["Node count"]) for s in ensemble.servers}
        if len(set(counts.values())) == 1:
            return next(iter(counts.values()))
        if time.monotonic() >= deadline:
            raise AssertionError(f"znode counts differ: {counts}")
        time.sleep(0.2)


# What ZooKeeper 3.8 (DataTree.compareDigest, reportDigestMismatch) and zabd log on a mismatch.
DIGEST_MISMATCH_LOG = re.compile(r"digest mismatch|Digests are not matching", re.IGNORECASE)


def digest_mismatches(ensemble: Ensemble) -> dict[int, str]:
    """Every server whose tree digest differed from one a txn carried: its mntr counter
    (digest_mismatches_count, since the process started) or a log line (any start)."""
    found: dict[int, str] = {}
    for server in ensemble.servers:
        count = ensemble.mntr(server.sid).get("digest_mismatches_count")
        if count is None:
            found[server.sid] = "mntr has no zk_digest_mismatches_count"
        elif int(count) != 0:
            found[server.sid] = f"mntr zk_digest_mismatches_count {count}"
        with open(server.log_path, errors="replace") as log:
            lines = [line.strip() for line in log if DIGEST_MISMATCH_LOG.search(line)]
        if lines:
            found[server.sid] = f"{len(lines)} log lines, first: {lines[0]}"
    return found


def digest_logs_agree(ensemble: Ensemble) -> int:
    """Every zxid two servers both list in `hash` (their digest logs: the tree digest after every
    128th zxid) has the same digest on both. Returns how many (zxid, server pair) agreed where
    the two servers are of different kinds."""
    logs: dict[int, dict[int, int]] = {}
    for server in ensemble.servers:
        text = four_letter("127.0.0.1", server.client_port, "hash", 5.0)
        pairs = (line.split(": ", 1) for line in text.splitlines() if ": " in line)
        logs[server.sid] = {int(zxid, 16): int(digest) for zxid, digest in pairs}
    agreed = 0
    sids = sorted(logs)
    for i, a in enumerate(sids):
        for b in sids[i + 1:]:
            for zxid in logs[a].keys() & logs[b].keys():
                if logs[a][zxid] != logs[b][zxid]:
                    raise AssertionError(
                        f"hash: servers {a} ({ensemble.kind_of(a)}) and {b} ({ensemble.kind_of(b)})"
                        f" differ after zxid {zxid:#x}: {logs[a][zxid]} vs {logs[b][zxid]}")
                agreed += ensemble.kind_of(a) != ensemble.kind_of(b)
    return agreed
