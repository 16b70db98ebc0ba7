"""The stale-leader probe: can a sync() followed by a read on a deposed leader miss a write?

A leader that is paused (a long GC pause, SIGSTOP here) longer than syncLimit is replaced: its
followers time out, elect a new leader and commit new writes. When it resumes it still believes
it leads until its own check of its followers' acks (ZooKeeper's Leader.lead loop, every half
tick; zabd's tick timer) notices they are gone. A client request waiting in its socket is
served in that window. ZooKeeper answers a sync sent to the leader itself at once, without a
round to a quorum (ProposalRequestProcessor only hands LearnerSyncRequests to
Leader.processSync), so the read after it answers from the deposed leader's state.

With --partitions a second probe cuts the leader off instead of pausing it: it keeps running,
and keeps serving its clients until its own timeout tells it its followers are gone.

The probe stages exactly that:
  1. a probe session connects to the leader L (a long session timeout, so that the client
     keeps its connection through the pause);
  2. SIGSTOP L; wait until another server says `Mode: leader`;
  3. write a fresh value through a session on the new leader, acknowledged;
  4. the probe sends sync + getData to L (the bytes wait in L's socket);
  5. SIGCONT L; the probe's answer is recorded.
The write and the probe's read go into the history like every worker's (processes 1000+), so
`zabcheck lin` judges them: a stale answer is a read invoked after an acknowledged write that
returns an older value.
"""

from __future__ import annotations

import os
import signal
import time
from typing import Callable, Optional

from kazoo.client import KazooClient
from kazoo.exceptions import KazooException
from kazoo.handlers.threading import KazooTimeoutError

from ensemble import Ensemble
from nemesis_workers import Operation

PROBE_SESSION_TIMEOUT_S = 30.0
NEW_LEADER_WAIT_S = 20.0
ANSWER_WAIT_S = 10.0
PROBE_PROCESS_BASE = 1000


def new_leader(ensemble: Ensemble, old: int, wait_s: float) -> Optional[int]:
    deadline = time.monotonic() + wait_s
    while time.monotonic() < deadline:
        for server in ensemble.servers:
            if server.sid != old and ensemble.mode(server.sid) == "leader":
                return server.sid
        time.sleep(0.05)
    return None


def started(hosts: str, timeout_s: float) -> KazooClient:
    client = KazooClient(hosts=hosts, timeout=timeout_s,
                         connection_retry={"max_tries": 3, "delay": 0.2})
    client.start(timeout=15)
    return client


def finish(op: Operation, call: Callable[[], None]) -> None:
    try:
        call()
        op.outcome, op.complete_ns = "ok", time.monotonic_ns()
    except (KazooException, KazooTimeoutError) as error:
        op.outcome, op.error = "unknown", type(error).__name__


class Pause:
    """Step 2 and 5 as a GC pause: SIGSTOP, SIGCONT."""

    name = "SIGSTOP"

    def __init__(self, ensemble: Ensemble):
        self.ensemble = ensemble

    def isolate(self, sid: int) -> None:
        os.kill(self.ensemble.server(sid).pid, signal.SIGSTOP)

    def restore(self, sid: int) -> None:
        os.kill(self.ensemble.server(sid).pid, signal.SIGCONT)


class CutOff:
    """Step 2 and 5 as a partition: the leader keeps running and keeps its clients, but its
    links to the other servers are black holes (nemesis_partitions.py); the probe's request is
    sent while it is still cut off and it learns only by its own timeout."""

    name = "partition"

    def __init__(self, ensemble):
        self.ensemble = ensemble
        self.pairs: list[tuple[int, int]] = []

    def isolate(self, sid: int) -> None:
        self.pairs = [(sid, s.sid) for s in self.ensemble.servers if s.sid != sid]
        self.ensemble.proxies.set_cut(self.pairs, cut=True)

    def restore(self, sid: int) -> None:
        self.ensemble.proxies.set_cut(self.pairs, cut=False)


def stale_leader_probe(ensemble: Ensemble, key: str, number: int,
                       note: Callable[[str, list[int], str], None],
                       partition: bool = False) -> list[Operation]:
    """One probe (steps 1-5 above); returns the write and the probe's read."""
    leader = ensemble.leader()
    if leader is None:
        note("skip", [], "no leader")
        return []
    old = ensemble.server(leader)
    clients: list[KazooClient] = []
    fault = CutOff(ensemble) if partition else Pause(ensemble)
    try:
        return probe_once(ensemble, fault, old, key, number, note, clients)
    finally:
        fault.restore(old.sid)  # again, for the early returns: restoring twice is harmless
        for client in clients:
            client.stop()
            client.close()


def probe_once(ensemble: Ensemble, fault, old, key: str, number: int,
               note: Callable[[str, list[int], str], None],
               clients: list[KazooClient]) -> list[Operation]:
    probe = started(old.address, PROBE_SESSION_TIMEOUT_S)
    clients.append(probe)
    probe.sync(key)  # connected and caught up before the pause
    fault.isolate(old.sid)
    note("inject", [old.sid], fault.name)
    try:
        successor = new_leader(ensemble, old.sid, NEW_LEADER_WAIT_S)
        if successor is None:
            note("skip", [old.sid], "no new leader while paused")
            return []
        writer = started(ensemble.server(successor).address, 10.0)
        clients.append(writer)
        write = Operation(process=PROBE_PROCESS_BASE + 2 * number, op="write", key=key,
                          value=f"probe-{number}", invoke_ns=time.monotonic_ns(),
                          server=successor)
        finish(write, lambda: setattr(write, "version", writer.set(key, write.value.encode())
                                      .version))
        read = Operation(process=PROBE_PROCESS_BASE + 2 * number + 1, op="sync_read", key=key,
                         invoke_ns=time.monotonic_ns(), server=old.sid)
        sync = probe.sync_async(key)
        get = probe.get_async(key)
    finally:
        if fault.name == "SIGSTOP":
            fault.restore(old.sid)
            note("heal", [old.sid], "SIGCONT")

    def answer() -> None:
        sync.get(timeout=ANSWER_WAIT_S)
        data, stat = get.get(timeout=ANSWER_WAIT_S)
        read.value, read.version = data.decode(), stat.version

    finish(read, answer)
    if fault.name != "SIGSTOP":  # the partition lasts until the probe has its answer
        fault.restore(old.sid)
        note("heal", [old.sid], "links")
    read.session = f"0x{probe.client_id[0]:x}" if probe.client_id else None
    stale = (read.outcome == "ok" and write.outcome == "ok" and read.version < write.version)
    note("result", [old.sid], f"new_leader={successor} write={write.outcome} v{write.version} "
         f"read={read.outcome} v{read.version} {'STALE' if stale else 'fresh'}")
    return [write, read]
