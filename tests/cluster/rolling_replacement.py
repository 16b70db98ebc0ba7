"""A rolling replacement (issue 15): the servers of a running Apache ZooKeeper 3.8 ensemble are
replaced by zabd one at a time, on the same ports, zoo.cfg and data directories, while clients
keep working; then the reverse, zabd -> Apache ZooKeeper.

    /usr/bin/python3 tests/cluster/rolling_replacement.py --zabd build/bin/zabd [--dwell-s 3]

The workload is two kazoo sessions, each given every server (kazoo picks one and fails over when
it goes): a writer creating /roll/w-<n> one after another, and a reader doing sync() +
getChildren and checking that it sees every create acknowledged before its sync began. At each
step one server is stopped with SIGTERM and the other kind started in its place; once the
ensemble serves again with one leader, a fresh session connected to that server alone must read
every acknowledged create after sync (it loaded the other kind's snapshot and logs, or synced
from the leader). At the end, with the workload stopped, every server must list every
acknowledged create, report the same znode count and report no digest mismatch (mntr, and its
log across restarts). Failing checks, or any client error other than a connection loss (no
session may expire), exit 1. Every process is stopped by PID.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass

from ensemble import Ensemble, EnsembleConfig, EnsembleError
from sync_workload import Workload, digest_mismatches, read_all, wait_node_counts_equal


@dataclass
class Step:
    sid: int
    kind: str
    leader: int
    leader_kind: str
    seconds: float  # from the stop to the ensemble serving again with one leader
    acked: int  # acknowledged creates so far
    listed: int  # children the replaced server listed


def run(zabd: str, dwell_s: float) -> list[Step]:
    config = EnsembleConfig(kind="apache", size=3, zabd_path=zabd)
    steps: list[Step] = []
    with Ensemble(config) as ensemble:
        ensemble.wait_ready(timeout_s=90)
        workload = Workload(ensemble.hosts())
        workload.start()
        try:
            time.sleep(dwell_s)
            sids = [server.sid for server in ensemble.servers]
            for kind in ("zabd", "apache"):
                for sid in sids:
                    workload.phase = f"{kind} replacing server {sid}"
                    started = time.monotonic()
                    ensemble.replace(sid, kind)
                    leader = ensemble.wait_ready(timeout_s=90, sids=sids)
                    seconds = time.monotonic() - started
                    listed = read_all(ensemble, sid, workload.acknowledged())
                    steps.append(Step(sid, kind, leader, ensemble.kind_of(leader), seconds,
                                      len(workload.acked), listed))
                    print(f"step  {kind} in place of server {sid}: serving after {seconds:.1f} s, "
                          f"leader {leader} ({ensemble.kind_of(leader)}), {listed} znodes listed",
                          flush=True)
                    time.sleep(dwell_s)
        finally:
            workload.stop()
        acked = workload.acknowledged()
        for sid in sids:
            read_all(ensemble, sid, acked)
        count = wait_node_counts_equal(ensemble)
        # Each kind loaded the other's snapshots and logs and compared their digests.
        mismatches = digest_mismatches(ensemble)
        if mismatches:
            raise AssertionError(f"digest mismatches: {mismatches}")
        print(f"done  {len(acked)} creates acknowledged, {workload.unknown} unknown "
              f"(connection lost), {workload.reads} sync+reads, {workload.losses} connection "
              f"losses; every server lists them all and counts {count} znodes; no digest mismatch",
              flush=True)
        if workload.errors:
            raise AssertionError(f"{len(workload.errors)} client errors other than a connection "
                                 "loss:\n  " + "\n  ".join(workload.errors[:10]))
        if workload.reads == 0 or len(acked) == 0:
            raise AssertionError("the workload did nothing")
    return steps


def main() -> int:
    parser = argparse.ArgumentParser(usage=__doc__)
    parser.add_argument("--zabd", required=True)
    parser.add_argument("--dwell-s", type=float, default=3.0,
                        help="seconds of workload before the first step and after each")
    args = parser.parse_args()
    started = time.monotonic()
    try:
        steps = run(args.zabd, args.dwell_s)
    except (AssertionError, EnsembleError) as error:
        print(f"rolling_replacement: FAILED: {error}", file=sys.stderr)
        return 1
    print("| step | server | now runs | serving again after | leader then | creates acked so far |")
    print("|---:|---:|---|---:|---:|---:|")
    for i, step in enumerate(steps, 1):
        print(f"| {i} | {step.sid} | {step.kind} | {step.seconds:.1f} s | "
              f"{step.leader} ({step.leader_kind}) | {step.acked} |")
    print(f"rolling_replacement: OK in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
