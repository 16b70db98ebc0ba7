"""Small pieces for processes on 127.0.0.1: four-letter words, free ports, children that die
with their parent, log tails. Standard library only."""

from __future__ import annotations

import os
import socket
import time
from pathlib import Path

SETPRIV = "/usr/bin/setpriv"


def four_letter(host: str, port: int, word: str, timeout_s: float = 2.0) -> str:
    """Sends a four-letter word and returns everything the server wrote before closing.

    The server closes the connection after its answer (NIOServerCnxn / NettyServerCnxn
    `checkFourLetterWord`), so we read to EOF, bounded by `timeout_s` in total.
    Raises OSError (including socket.timeout) when the server cannot be reached or is too slow.
    """
    if len(word) != 4:
        raise ValueError(f"a four-letter word has four letters, not {word!r}")
    deadline = time.monotonic() + timeout_s
    chunks = []
    with socket.create_connection((host, port), timeout=timeout_s) as sock:
        sock.sendall(word.encode("ascii"))
        while True:
            remaining_s = deadline - time.monotonic()
            if remaining_s <= 0:
                raise socket.timeout(f"{word} on {host}:{port}: no EOF within {timeout_s} s")
            sock.settimeout(remaining_s)
            chunk = sock.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    return b"".join(chunks).decode("utf-8", errors="replace")


def parse_srvr(text: str) -> dict[str, str]:
    """`srvr` output as key -> value ("Mode" -> "leader"); empty when the server is not serving
    ("This ZooKeeper instance is not currently serving requests")."""
    fields = {}
    for line in text.splitlines():
        key, sep, value = line.partition(":")
        if sep:
            fields[key.strip()] = value.strip()
    return fields


def free_ports(count: int) -> list[int]:
    """`count` distinct ports that were free on 127.0.0.1 a moment ago.

    All sockets stay bound until every port is chosen, so the ports are distinct; another
    process could still take one before the server binds it, which is rare enough for tests.
    """
    sockets = []
    try:
        for _ in range(count):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.bind(("127.0.0.1", 0))
            sockets.append(sock)
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


def dies_with_parent(argv: list[str]) -> list[str]:
    """`argv` run under `setpriv --pdeathsig KILL` (util-linux): the kernel kills the process
    when the thread that started it ends, even if this Python process is killed by SIGKILL."""
    return [SETPRIV, "--pdeathsig", "KILL", "--", *argv] if os.path.exists(SETPRIV) else argv


def tail(path: Path, line_count: int = 25) -> str:
    try:
        lines = path.read_text(errors="replace").splitlines()
    except OSError as error:
        return f"    (no log: {error})"
    return "\n".join("    " + line for line in lines[-line_count:])
