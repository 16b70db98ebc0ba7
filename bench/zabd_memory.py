#!/usr/bin/python3
"""zabd's memory as writes accumulate: VmRSS of every server of a 3-server ensemble.

    bench/zabd_memory.py [--zabd PATH | $ZABD] [--snap-count 100] [--znodes 100]
                         [--checkpoints 2000,10000] [--value-bytes 100]

Creates `--znodes` znodes, then writes setData round-robin over them (64 in flight, one kazoo
session), so the data tree keeps its size and whatever the servers' RSS gains is history they
keep. At each checkpoint (writes counted from the start) prints the VmRSS (/proc/PID/status) of
every server. The ensemble is stopped by PID (tests/cluster/ensemble.py).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "cluster"))
from ensemble import Ensemble, EnsembleConfig  # noqa: E402
from kazoo_load import set_data_pipelined  # noqa: E402


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for pid {pid}")


def main() -> int:
    parser = argparse.ArgumentParser(usage=__doc__)
    parser.add_argument("--zabd", default=os.environ.get("ZABD"))
    parser.add_argument("--snap-count", type=int, default=100)
    parser.add_argument("--znodes", type=int, default=100)
    parser.add_argument("--value-bytes", type=int, default=100)
    parser.add_argument("--checkpoints", default="2000,10000")
    args = parser.parse_args()
    checkpoints = [int(c) for c in args.checkpoints.split(",")]
    from kazoo.client import KazooClient

    config = EnsembleConfig(kind="zabd", size=3, zabd_path=args.zabd,
                            cfg_extra={"snapCount": str(args.snap_count)})
    with Ensemble(config) as ens:
        ens.wait_ready(timeout_s=90)
        client = KazooClient(hosts=ens.hosts(), timeout=15)
        client.start(timeout=30)
        try:
            client.ensure_path("/m")
            for i in range(args.znodes):
                client.create(f"/m/n{i}", b"")
            written = args.znodes
            value = b"x" * args.value_bytes
            print(f"rss_kb after {written} writes: "
                  f"{ {s.sid: rss_kb(s.pid) for s in ens.servers} }", flush=True)
            for checkpoint in checkpoints:
                written += set_data_pipelined(
                    client, (f"/m/n{i % args.znodes}" for i in range(written, checkpoint)), value)
                client.sync("/m")
                print(f"rss_kb after {written} writes: "
                      f"{ {s.sid: rss_kb(s.pid) for s in ens.servers} }", flush=True)
        finally:
            client.stop()
            client.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
