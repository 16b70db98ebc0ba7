"""The nemesis suite's clients: N kazoo workers, each a thread with its own session, doing
read / write / CAS / create-ephemeral / sync+read on a few keys and recording every operation.

An operation is recorded with its invoke and complete times (one monotonic clock, ns) and its
outcome: `ok` (the server answered), `fail` (the server answered an error: BadVersion for a
CAS, NodeExists for an ephemeral), or `unknown`: a timeout or a connection loss, after which a
write may still take effect at any time (ZooKeeper's ConnectionLossException: "the operation
may or may not have succeeded"), so a write is never recorded as `fail` on those.

Reads come in two kinds. A plain `get` is served from the local replica of whatever server the
session is connected to; ZooKeeper promises such reads only sequential consistency (a session
never goes back in time), not linearizability, so they are checked for that alone. A `sync`
followed by a `get` is ZooKeeper's linearizable read (the programmer's guide, "Consistency
Guarantees"): those go to the linearizability check with the writes.

Run with Debian's /usr/bin/python3 (kazoo).
"""

from __future__ import annotations

import random
import threading
import time
from dataclasses import asdict, dataclass, field
from typing import Optional

from kazoo.client import KazooClient
from kazoo.exceptions import (BadVersionError, ConnectionLoss, KazooException, NodeExistsError,
                              OperationTimeoutError, SessionExpiredError)
from kazoo.handlers.threading import KazooTimeoutError

ROOT = "/nemesis"
KEYS_DIR = f"{ROOT}/keys"
EPHEMERALS_DIR = f"{ROOT}/eph"

# Errors that leave a write's effect unknown: the request may have reached the leader.
UNKNOWN_ERRORS = (ConnectionLoss, SessionExpiredError, OperationTimeoutError, KazooTimeoutError)

# Operation mix, in draws out of 100 (read, write, cas, ephemeral, sync_read).
OP_WEIGHTS = (("read", 25), ("write", 20), ("cas", 20), ("ephemeral", 10), ("sync_read", 25))


def key_path(generation: int, index: int) -> str:
    return f"{KEYS_DIR}/g{generation}-k{index}"


def key_generations(duration_s: float, key_lifetime_s: float) -> int:
    """How many generations of keys a run uses (its fault phase, the heal, and a margin)."""
    return int(duration_s / key_lifetime_s) + 3


