"""The nemesis suite's checks, run once the ensemble is healthy again (every server restarted
and serving, one leader). Each check returns a list of anomalies (plain sentences); an empty
list is a pass.

  linearizable     `zabcheck lin history.jsonl`: the writes, CASes and sync+reads of every
                   worker, plus one final sync+read per key, are linearizable per key
  sync_read_<sid>  the same with only the sync+reads a given server served: a sync() followed
                   by a read is linearizable on every server, the leader included
  versions         each version of a key is produced by exactly one acknowledged write, and
                   every ok read (plain ones too) at that version saw that write's value: the
                   replicas agree on one history
  monotonic        the versions one session observes of a key never go backwards (ZooKeeper's
                   per-session sequential consistency; a new session may start anywhere)
  lost_writes      the final read of each key is at or after the last acknowledged write
  ephemerals       every ephemeral znode is gone once every worker's session is closed or
                   expired (bounded by the session timeout)
  trees            every server's tree (data and Stat of every znode below /) is the same
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path
from typing import Optional

from kazoo.client import KazooClient

from nemesis_workers import EPHEMERALS_DIR, Operation

# How long a check's own client waits to connect and for each answer.
CLIENT_TIMEOUT_S = 15.0


def history_record(op: Operation, base_ns: int) -> Optional[dict]:
    """The operation in `zabcheck lin`'s format, or None if it is not a register operation."""
    kinds = {"write": "write", "cas": "cas", "sync_read": "read", "read": "read",
             "final_read": "read"}
    if op.op not in kinds:
        return None
    record = {"process": op.process, "op": kinds[op.op], "key": op.key,
              "invoke": op.invoke_ns - base_ns, "outcome": op.outcome}
    if op.complete_ns is not None:
        record["complete"] = op.complete_ns - base_ns
    if op.value is not None and (record["op"] != "read" or op.outcome == "ok"):
        record["value"] = op.value
    if op.outcome == "ok" and op.version is not None:
        record["version"] = op.version
    if op.expected_version is not None:
        record["expected_version"] = op.expected_version
    if op.error:
        record["error"] = op.error
    return record


def write_history(path: Path, ops: list[Operation], base_ns: int, keep) -> int:
    """Writes the operations `keep(op)` selects; returns how many."""
    count = 0
    with open(path, "w") as out:
        for op in ops:
            record = history_record(op, base_ns) if keep(op) else None
            if record is not None:
                out.write(json.dumps(record) + "\n")
                count += 1
    return count


def zabcheck_lin(zabcheck: str, history: Path, time_limit_s: float) -> tuple[str, str]:
    """(verdict, report) of `zabcheck lin`: ok / not linearizable / unknown / error."""
    svg = history.with_suffix(".svg")
    argv = [zabcheck, "lin", str(history), "--svg", str(svg), "--time-limit", str(time_limit_s)]
    result = subprocess.run(argv, capture_output=True, text=True, timeout=time_limit_s + 60)
    verdicts = {0: "ok", 1: "not linearizable", 5: "unknown"}
    report = result.stdout + result.stderr
    (history.with_suffix(".lin.txt")).write_text(report)
    return verdicts.get(result.returncode, f"error (exit {result.returncode})"), report


def lin_anomalies(zabcheck: str, history: Path, time_limit_s: float, what: str) -> list[str]:
    """One anomaly per key that is not linearizable (or one for an undecided or failed check),
    the first carrying zabcheck's report."""
    verdict, report = zabcheck_lin(zabcheck, history, time_limit_s)
    if verdict == "ok":
        return []
    keys = [line.split(": NOT LINEARIZABLE")[0].removeprefix("key ")
            for line in report.splitlines() if line.endswith(": NOT LINEARIZABLE")]
    first = f"zabcheck lin {history.name} ({what}): {verdict}\n{report}"
    return [first] + [f"{history.name}: key {key} is not linearizable" for key in keys[1:]]


def check_versions(ops: list[Operation]) -> list[str]:
    anomalies = []
    writer_of: dict[tuple[str, int], Operation] = {}
    for op in ops:
        if op.op in ("write", "cas") and op.outcome == "ok":
            other = writer_of.setdefault((op.key, op.version), op)
            if other is not op:
                anomalies.append(f"{op.key}: two acknowledged writes produced version "
                                 f"{op.version}: {other.value!r} and {op.value!r}")
    for op in ops:
        if op.op in ("read", "sync_read", "final_read") and op.outcome == "ok":
            writer = writer_of.get((op.key, op.version))
            if op.version == 0 and op.value != "":
                anomalies.append(f"{op.key}: p{op.process} read {op.value!r} at version 0")
            if writer is not None and writer.value != op.value:
                anomalies.append(f"{op.key}: p{op.process} {op.op} on server {op.server} saw "
                                 f"{op.value!r} at version {op.version}, which the acknowledged "
                                 f"write of {writer.value!r} produced")
    return anomalies


def check_monotonic(ops: list[Operation]) -> list[str]:
    anomalies = []
    last: dict[tuple[int, str, str], tuple[int, Operation]] = {}
    for op in sorted(ops, key=lambda o: o.complete_ns or 0):
        if op.outcome != "ok" or op.version is None or op.session is None:
            continue
        if op.op not in ("read", "sync_read", "write", "cas"):
            continue
        slot = (op.process, op.session, op.key)
        seen = last.get(slot)
        if seen is not None and op.version < seen[0]:
            anomalies.append(f"{op.key}: session {op.session} of p{op.process} saw version "
                             f"{seen[0]} ({seen[1].op} on server {seen[1].server}), then "
                             f"{op.version} ({op.op} on server {op.server})")
        if seen is None or op.version >= seen[0]:
            last[slot] = (op.version, op)
    return anomalies


