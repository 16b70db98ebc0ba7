#!/usr/bin/env python3
"""Fuzzes tests/fuzz's libFuzzer targets and prints a table of what each run did.

Run through `./run.sh fuzz [options]`, which builds the targets first (clang 16, ASan + UBSan, in
build-asan/). Each target starts from its kept corpus (tests/fuzz/corpus/<target>, only read) and
writes new inputs, its log and any crash input under BUILD/fuzz-runs/<target>/. Two targets run
at a time (one per core). Exit status: 0 when no target crashed, 1 otherwise.

  ./run.sh fuzz --runs 1000000                 # the documented long run (README)
  ./run.sh fuzz --seconds 60 client_request    # one target for a minute
"""

import argparse
import concurrent.futures
import pathlib
import re
import shutil
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
TARGETS = ["client_request", "client_reply", "quorum_packet", "election", "zoo_cfg", "storage",
           "trace"]


def stat(log, name):
    found = re.findall(rf"stat::{name}:\s*(\d+)", log)
    return int(found[-1]) if found else 0


def run_target(build, target, args):
    out = build / "fuzz-runs" / target
    if out.exists():
        shutil.rmtree(out)
    (out / "found").mkdir(parents=True)
    command = [str(build / "bin" / f"fuzz_{target}"), "-print_final_stats=1",
               f"-artifact_prefix={out}/", f"-seed={args.seed}", "-timeout=10"]
    command += [f"-runs={args.runs}"] if args.runs else [f"-max_total_time={args.seconds}"]
    command += [str(out / "found"), str(ROOT / "tests/fuzz/corpus" / target)]
    start = time.monotonic()
    with open(out / "log.txt", "w") as log_file:
        # Bounded: a run asked for N inputs still stops after --limit-seconds.
        try:
            status = subprocess.run(command, stdout=log_file, stderr=subprocess.STDOUT,
                                    timeout=args.limit_seconds).returncode
        except subprocess.TimeoutExpired:
            status = "timeout"
    seconds = time.monotonic() - start
    log = (out / "log.txt").read_text(errors="replace")
    coverage = re.findall(r"cov: (\d+) ft: (\d+) corp: (\d+)", log)
    crashes = sorted(p.name for p in out.iterdir() if p.name.startswith(("crash-", "leak-",
                                                                          "timeout-", "oom-")))
    return {
        "target": target, "status": status, "seconds": seconds,
        "runs": stat(log, "number_of_executed_units"),
        "per_second": stat(log, "average_exec_per_sec"),
        "rss_mb": stat(log, "peak_rss_mb"),
        "cov": int(coverage[-1][0]) if coverage else 0,
        "features": int(coverage[-1][1]) if coverage else 0,
        "corpus": int(coverage[-1][2]) if coverage else 0,
        "new": len(list((out / "found").iterdir())),
        "crashes": crashes, "log": out / "log.txt",
    }


def print_table(results):
    header = ["target", "inputs run", "seconds", "inputs/s", "coverage", "features", "corpus",
              "new inputs", "peak RSS MB", "crashes"]
    rows = [[r["target"], f"{r['runs']:,}", f"{r['seconds']:.0f}", f"{r['per_second']:,}",
             str(r["cov"]), str(r["features"]), str(r["corpus"]), str(r["new"]),
             str(r["rss_mb"]), str(len(r["crashes"]))] for r in results]
    widths = [max(len(row[i]) for row in [header] + rows) for i in range(len(header))]
    line = lambda cells: "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths)) + " |"
    print(line(header))
    print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    for row in rows:
        print(line(row))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("targets", nargs="*", help=f"which targets (default: all of {TARGETS})")
    parser.add_argument("--build", type=pathlib.Path, default=ROOT / "build-asan")
    budget = parser.add_mutually_exclusive_group()
    budget.add_argument("--runs", type=int, help="inputs per target")
    budget.add_argument("--seconds", type=int, default=60, help="seconds per target (60)")
    parser.add_argument("--seed", type=int, default=1, help="libFuzzer's -seed (1)")
    parser.add_argument("--jobs", type=int, default=2, help="targets at a time (2)")
    parser.add_argument("--limit-seconds", type=int, default=3600,
                        help="stop a target's run after this long whatever --runs says (3600)")
    args = parser.parse_args()
    targets = args.targets or TARGETS
    unknown = [t for t in targets if t not in TARGETS]
    if unknown:
        parser.error(f"no target {unknown[0]!r}; the targets are {', '.join(TARGETS)}")
    missing = [t for t in targets if not (args.build / "bin" / f"fuzz_{t}").exists()]
    if missing:
        sys.exit(f"fuzz.py: no fuzz_{missing[0]} in {args.build}/bin: build with ./run.sh fuzz")

    results = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = [pool.submit(run_target, args.build, t, args) for t in targets]
        for future in concurrent.futures.as_completed(futures):
            result = future.result()
            print(f"fuzz.py: {result['target']}: {result['runs']:,} inputs in "
                  f"{result['seconds']:.0f} s, {len(result['crashes'])} crashes "
                  f"(log: {result['log']})", flush=True)
            results.append(result)
    results.sort(key=lambda r: targets.index(r["target"]))
    print_table(results)
    failed = [r for r in results if r["crashes"] or r["status"] != 0]
    for r in failed:
        print(f"fuzz.py: {r['target']} failed (exit {r['status']}): {r['crashes']}, see {r['log']}",
              file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
