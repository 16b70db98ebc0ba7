#!/usr/bin/python3
"""Runs one command against a fresh ensemble and stops the ensemble afterwards.

    with_ensemble.py [--kind apache|zabd] [--zabd PATH] [--servers 3] [--timeout-s 60] \\
        -- COMMAND ARGS...

Every `{hosts}` in the arguments becomes the connect string ("127.0.0.1:p1,..."); the command
also finds it in $ZK_HOSTS. The exit status is the command's (124 when it ran out of time, as
timeout(1)); the ensemble is stopped by PID in every case.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ensemble import KINDS, Ensemble, EnsembleConfig, dies_with_parent  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(usage=__doc__)
    parser.add_argument("--kind", choices=KINDS, default="apache")
    parser.add_argument("--zabd", help="zabd binary (default: $ZABD)")
    parser.add_argument("--servers", type=int, default=3)
    parser.add_argument("--tick-time-ms", type=int, default=2000)
    parser.add_argument("--timeout-s", type=float, default=60.0,
                        help="time the command may take (the start-up is not counted)")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given after --")

    config = EnsembleConfig(kind=args.kind, size=args.servers, zabd_path=args.zabd,
                            tick_time_ms=args.tick_time_ms)
    with Ensemble(config) as ensemble:
        started = time.monotonic()
        leader = ensemble.wait_ready(timeout_s=60)
        hosts = ensemble.hosts()
        print(f"with_ensemble: {args.kind} x{args.servers} ready in "
              f"{time.monotonic() - started:.1f} s, leader {leader}, hosts {hosts}", flush=True)
        argv = [arg.replace("{hosts}", hosts) for arg in command]
        env = dict(os.environ, ZK_HOSTS=hosts)
        process = subprocess.Popen(dies_with_parent(argv), env=env)
        try:
            status = process.wait(timeout=args.timeout_s)
        except subprocess.TimeoutExpired:
            print(f"with_ensemble: {argv[0]} ran out of its {args.timeout_s} s; killing pid "
                  f"{process.pid}", file=sys.stderr)
            process.kill()
            process.wait(timeout=5)
            status = 124
        finally:
            if process.poll() is None:  # an exception (e.g. SIGTERM) while waiting
                process.kill()
                process.wait(timeout=5)
        if status != 0:
            print(ensemble.log_tails(), file=sys.stderr)
        return status


if __name__ == "__main__":
    sys.exit(main())
