#!/usr/bin/python3
"""The nemesis suite: a real ensemble under seeded faults, its clients' history checked.

    nemesis.py --kind zabd|apache [--zabd PATH] --zabcheck PATH [--seed S] [--duration-s 30]
               [--max-faults N] [--faults KIND,...] [--partitions] [--servers 3|5]
               [--workers 6] [--keys 3] [--plant stale_read|lost_write] [--out DIR] [--keep]

Starts a 3- (or 5-) server ensemble on 127.0.0.1 (ensemble.py), creates the keys, runs the
kazoo workers (nemesis_workers.py) while the main thread injects the seed's fault schedule
(nemesis_faults.py), then heals everything, waits until every server serves under one leader,
stops the workers and runs the checks (nemesis_checks.py). Everything a run writes goes to one
folder (--out, default a fresh one under $TMPDIR):

  ops.jsonl            every operation as the harness saw it (server, session, error)
  history.jsonl        the writes, CASes and sync+reads with the final reads, for `zabcheck lin`
  history_sync_<sid>.jsonl, history_all.jsonl   the per-server sync+read histories, and all
                       reads (plain ones too, which ZooKeeper does not promise linearizable)
  *.lin.txt, *.svg     zabcheck's reports (an SVG only for a history that is not linearizable)
  kazoo.log            the clients' log (connection losses, reconnects)
  faults.log           time since start, action (inject/heal/ready), fault, sids
  schedule.txt         the steps of the seed's schedule that ran
  summary.json         the figures: operations by kind and outcome, faults by kind, anomalies
  servers/<sid>/server.log   each server's log (its data directory is deleted)

Exit 0 when every check passes (the folder is deleted unless --keep or --out), 1 when one
fails or the ensemble does not recover within 60 s of a heal (the folder is kept and named),
2 on a harness error (a worker crashed or hung). The same seed gives the same schedule; the
interleaving is the machine's. The fault kinds are listed in nemesis_faults.py.
"""

from __future__ import annotations

import argparse
import json
import logging
import shutil
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ensemble import KINDS, Ensemble, EnsembleConfig, EnsembleError  # noqa: E402
from nemesis_checks import (check_ephemerals, check_lost_writes, check_monotonic,  # noqa: E402
                            check_trees, check_versions, connect, final_reads,
                            lin_anomalies, plant, PLANTS, write_history,
                            zabcheck_lin)
from nemesis_faults import FAULT_KINDS, PARTITION_KINDS, Nemesis, schedule, write_schedule  # noqa: E402
from nemesis_partitions import PartitionedEnsemble  # noqa: E402
from nemesis_workers import (EPHEMERALS_DIR, KEYS_DIR, Worker,  # noqa: E402
                             WorkerConfig, key_generations, key_path)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(usage=__doc__)
    parser.add_argument("--kind", choices=KINDS, default="zabd")
    parser.add_argument("--zabd", help="zabd binary (default: $ZABD)")
    parser.add_argument("--zabcheck", required=True, help="zabcheck binary (for `lin`)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--duration-s", type=float, default=30.0,
                        help="how long faults are injected (the checks come after)")
    parser.add_argument("--max-faults", type=int, default=0, help="stop after N faults (0: no cap)")
    parser.add_argument("--faults", help="the fault kinds to draw from (default: all but the "
                        f"partitions, which need --partitions): {FAULT_KINDS}")
    parser.add_argument("--partitions", action="store_true",
                        help="servers reach each other through cuttable proxies; draws "
                        "partition faults too")
    parser.add_argument("--servers", type=int, default=3, choices=(3, 5))
    parser.add_argument("--workers", type=int, default=6)
    parser.add_argument("--keys", type=int, default=3, help="keys per generation")
    parser.add_argument("--key-lifetime-s", type=float, default=20.0,
                        help="each generation of keys is used this long, then the next one")
    parser.add_argument("--tick-time-ms", type=int, default=500)
    parser.add_argument("--session-timeout-s", type=float, default=4.0)
    parser.add_argument("--op-timeout-s", type=float, default=3.0)
    parser.add_argument("--lin-time-limit-s", type=float, default=120.0)
    parser.add_argument("--plant", choices=PLANTS,
                        help="plant an anomaly in the recorded history (the checks must fail)")
    parser.add_argument("--out", help="the run's folder (kept); default: a fresh temporary one")
    parser.add_argument("--keep", action="store_true", help="keep the folder after a pass")
    args = parser.parse_args()
    if args.faults is None:
        args.faults = ",".join(kind for kind in FAULT_KINDS
                               if args.partitions or kind not in PARTITION_KINDS)
    args.generations = key_generations(args.duration_s, args.key_lifetime_s)
    args.fault_kinds = tuple(kind for kind in args.faults.split(",") if kind)
    if not args.partitions and set(args.fault_kinds) & set(PARTITION_KINDS):
        parser.error("partition faults need --partitions")
    unknown = [kind for kind in args.fault_kinds if kind not in FAULT_KINDS]
    if unknown:
        parser.error(f"unknown fault kinds {unknown}; expected some of {FAULT_KINDS}")
    return args


