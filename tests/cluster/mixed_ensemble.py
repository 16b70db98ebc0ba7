"""zabd in an Apache ZooKeeper 3.8 ensemble (issue 15): the election and quorum protocols are
ZooKeeper's own bytes, so the two kinds elect, sync and broadcast together, and every server
checks the tree digest each txn carries against its own tree.

    /usr/bin/python3 tests/cluster/mixed_ensemble.py --zabd build/bin/zabd

Two ensembles of 3 servers on 127.0.0.1, one after the other:
  - 2 Apache + 1 zabd (zabd is server 3): with equal histories the highest sid leads, so zabd
    leads first (its LEADERINFO, NEWLEADER, DIFF, PROPOSAL with TxnDigest, COMMIT);
  - 1 Apache + 2 zabd (Apache is server 3): Apache leads first and the zabd servers follow
    (REQUEST forwarding, the leader's proposals with their digests).
In each, two workloads (sync_workload.py) run throughout, one whose sessions may only use the
zabd servers and one only the Apache servers: creates, and sync + getChildren checks. The
leader is killed (kill -9) and restarted until each kind has led; then every server in turn is
killed and restarted while the others serve. At the end every server must list every
acknowledged create, hold the same tree (data and stat of every znode, through a client of its
own), report no digest mismatch (mntr zk_digest_mismatches_count, and no mismatch in its log
across restarts), and list the same digest for every zxid two servers both keep in their digest
logs (`hash`). Every process is stopped by PID.
"""
from __future__ import annotations

import argparse
import sys
import time

from ensemble import Ensemble, EnsembleConfig
from nemesis_checks import read_tree
from sync_workload import (Workload, digest_logs_agree, digest_mismatches, read_all,
                           wait_node_counts_equal)

READY_S = 90
MAX_LEADER_KILLS = 4


def check(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)


def crash_and_restart(ensemble: Ensemble, sid: int, dwell_s: float) -> int:
    """kill -9 server `sid`, let the others serve without it, start it again; returns the
    leader once all three serve."""
    others = [s.sid for s in ensemble.servers if s.sid != sid]
    ensemble.kill(sid)
    ensemble.wait_ready(timeout_s=READY_S, sids=others)
    time.sleep(dwell_s)
    ensemble.start_server(sid)
    return ensemble.wait_ready(timeout_s=READY_S)


def run(zabd: str, zabd_sids: list[int], dwell_s: float) -> None:
    kinds = {sid: "zabd" for sid in zabd_sids}
    config = EnsembleConfig(kind="apache", size=3, zabd_path=zabd, kinds=kinds)
    name = f"{3 - len(zabd_sids)} Apache + {len(zabd_sids)} zabd (zabd: {zabd_sids})"
    with Ensemble(config) as ensemble:
        leader = ensemble.wait_ready(timeout_s=READY_S)
        sids = [s.sid for s in ensemble.servers]
        apache_sids = [sid for sid in sids if sid not in zabd_sids]
        workloads = {"zabd": Workload(ensemble.hosts(zabd_sids), root="/mixed/via-zabd"),
                     "apache": Workload(ensemble.hosts(apache_sids), root="/mixed/via-apache")}
        for workload in workloads.values():
            workload.start()
        leaders = [leader]
        try:
            time.sleep(dwell_s)
            # Kill the leader until each kind has led.
            while {ensemble.kind_of(sid) for sid in leaders} != {"zabd", "apache"}:
                check(len(leaders) <= MAX_LEADER_KILLS,
                      f"{name}: leaders {leaders}, not each kind after {MAX_LEADER_KILLS} kills")
                for workload in workloads.values():
                    workload.phase = f"leader {leaders[-1]} killed"
                leaders.append(crash_and_restart(ensemble, leaders[-1], dwell_s))
            # Then every server in turn.
            for sid in sids:
                for workload in workloads.values():
                    workload.phase = f"server {sid} killed"
                leaders.append(crash_and_restart(ensemble, sid, dwell_s))
                time.sleep(dwell_s)
        finally:
            for workload in workloads.values():
                workload.stop()
        for kind, workload in workloads.items():
            check(not workload.errors,
                  f"{name}: {len(workload.errors)} client errors through {kind} servers other "
                  "than a connection loss:\n  " + "\n  ".join(workload.errors[:10]))
            check(len(workload.acked) > 0 and workload.reads > 0,
                  f"{name}: the workload through {kind} servers did nothing")
            for sid in sids:
                read_all(ensemble, sid, workload.acknowledged(), root=workload.root)
        count = wait_node_counts_equal(ensemble)
        dumps = {sid: read_tree(ensemble.hosts([sid])) for sid in sids}
        for sid in sids[1:]:
            differ = sorted(path for path in dumps[sid].keys() | dumps[sids[0]].keys()
                            if dumps[sid].get(path) != dumps[sids[0]].get(path))
            check(not differ, f"{name}: servers {sids[0]} and {sid} differ at {differ[:5]}")
        mismatches = digest_mismatches(ensemble)
        check(not mismatches, f"{name}: digest mismatches: {mismatches}")
        agreed = digest_logs_agree(ensemble)
        check(agreed > 0,
              f"{name}: no zxid in the digest logs (hash) of both an Apache and a zabd server")
        acked = {kind: len(w.acked) for kind, w in workloads.items()}
        print(f"ok    {name}: leaders {leaders} "
              f"({', '.join(ensemble.kind_of(sid) for sid in leaders)}); creates acknowledged "
              f"{acked}, {sum(w.unknown for w in workloads.values())} unknown; "
              f"{sum(w.reads for w in workloads.values())} sync+reads; every server lists them "
              f"all, {count} znodes, equal trees, no digest mismatch; {agreed} digest log entries "
              "of an Apache and a zabd server agree", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(usage=__doc__)
    parser.add_argument("--zabd", required=True)
    parser.add_argument("--dwell-s", type=float, default=1.0,
                        help="seconds of workload between faults")
    args = parser.parse_args()
    run(args.zabd, zabd_sids=[3], dwell_s=args.dwell_s)
    run(args.zabd, zabd_sids=[1, 2], dwell_s=args.dwell_s)
    print("mixed_ensemble: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