@dataclass
class Operation:
    """One client operation as the harness saw it (ops.jsonl); history.jsonl is derived."""

    process: int
    op: str  # read | write | cas | ephemeral | sync_read
    key: str
    invoke_ns: int
    complete_ns: Optional[int] = None
    outcome: str = "unknown"  # ok | fail | unknown
    value: Optional[str] = None
    version: Optional[int] = None
    expected_version: Optional[int] = None
    error: Optional[str] = None
    session: Optional[str] = None  # hex session id at completion (None when unknown)
    server: Optional[int] = None  # sid of the server the session was connected to

    def record(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass
class WorkerConfig:
    hosts: str
    key_count: int
    # Keys are used for key_lifetime_s each, then the next generation's (as Jepsen's independent
    # keys): each register's history stays short, and so does its linearizability search, with
    # the unknown writes of a fault pending only in their own generation.
    key_lifetime_s: float
    generation_count: int
    base_ns: int
    op_timeout_s: float
    session_timeout_s: float
    think_ms: tuple[int, int] = (2, 15)
    port_to_sid: dict[int, int] = field(default_factory=dict)


class Worker(threading.Thread):
    """One client session doing random operations until `stop` is set."""

    def __init__(self, process: int, seed: int, config: WorkerConfig, stop: threading.Event):
        super().__init__(name=f"nemesis-worker-{process}", daemon=True)
        self.process = process
        self.rng = random.Random(seed)
        self.config = config
        self.stop_event = stop
        self.operations: list[Operation] = []
        self.counter = 0
        # The last version this worker saw of each key: what its CAS expects.
        self.known_version: dict[str, int] = {}
        self.client = KazooClient(hosts=config.hosts, timeout=config.session_timeout_s,
                                  connection_retry={"max_tries": -1, "delay": 0.1,
                                                    "max_delay": 1.0})
        self.crashed: Optional[BaseException] = None

    # ---- session facts --------------------------------------------------------------------

    def session(self) -> Optional[str]:
        session_id = self.client.client_id
        return f"0x{session_id[0]:x}" if session_id and session_id[0] else None

    def server(self) -> Optional[int]:
        """The sid the session is connected to now (kazoo keeps the socket private)."""
        try:
            port = self.client._connection._socket.getpeername()[1]
        except (AttributeError, OSError, TypeError):
            return None
        return self.config.port_to_sid.get(port)

    # ---- the loop -------------------------------------------------------------------------

    def run(self) -> None:
        try:
            self.client.start(timeout=30)
            while not self.stop_event.is_set():
                self.one_operation()
                low, high = self.config.think_ms
                self.stop_event.wait(self.rng.randint(low, high) / 1000.0)
        except BaseException as error:  # reported by the harness, never swallowed
            self.crashed = error

    def close(self) -> None:
        """Closes the session (closeSession when connected; else it expires on the server)."""
        try:
            self.client.stop()
            self.client.close()
        except KazooException:
            pass

    def one_operation(self) -> None:
        draw = self.rng.randrange(100)
        for kind, weight in OP_WEIGHTS:
            if draw < weight:
                break
            draw -= weight
        elapsed_s = (time.monotonic_ns() - self.config.base_ns) / 1e9
        generation = min(int(elapsed_s / self.config.key_lifetime_s),
                         self.config.generation_count - 1)
        key = key_path(generation, self.rng.randrange(self.config.key_count))
        self.counter += 1
        value = f"w{self.process}-{self.counter}"
        if kind == "ephemeral":
            key = f"{EPHEMERALS_DIR}/w{self.process}-{self.counter}"
        op = Operation(process=self.process, op=kind, key=key, invoke_ns=0)
        if kind in ("write", "cas", "ephemeral"):
            op.value = value
        if kind == "cas":
            op.expected_version = self.known_version.get(key, 0)
        op.server = self.server()
        op.invoke_ns = time.monotonic_ns()
        try:
            self.execute(op)
            op.outcome = "ok"
        except BadVersionError:
            op.outcome, op.error = "fail", "BadVersion"
        except NodeExistsError:
            op.outcome, op.error = "fail", "NodeExists"
        except UNKNOWN_ERRORS as error:
            op.outcome, op.error = "unknown", type(error).__name__
        except KazooException as error:
            # Any other answer from the server (e.g. a server that is not serving): the request
            # may have been forwarded before the error, so a write stays unknown.
            op.outcome, op.error = "unknown", type(error).__name__
        if op.outcome != "unknown":
            op.complete_ns = time.monotonic_ns()
        op.session = self.session()
        if op.outcome == "ok" and op.version is not None and kind != "ephemeral":
            self.known_version[key] = op.version
        self.operations.append(op)

    def execute(self, op: Operation) -> None:
        timeout_s = self.config.op_timeout_s
        client = self.client
        if op.op == "read":
            data, stat = client.get_async(op.key).get(timeout=timeout_s)
            op.value, op.version = data.decode(), stat.version
        elif op.op == "sync_read":
            # sync then get on the same session: ZooKeeper orders them (FIFO client order), so
            # the get sees everything committed before the leader handled the sync.
            sync = client.sync_async(op.key)
            read = client.get_async(op.key)
            sync.get(timeout=timeout_s)
            data, stat = read.get(timeout=timeout_s)
            op.value, op.version = data.decode(), stat.version
        elif op.op == "write":
            stat = client.set_async(op.key, op.value.encode(), -1).get(timeout=timeout_s)
            op.version = stat.version
        elif op.op == "cas":
            stat = client.set_async(op.key, op.value.encode(),
                                    op.expected_version).get(timeout=timeout_s)
            op.version = stat.version
        elif op.op == "ephemeral":
            client.create_async(op.key, op.value.encode(),
                                ephemeral=True).get(timeout=timeout_s)
        else:
            raise ValueError(f"unknown operation kind {op.op!r}")
