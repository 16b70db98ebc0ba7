#!/usr/bin/python3
"""Cluster benchmark: Apache ZooKeeper 3.8 against zabd, same machine, same run, same load.

For each repetition and each server kind, a fresh 3-server ensemble on 127.0.0.1 (the same
tickTime, forceSync=yes; tests/cluster/ensemble.py) takes every zkload workload in turn
(create, setData, getData, exists, ephemeral-sequential pairs, 90/10 mixed; 8 sessions x 16
requests in flight by default) and is stopped. The kinds alternate within a repetition so that
drift in the machine's load hits both alike. The table shows medians over the repetitions of
throughput and p50/p99 latency, side by side with the zabd/Apache ratio.

    bench/cluster_bench.py [--zabd PATH | $ZABD] [--reps 3] [--duration-s 10] [--json FILE]

Without a zabd binary only Apache ZooKeeper runs and the zabd columns say so.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "cluster"))
from ensemble import Ensemble, EnsembleConfig  # noqa: E402

METRICS = ("ops_per_s", "p50_ms", "p99_ms", "client_cpu_percent")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(usage=__doc__)
    parser.add_argument("--zabd", default=os.environ.get("ZABD"), help="zabd binary ($ZABD)")
    parser.add_argument("--zkload", default=os.environ.get("ZKLOAD",
                                                           str(REPO / "build/bin/zkload")))
    parser.add_argument("--reps", type=int, default=3)
    parser.add_argument("--servers", type=int, default=3)
    parser.add_argument("--tick-time-ms", type=int, default=2000)
    parser.add_argument("--sessions", type=int, default=8)
    parser.add_argument("--in-flight", type=int, default=16)
    parser.add_argument("--data-bytes", type=int, default=100)
    parser.add_argument("--duration-s", type=float, default=10.0)
    parser.add_argument("--warmup-s", type=float, default=2.0)
    parser.add_argument("--workloads", default="all")
    parser.add_argument("--java-heap", default="512m", help="-Xmx of each ZooKeeper JVM")
    parser.add_argument("--json", help="also write every run and the medians here")
    args = parser.parse_args()
    if not os.access(args.zkload, os.X_OK):
        parser.error(f"zkload not found at {args.zkload}; build it (cmake --build build "
                     "--target zkload) or pass --zkload")
    if args.reps < 1:
        parser.error("--reps must be at least 1")
    return args


def run_once(kind: str, args: argparse.Namespace) -> dict:
    """One fresh ensemble, every workload, stopped. Returns zkload's JSON (+ start-up time)."""
    config = EnsembleConfig(kind=kind, size=args.servers, zabd_path=args.zabd,
                            tick_time_ms=args.tick_time_ms,
                            java_opts=(f"-Xmx{args.java_heap}",))
    workload_count = 6 if args.workloads == "all" else len(args.workloads.split(","))
    timeout_s = workload_count * (args.duration_s + args.warmup_s) + 120
    with Ensemble(config) as ensemble:
        started = time.monotonic()
        ensemble.wait_ready(timeout_s=90)
        ready_s = time.monotonic() - started
        command = [args.zkload, "--hosts", ensemble.hosts(), "--json",
                   "--sessions", str(args.sessions), "--in-flight", str(args.in_flight),
                   "--data-bytes", str(args.data_bytes), "--duration-s", str(args.duration_s),
                   "--warmup-s", str(args.warmup_s), "--workloads", args.workloads,
                   "--keep-nodes"]  # the ensemble and its data go right after
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout_s)
        if done.returncode not in (0, 1) or not done.stdout.strip():
            raise RuntimeError(f"zkload against {kind} exited with {done.returncode}:\n"
                               f"{done.stderr}")  # the servers' log tails follow (__exit__)
        report = json.loads(done.stdout)
        report["ready_s"] = ready_s
        report["exit_status"] = done.returncode
        return report