def check_lost_writes(ops: list[Operation], finals: dict[str, Operation]) -> list[str]:
    anomalies = []
    for key, final in sorted(finals.items()):
        acked = [op for op in ops if op.key == key and op.op in ("write", "cas")
                 and op.outcome == "ok"]
        if final.outcome != "ok":
            anomalies.append(f"{key}: the final read failed ({final.error})")
            continue
        if acked:
            newest = max(acked, key=lambda op: op.version)
            if final.version < newest.version:
                anomalies.append(f"{key}: acknowledged write {newest.value!r} (version "
                                 f"{newest.version}) lost: the final read sees {final.value!r} "
                                 f"at version {final.version}")
    return anomalies


PLANTS = ("stale_read", "lost_write")


def plant(kind: str, ops: list[Operation], finals: dict[str, Operation]) -> str:
    """A planted anomaly, for the test of the tester: the checks must fail on it.
    stale_read: a sync+read in the second half answers its key's version-1 value; lost_write:
    the final read of a key answers the value before its last acknowledged write."""
    if kind == "stale_read":
        first = {op.key: op for op in ops if op.op in ("write", "cas") and op.outcome == "ok"
                 and op.version == 1}
        reads = [op for op in ops[len(ops) // 2:] if op.op == "sync_read" and op.outcome == "ok"
                 and op.key in first and op.version > 2]
        if not reads:
            raise RuntimeError("plant stale_read: no sync+read after version 2 to make stale")
        read = reads[0]
        read.value, read.version = first[read.key].value, 1
        return f"{read.key}: p{read.process}'s sync+read now answers version 1"
    if kind == "lost_write":
        key, final = next((k, f) for k, f in sorted(finals.items()) if f.version > 1)
        before = [op for op in ops if op.key == key and op.op in ("write", "cas")
                  and op.outcome == "ok" and op.version == final.version - 1]
        final.version -= 1
        final.value = before[0].value if before else "?"
        return f"{key}: the final read now answers version {final.version}"
    raise ValueError(f"unknown plant {kind!r}; expected one of {PLANTS}")


def connect(hosts: str) -> KazooClient:
    client = KazooClient(hosts=hosts, timeout=CLIENT_TIMEOUT_S,
                         connection_retry={"max_tries": 3, "delay": 0.2})
    client.start(timeout=CLIENT_TIMEOUT_S)
    return client


def final_reads(hosts: str, keys: list[str]) -> dict[str, Operation]:
    """One sync+read per key through one session (process 0), after the workers stopped."""
    client = connect(hosts)
    finals = {}
    try:
        for key in keys:
            op = Operation(process=0, op="final_read", key=key, invoke_ns=time.monotonic_ns())
            client.sync(key)
            data, stat = client.get(key)
            op.complete_ns = time.monotonic_ns()
            op.outcome, op.value, op.version = "ok", data.decode(), stat.version
            finals[key] = op
    finally:
        client.stop()
        client.close()
    return finals


def check_ephemerals(hosts: str, bound_s: float) -> list[str]:
    """Every worker's session is closed (or will expire): their ephemerals must go."""
    client = connect(hosts)
    try:
        deadline = time.monotonic() + bound_s
        while True:
            client.sync(EPHEMERALS_DIR)
            left = client.get_children(EPHEMERALS_DIR)
            if not left or time.monotonic() >= deadline:
                break
            time.sleep(0.5)
        owners = {}
        for name in left[:10]:
            stat = client.exists(f"{EPHEMERALS_DIR}/{name}")
            if stat is not None:
                owners[name] = f"0x{stat.ephemeralOwner:x}"
    finally:
        client.stop()
        client.close()
    if not left:
        return []
    return [f"{len(left)} ephemerals still exist {bound_s:.0f} s after every session was "
            f"closed or expired, e.g. {owners}"]


def read_tree(hosts: str) -> dict[str, tuple]:
    """Every znode below / except /zookeeper: (data, version, cversion, czxid, mzxid, pzxid,
    ephemeralOwner, numChildren), read after a sync through a session on one server."""
    client = connect(hosts)
    tree = {}
    try:
        client.sync("/")
        pending = ["/"]
        while pending:
            path = pending.pop()
            data, stat = client.get(path)
            tree[path] = (data, stat.version, stat.cversion, stat.czxid, stat.mzxid, stat.pzxid,
                          stat.ephemeralOwner, stat.numChildren)
            for child in client.get_children(path):
                child_path = f"{path.rstrip('/')}/{child}"
                if child_path != "/zookeeper":
                    pending.append(child_path)
    finally:
        client.stop()
        client.close()
    return tree


def check_trees(addresses: dict[int, str]) -> list[str]:
    trees = {sid: read_tree(address) for sid, address in addresses.items()}
    first_sid = min(trees)
    reference = trees[first_sid]
    anomalies = []
    for sid, tree in sorted(trees.items()):
        if tree == reference:
            continue
        paths = sorted(set(tree) | set(reference))
        diffs = [p for p in paths if tree.get(p) != reference.get(p)]
        shown = "; ".join(f"{p}: {reference.get(p)} vs {tree.get(p)}" for p in diffs[:3])
        anomalies.append(f"server {sid}'s tree differs from server {first_sid}'s at "
                         f"{len(diffs)} znodes: {shown}")
    return anomalies