def all_keys(args) -> list[str]:
    return [key_path(generation, index) for generation in range(args.generations)
            for index in range(args.keys)]


def create_keys(hosts: str, keys: list[str]) -> None:
    """Every key starts as empty data at version 0: the register `zabcheck lin` assumes."""
    client = connect(hosts)
    try:
        client.ensure_path(KEYS_DIR)
        client.ensure_path(EPHEMERALS_DIR)
        for key in keys:
            client.create(key, b"")
    finally:
        client.stop()
        client.close()


def run_faults(args, ensemble: Ensemble, folder: Path, base_ns: int) -> tuple[Nemesis, list]:
    """The main thread's part while the workers run: the seed's schedule until the time or
    fault budget is spent; everything healed and healthy again at the end."""
    steps = []
    with open(folder / "faults.log", "w") as log:
        def probe_key() -> str:
            elapsed_s = (time.monotonic_ns() - base_ns) / 1e9
            generation = min(int(elapsed_s / args.key_lifetime_s), args.generations - 1)
            return key_path(generation, 0)

        nemesis = Nemesis(ensemble, log, base_ns, probe_key)
        stop_at = time.monotonic() + args.duration_s
        plan = schedule(args.seed, kinds=args.fault_kinds)
        try:
            time.sleep(min(2.0, args.duration_s))  # a fault-free start
            while time.monotonic() < stop_at:
                if args.max_faults and len(steps) >= args.max_faults:
                    time.sleep(max(0.0, stop_at - time.monotonic()))
                    break
                step = next(plan)
                steps.append(step)
                nemesis.run_step(step, stop_at)
        finally:
            nemesis.heal("end")
        nemesis.wait_healthy("end")
    write_schedule(folder / "schedule.txt", args.seed, steps)
    return nemesis, steps


def run_checks(args, ensemble: Ensemble, folder: Path, ops: list, base_ns: int) -> dict:
    """Every check of nemesis_checks.py; returns name -> list of anomalies."""
    keys = all_keys(args)
    leader = ensemble.leader()
    finals = final_reads(ensemble.server(leader).address, keys)
    if args.plant:
        print(f"nemesis: planted {args.plant}: {plant(args.plant, ops, finals)}", flush=True)
    ops = ops + list(finals.values())
    anomalies: dict[str, list[str]] = {}
    register_ops = ("write", "cas", "sync_read", "final_read")
    write_history(folder / "history.jsonl", ops, base_ns, lambda op: op.op in register_ops)
    anomalies["linearizable"] = lin_anomalies(args.zabcheck, folder / "history.jsonl",
                                              args.lin_time_limit_s, "all sync+reads")
    for server in ensemble.servers:
        sid = server.sid
        path = folder / f"history_sync_{sid}.jsonl"
        write_history(path, ops, base_ns, lambda op, sid=sid: op.op in ("write", "cas") or (
            op.op == "sync_read" and op.server == sid))
        anomalies[f"sync_read_{sid}"] = lin_anomalies(
            args.zabcheck, path, args.lin_time_limit_s, f"the sync+reads server {sid} served")
    anomalies["versions"] = check_versions(ops)
    anomalies["monotonic"] = check_monotonic(ops)
    anomalies["lost_writes"] = check_lost_writes(ops, finals)
    anomalies["ephemerals"] = check_ephemerals(ensemble.hosts(), 3 * args.session_timeout_s + 10)
    anomalies["trees"] = check_trees({s.sid: s.address for s in ensemble.servers})
    # Not a check: whether plain reads happened to be linearizable too (ZooKeeper does not
    # promise it: a follower may lag behind a write another client saw acknowledged).
    write_history(folder / "history_all.jsonl", ops, base_ns, lambda op: True)
    verdict, _ = zabcheck_lin(args.zabcheck, folder / "history_all.jsonl", args.lin_time_limit_s)
    anomalies["info_plain_reads_linearizable"] = verdict
    return anomalies


def probe_figures(probe_ops: list) -> dict:
    """The stale-leader probes: how many, how many the old leader answered, how many stale
    (its read older than the write acknowledged by the new leader just before)."""
    writes = {op.process: op for op in probe_ops if op.op == "write"}
    reads = [op for op in probe_ops if op.op == "sync_read"]
    answered = [op for op in reads if op.outcome == "ok"]
    stale = [op for op in answered if writes[op.process - 1].outcome == "ok"
             and op.version < writes[op.process - 1].version]
    return {"probes": len(reads), "answered": len(answered), "stale": len(stale)}


