#!/usr/bin/python3
"""Runs one command against a fresh ensemble and stops the ensemble afterwards.

    with_ensemble.py [--kind apache|zabd] [--zabd PATH] [--servers 3] [--timeout-s 60] \\
        -- COMMAND ARGS...

Every `{hosts}` in the arguments becomes the connect string ("127.0.0.1:p1,..."); the command
also finds it in $ZK_HOSTS, and in $ZK_PIDS the servers' PIDs in the same order ("p1,p2,p3"), so
that it may kill one (kill -9: the crash the protocol must survive). To bring a server back it
writes "start N" (N = the server's position, from 1) as a line to the FIFO $ZK_CONTROL; this
script starts it again with its data directory, and the command waits for it to serve (srvr).
The exit status is the command's (124 when it ran out of time, as timeout(1)); the ensemble is
stopped by PID in every case.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ensemble import (KINDS, Ensemble, EnsembleConfig, EnsembleError,  # noqa: E402
                      dies_with_parent)


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
        control = ensemble.base_dir / "control"
        os.mkfifo(control)
        pids = ",".join(str(server.pid) for server in ensemble.servers)
        env = dict(os.environ, ZK_HOSTS=hosts, ZK_PIDS=pids, ZK_CONTROL=str(control))
        # Our own writer keeps the FIFO open, so reading it never sees an end of file.
        reader = os.open(control, os.O_RDONLY | os.O_NONBLOCK)
        writer = os.open(control, os.O_WRONLY)
        process = subprocess.Popen(dies_with_parent(argv), env=env)
        try:
            status = run_command(process, ensemble, reader, args.timeout_s)
        finally:
            if process.poll() is None:  # an exception (e.g. SIGTERM) while waiting
                process.kill()
                process.wait(timeout=5)
            os.close(reader)
            os.close(writer)
        if status != 0:
            print(ensemble.log_tails(), file=sys.stderr)
        return status


def run_command(process: subprocess.Popen, ensemble: Ensemble, control: int,
                timeout_s: float) -> int:
    """Waits for the command, bounded by `timeout_s`, doing what it asks on the control FIFO.
    Servers are started from this (the main) thread: they die with the thread that started them
    (PR_SET_PDEATHSIG)."""
    deadline = time.monotonic() + timeout_s
    pending = b""
    while True:
        try:
            return process.wait(timeout=0.1)
        except subprocess.TimeoutExpired:
            pass
        if time.monotonic() >= deadline:
            print(f"with_ensemble: the command ran out of its {timeout_s} s; killing pid "
                  f"{process.pid}", file=sys.stderr)
            process.kill()
            process.wait(timeout=5)
            return 124
        try:
            pending += os.read(control, 4096)
        except BlockingIOError:
            continue
        *lines, pending = pending.split(b"\n")
        for line in lines:
            control_line(ensemble, line.decode(errors="replace").strip())


def control_line(ensemble: Ensemble, line: str) -> None:
    words = line.split()
    if len(words) != 2 or words[0] != "start" or not words[1].isdigit():
        print(f"with_ensemble: {line!r} on $ZK_CONTROL is not 'start N'", file=sys.stderr)
        return
    sid = int(words[1])
    try:
        server = ensemble.server(sid)
        if server.running():
            print(f"with_ensemble: server {sid} is running already (pid {server.pid})",
                  file=sys.stderr)
        else:
            ensemble.start_server(sid)
    except (KeyError, EnsembleError, OSError) as error:
        print(f"with_ensemble: cannot start server {sid}: {error}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