def medians(runs: list[dict]) -> dict[str, dict[str, float]]:
    """workload -> metric -> median over the runs (errors summed)."""
    by_workload: dict[str, dict[str, list[float]]] = {}
    for run in runs:
        for result in run["results"]:
            metrics = by_workload.setdefault(result["workload"], {m: [] for m in METRICS})
            for metric in METRICS:
                metrics[metric].append(result[metric])
            metrics.setdefault("errors", []).append(result["errors"])
    return {workload: {metric: (sum(values) if metric == "errors" else
                                statistics.median(values))
                       for metric, values in metrics.items()}
            for workload, metrics in by_workload.items()}


def ratio(ours: float | None, theirs: float | None) -> str:
    if ours is None or theirs is None or theirs == 0:
        return "-"
    return f"{ours / theirs:.2f}x"


def number(value: float | None, digits: int) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def print_table(apache: dict, zabd: dict | None, args: argparse.Namespace) -> None:
    print(f"\nmedians of {args.reps} run(s); {args.servers} servers, tickTime "
          f"{args.tick_time_ms} ms, forceSync=yes; {args.sessions} sessions x {args.in_flight} "
          f"in flight, {args.data_bytes}-byte data, {args.duration_s} s per workload after "
          f"{args.warmup_s} s warm-up; machine: {os.cpu_count()} cores")
    header = (f"{'workload':<21} {'apache ops/s':>12} {'zabd ops/s':>11} {'ratio':>6}   "
              f"{'apache p50':>10} {'zabd p50':>9} {'apache p99':>10} {'zabd p99':>9} "
              f"{'p99 ratio':>9}  errors a/z")
    print(header)
    for workload, theirs in apache.items():
        ours = (zabd or {}).get(workload, {})
        get = ours.get
        print(f"{workload:<21} {theirs['ops_per_s']:>12.0f} {number(get('ops_per_s'), 0):>11} "
              f"{ratio(get('ops_per_s'), theirs['ops_per_s']):>6}   "
              f"{theirs['p50_ms']:>10.2f} {number(get('p50_ms'), 2):>9} "
              f"{theirs['p99_ms']:>10.2f} {number(get('p99_ms'), 2):>9} "
              f"{ratio(get('p99_ms'), theirs['p99_ms']):>9}  "
              f"{theirs['errors']:.0f}/{number(get('errors'), 0)}")
    print("(ops/s of ephemeral-sequential are create+delete pairs; latencies in ms; ratio = "
          "zabd / apache)")
    cpu = ", ".join(f"{workload} {metrics['client_cpu_percent']:.0f}%"
                    for workload, metrics in apache.items())
    print(f"zkload's own CPU against apache (100% = one of the {os.cpu_count()} cores): {cpu}")
    if zabd is None:
        print("zabd: not run (no --zabd and no $ZABD); the zabd columns are empty")


def main() -> int:
    args = parse_args()
    kinds = ["apache"] + (["zabd"] if args.zabd else [])
    runs: dict[str, list[dict]] = {kind: [] for kind in kinds}
    print(f"cluster_bench: kinds {kinds}, {args.reps} rep(s); load average at start "
          f"{os.getloadavg()[0]:.2f}", flush=True)
    for rep in range(1, args.reps + 1):
        for kind in kinds:
            load = os.getloadavg()[0]
            report = run_once(kind, args)
            runs[kind].append(report)
            summary = ", ".join(f"{r['workload']} {r['ops_per_s']:.0f}/s"
                                for r in report["results"])
            print(f"rep {rep} {kind} (load {load:.1f}, ready in {report['ready_s']:.1f} s): "
                  f"{summary}",
                  flush=True)
    print(f"load average at end {os.getloadavg()[0]:.2f}")
    table = {kind: medians(kind_runs) for kind, kind_runs in runs.items()}
    print_table(table["apache"], table.get("zabd"), args)
    if args.json:
        Path(args.json).write_text(json.dumps({"runs": runs, "medians": table}, indent=2))
    failed = [kind for kind, kind_runs in runs.items()
              if any(run["exit_status"] != 0 for run in kind_runs)]
    if failed:
        print(f"cluster_bench: zkload reported failed requests or empty workloads for {failed}",
              file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
