"""The nemesis suite's faults: a schedule drawn from `random.Random(seed)` and its injection into
a running `Ensemble`.

Each step is one fault held for a while, then healed, then a quiet gap:
  kill_random    kill -9 one server, restart it after the hold
  kill_leader    kill -9 the server that says `Mode: leader`, restart it
  kill_majority  kill -9 a majority (no quorum is left: writes must stall, not diverge)
  kill_all       kill -9 every server (only the durable logs survive), restart them all
  pause_random   SIGSTOP one server (a long GC pause), SIGCONT after the hold
  pause_leader   SIGSTOP the leader: the others elect a new one while the old one sleeps; on
                 SIGCONT it still believes it leads until it notices (the stale-leader case)
  partition_leader  cut the leader off from every other server (its clients still reach it)
  partition_random  cut a random minority off from the majority
  stale_leader_probe  pause the leader until another one is elected, write through the new one,
                 then send a sync+read to the old one and resume it (nemesis_probe.py)
  partition_leader_probe  the same with the leader cut off instead of paused

The schedule (kinds, targets as draws, hold and gap times) depends only on the seed; which sid
"the leader" is depends on the run. Every injection and heal is one line of faults.log:
`<seconds since start> <action> <fault> <sids>`. Must run on the main thread: a restarted
server dies with the thread that started it (PR_SET_PDEATHSIG).
"""

from __future__ import annotations

import os
import random
import signal
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Optional, TextIO

from ensemble import Ensemble, EnsembleError
from nemesis_partitions import partition_pairs
from nemesis_probe import stale_leader_probe

FAULT_WEIGHTS = (("kill_random", 25), ("kill_leader", 20), ("kill_majority", 10),
                 ("kill_all", 5), ("pause_random", 20), ("pause_leader", 20),
                 ("partition_leader", 25), ("partition_random", 15),
                 ("stale_leader_probe", 15), ("partition_leader_probe", 15))
FAULT_KINDS = tuple(kind for kind, _ in FAULT_WEIGHTS)
# Partitions need an ensemble behind proxies (nemesis_partitions.py): drawn with --partitions.
PARTITION_KINDS = ("partition_leader", "partition_random", "partition_leader_probe")


@dataclass(frozen=True)
class FaultStep:
    kind: str
    draw: float  # in [0, 1): which servers, among those the kind allows
    hold_s: float
    gap_s: float


def schedule(seed: int, hold_s: tuple[float, float] = (1.0, 5.0),
             gap_s: tuple[float, float] = (1.0, 4.0),
             kinds: tuple[str, ...] = FAULT_KINDS) -> Iterator[FaultStep]:
    """The endless fault schedule of a seed (the run takes as many steps as fit)."""
    rng = random.Random(seed)
    weighted = [(kind, weight) for kind, weight in FAULT_WEIGHTS if kind in kinds]
    total = sum(weight for _, weight in weighted)
    while True:
        draw = rng.randrange(total)
        for kind, weight in weighted:
            if draw < weight:
                break
            draw -= weight
        yield FaultStep(kind=kind, draw=rng.random(), hold_s=round(rng.uniform(*hold_s), 2),
                        gap_s=round(rng.uniform(*gap_s), 2))


