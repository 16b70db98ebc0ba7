"""What the kazoo compatibility checks share: the check registry, a context that tracks the
clients a check opens (closed after it), and bounded waits. Run with /usr/bin/python3."""

from __future__ import annotations

import sys
import time
from typing import Callable

try:
    from kazoo.client import KazooClient
except ImportError as error:
    sys.exit(f"kazoo checks: {error}; run with /usr/bin/python3 and install python3-kazoo")

ROOT = "/kazoo_compat"
CLIENT_TIMEOUT_S = 10.0
WAIT_S = 15.0


def check(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)


def wait_until(predicate: Callable[[], bool], what: str, timeout_s: float = WAIT_S) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not within {timeout_s} s")
        time.sleep(0.02)


class Context:
    """What every check gets: the servers' addresses and a factory of tracked clients."""

    def __init__(self, hosts: str, kind: str | None = None):
        self.hosts = hosts
        self.kind = kind  # "apache" or "zabd" when the run started the ensemble, else None
        self.servers = hosts.split(",")
        self.clients: list[KazooClient] = []

    def connect(self, hosts: str | None = None, auth: tuple[str, str] | None = None,
                timeout_s: float = CLIENT_TIMEOUT_S) -> KazooClient:
        auth_data = [("digest", f"{auth[0]}:{auth[1]}")] if auth else None
        client = KazooClient(hosts=hosts or self.hosts, timeout=timeout_s, auth_data=auth_data)
        self.clients.append(client)
        client.start(timeout=timeout_s)
        return client

    def server(self, index: int) -> str:
        """One server's address (wrapping), to put clients on different servers."""
        return self.servers[index % len(self.servers)]

    def close_clients(self) -> None:
        for client in self.clients:
            try:
                client.stop()
                client.close()
            except Exception as error:  # a failed check may leave a client half-broken
                print(f"  closing a client: {error}", file=sys.stderr)
        self.clients.clear()


CHECKS: list[tuple[str, Callable[[Context], None]]] = []


def compat_check(function: Callable[[Context], None]) -> Callable[[Context], None]:
    CHECKS.append((function.__name__, function))
    return function


