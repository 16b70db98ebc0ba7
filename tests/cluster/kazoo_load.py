"""Load through kazoo's async API, shared by the cluster tests and the benchmarks."""

from __future__ import annotations

from typing import Iterable


def set_data_pipelined(client, paths: Iterable[str], value: bytes, window: int = 64,
                       timeout_s: float = 30) -> int:
    """setData `value` on each of `paths` in turn, at most `window` requests in flight; waits for
    every answer and raises the first failure (or a timeout after `timeout_s` per batch). Returns
    how many were written."""
    pending = []
    written = 0
    for path in paths:
        pending.append(client.set_async(path, value))
        written += 1
        if len(pending) >= window:
            for request in pending:
                request.get(timeout=timeout_s)
            pending.clear()
    for request in pending:
        request.get(timeout=timeout_s)
    return written
