#!/usr/bin/python3
"""Records Apache ZooKeeper 3.8's answers to every four-letter word, as references for the format
of impl/runtime/four_letter_words (tests/runtime/four_letter_words_test.cpp reads the output).

Starts a 3-server ensemble and a standalone server (Debian's zookeeper package, through
tests/cluster/ensemble.py), gives them some state with kazoo (znodes with data, an ephemeral,
data/child/exists watches), then sends every word to the leader, a follower and the standalone
server and writes [{"mode", "word", "text"}] as JSON (the exact text, trailing newlines kept).
Usage: /usr/bin/python3 zk_4lw_capture.py OUT.json   (about 20 s; every process it starts is
stopped by PID through Ensemble.stop_all).
"""

import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "cluster"))

from ensemble import Ensemble, EnsembleConfig, four_letter  # noqa: E402
from kazoo.client import KazooClient  # noqa: E402

WORDS = ["ruok", "srvr", "stat", "mntr", "conf", "envi", "isro", "cons", "wchs", "wchc",
         "wchp", "dirs", "dump", "hash", "gtmk", "crst", "srst"]


def give_state(hosts):
    """Znodes, an ephemeral and watches of each kind, on a session that stays open."""
    zk = KazooClient(hosts=hosts, timeout=10.0)
    zk.start(timeout=15)
    zk.ensure_path("/a")
    zk.create("/a/b", b"hello")
    zk.create("/e", b"x", ephemeral=True)
    zk.get("/a/b", watch=lambda event: None)
    zk.get_children("/a", watch=lambda event: None)
    zk.exists("/missing", watch=lambda event: None)
    return zk


def record(out, mode, port):
    for word in WORDS:
        out.append({"mode": mode, "word": word, "text": four_letter("127.0.0.1", port, word)})


def main():
    out = []
    with Ensemble(EnsembleConfig(kind="apache", size=3)) as ensemble:
        leader = ensemble.wait_ready(timeout_s=60)
        follower = ensemble.followers()[0]
        zk = give_state(f"127.0.0.1:{ensemble.server(follower).client_port}")
        time.sleep(0.5)
        record(out, "follower", ensemble.server(follower).client_port)
        record(out, "leader", ensemble.server(leader).client_port)
        zk.stop()
        zk.close()
    with Ensemble(EnsembleConfig(kind="apache", size=1)) as ensemble:
        ensemble.wait_ready(timeout_s=60)
        port = ensemble.server(1).client_port
        zk = give_state(f"127.0.0.1:{port}")
        time.sleep(0.5)
        record(out, "standalone", port)
        zk.stop()
        zk.close()
    Path(sys.argv[1]).write_text(json.dumps(out, indent=1) + "\n")
    print(f"{len(out)} answers written to {sys.argv[1]}")


if __name__ == "__main__":
    main()