class Nemesis:
    """Injects and heals the steps of a schedule into an ensemble, logging each action."""

    def __init__(self, ensemble: Ensemble, log: TextIO, started_ns: int,
                 probe_key: Callable[[], str], heal_timeout_s: float = 60.0):
        self.ensemble = ensemble
        self.probe_key = probe_key
        self.probe_ops: list = []  # the probes' operations, for the history
        self.log = log
        self.started_ns = started_ns
        self.heal_timeout_s = heal_timeout_s
        self.counts: dict[str, int] = {}
        self.paused: list[int] = []
        self.killed: list[int] = []
        self.cut_pairs: list[tuple[int, int]] = []

    def note(self, action: str, fault: str, sids: list[int], extra: str = "") -> None:
        elapsed_s = (time.monotonic_ns() - self.started_ns) / 1e9
        line = f"{elapsed_s:9.3f} {action:6} {fault:14} {','.join(map(str, sids)) or '-'}"
        self.log.write(line + (f" {extra}" if extra else "") + "\n")
        self.log.flush()

    def targets(self, step: FaultStep) -> tuple[list[int], Optional[int]]:
        """The sids a step hits (and the leader seen before it, if any)."""
        sids = [s.sid for s in self.ensemble.servers]
        leader = self.ensemble.leader()
        count = len(sids)
        if step.kind in ("kill_leader", "pause_leader") and leader is not None:
            return [leader], leader
        if step.kind == "kill_all":
            return sids, leader
        if step.kind == "kill_majority":
            majority = count // 2 + 1
            order = random.Random(step.draw).sample(sids, count)
            return sorted(order[:majority]), leader
        # *_random, and *_leader when no leader is known right now.
        return [sids[int(step.draw * count)]], leader

    def inject(self, step: FaultStep) -> None:
        self.counts[step.kind] = self.counts.get(step.kind, 0) + 1
        if step.kind in PARTITION_KINDS:
            leader = self.ensemble.leader()
            sids = [s.sid for s in self.ensemble.servers]
            pairs, sides = partition_pairs(step.kind, sids, leader, step.draw)
            self.note("inject", step.kind, [], f"{sides} leader={leader} hold_s={step.hold_s}")
            self.ensemble.proxies.set_cut(pairs, cut=True)
            self.cut_pairs = pairs
            return
        sids, leader = self.targets(step)
        self.note("inject", step.kind, sids, f"leader={leader} hold_s={step.hold_s}")
        if step.kind.startswith("pause"):
            for sid in sids:
                os.kill(self.ensemble.server(sid).pid, signal.SIGSTOP)
                self.paused.append(sid)
        else:
            for sid in sids:
                self.ensemble.kill(sid)
                self.killed.append(sid)

    def heal(self, fault: str) -> None:
        """SIGCONT every paused server and restart every killed one (idempotent)."""
        paused, killed, cut_pairs = self.paused, self.killed, self.cut_pairs
        self.paused, self.killed, self.cut_pairs = [], [], []
        if cut_pairs:
            self.ensemble.proxies.set_cut(cut_pairs, cut=False)
            self.note("heal", fault, [], "links " + " ".join(f"{a}-{b}" for a, b in cut_pairs))
        for sid in paused:
            server = self.ensemble.server(sid)
            if server.running():
                os.kill(server.pid, signal.SIGCONT)
        for sid in killed:
            if not self.ensemble.server(sid).running():
                self.ensemble.start_server(sid)
        if paused or killed:
            self.note("heal", fault, sorted(paused + killed))

    def wait_healthy(self, fault: str) -> int:
        """Every server serving and one leader, within the bound; else EnsembleError."""
        started = time.monotonic()
        leader = self.ensemble.wait_ready(timeout_s=self.heal_timeout_s)
        self.note("ready", fault, [leader], f"after_s={time.monotonic() - started:.2f}")
        return leader

    def run_step(self, step: FaultStep, stop_at: float) -> None:
        """One fault: inject, hold, heal, wait until healthy, quiet gap (bounded by stop_at)."""
        if step.kind in ("stale_leader_probe", "partition_leader_probe"):
            self.counts[step.kind] = self.counts.get(step.kind, 0) + 1
            self.probe_ops += stale_leader_probe(
                self.ensemble, self.probe_key(), len(self.probe_ops) // 2 + 1,
                lambda action, sids, extra: self.note(action, step.kind, sids, extra),
                partition=step.kind == "partition_leader_probe")
            self.wait_healthy(step.kind)
            time.sleep(max(0.0, min(step.gap_s, stop_at - time.monotonic())))
            return
        try:
            self.inject(step)
            time.sleep(max(0.0, min(step.hold_s, stop_at - time.monotonic())))
        finally:
            self.heal(step.kind)
        self.wait_healthy(step.kind)
        time.sleep(max(0.0, min(step.gap_s, stop_at - time.monotonic())))


def write_schedule(path: Path, seed: int, steps: list[FaultStep]) -> None:
    with open(path, "w") as out:
        out.write(f"# schedule of seed {seed}: kind draw hold_s gap_s\n")
        for step in steps:
            out.write(f"{step.kind} {step.draw:.4f} {step.hold_s} {step.gap_s}\n")


__all__ = ["FAULT_KINDS", "FaultStep", "Nemesis", "schedule", "write_schedule", "EnsembleError"]