def summarize(args, ops, nemesis: Nemesis, anomalies: dict, seconds: float) -> dict:
    by_kind = Counter(f"{op.op}:{op.outcome}" for op in ops)
    failed = {name: found for name, found in anomalies.items()
              if not name.startswith("info_") and found}
    return {
        "kind": args.kind, "seed": args.seed, "servers": args.servers, "workers": args.workers,
        "keys": args.keys, "seconds": round(seconds, 1), "operations": len(ops),
        "operations_by_kind": dict(sorted(by_kind.items())),
        "faults": sum(nemesis.counts.values()), "faults_by_kind": nemesis.counts,
        "stale_leader_probes": probe_figures(nemesis.probe_ops),
        "anomalies": sum(len(found) for found in failed.values()),
        "failed_checks": sorted(failed),
        "plain_reads_linearizable": anomalies.get("info_plain_reads_linearizable"),
    }


def run(args, folder: Path) -> int:
    config = EnsembleConfig(kind=args.kind, size=args.servers, zabd_path=args.zabd,
                            tick_time_ms=args.tick_time_ms, base_dir=str(folder / "servers"),
                            keep_dir=True)
    started = time.monotonic()
    with (PartitionedEnsemble if args.partitions else Ensemble)(config) as ensemble:
        ensemble.wait_ready(timeout_s=60)
        create_keys(ensemble.hosts(), all_keys(args))
        base_ns = time.monotonic_ns()
        stop = threading.Event()
        port_to_sid = {s.client_port: s.sid for s in ensemble.servers}
        workers = []
        for process in range(1, args.workers + 1):
            # Odd workers may use any server; even ones stay on one, so every server serves.
            sid = (process // 2 - 1) % args.servers + 1
            hosts = ensemble.hosts() if process % 2 else ensemble.server(sid).address
            workers.append(Worker(process, args.seed * 1000 + process, WorkerConfig(
                hosts=hosts, key_count=args.keys, key_lifetime_s=args.key_lifetime_s,
                generation_count=args.generations, base_ns=base_ns,
                op_timeout_s=args.op_timeout_s,
                session_timeout_s=args.session_timeout_s, port_to_sid=port_to_sid), stop))
        for worker in workers:
            worker.start()
        try:
            nemesis, steps = run_faults(args, ensemble, folder, base_ns)
            time.sleep(1.0)  # the workers see the healed ensemble
        finally:
            stop.set()
            for worker in workers:
                worker.join(timeout=args.op_timeout_s * 3 + 5)
            for worker in workers:
                worker.close()
        crashed = [f"worker {w.process}: {w.crashed!r}" for w in workers if w.crashed]
        stuck = [f"worker {w.process} did not stop" for w in workers if w.is_alive()]
        if crashed or stuck:
            print("nemesis: harness error: " + "; ".join(crashed + stuck), file=sys.stderr)
            return 2
        ops = sorted([op for w in workers for op in w.operations] + nemesis.probe_ops,
                     key=lambda op: op.invoke_ns)
        with open(folder / "ops.jsonl", "w") as out:
            for op in ops:
                out.write(json.dumps(op.record()) + "\n")
        anomalies = run_checks(args, ensemble, folder, ops, base_ns)
    summary = summarize(args, ops, nemesis, anomalies, time.monotonic() - started)
    (folder / "summary.json").write_text(json.dumps(summary, indent=2) + "\n")
    print(json.dumps(summary, indent=2))
    for name, found in anomalies.items():
        if name.startswith("info_"):
            continue
        print(f"check {name}: {'ok' if not found else f'FAILED ({len(found)})'}")
        for anomaly in found[:5]:
            print("    " + anomaly.replace("\n", "\n    "))
    return 1 if summary["anomalies"] else 0


def remove_data_dirs(folder: Path) -> None:
    """Keeps each server's log and config, deletes its data (snapshots and txn logs)."""
    for data in (folder / "servers").glob("*/data"):
        shutil.rmtree(data, ignore_errors=True)


def main() -> int:
    args = parse_args()
    folder = (Path(args.out) if args.out else Path(tempfile.mkdtemp(prefix="nemesis-"))).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    # kazoo logs every dropped connection: to the run's folder, not the terminal.
    handler = logging.FileHandler(folder / "kazoo.log")
    handler.setFormatter(logging.Formatter("%(asctime)s %(threadName)s %(message)s"))
    logging.getLogger("kazoo").addHandler(handler)
    logging.getLogger("kazoo").setLevel(logging.INFO)
    logging.getLogger("kazoo").propagate = False
    print(f"nemesis: {args.kind} x{args.servers}, seed {args.seed}, {args.duration_s} s, "
          f"folder {folder}", flush=True)
    try:
        status = run(args, folder)
    except EnsembleError as error:
        print(f"nemesis: the ensemble did not recover: {error}", file=sys.stderr)
        status = 1
    remove_data_dirs(folder)
    # A planted run is meant to fail its checks: its folder is not evidence of anything.
    discard = status == 0 or (args.plant and status == 1)
    if discard and not (args.keep or args.out):
        shutil.rmtree(folder, ignore_errors=True)
    else:
        print(f"nemesis: {'passed' if status == 0 else 'FAILED'}; the run's folder: {folder}\n"
              f"  reproduce: {' '.join(sys.argv)}", flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main())
