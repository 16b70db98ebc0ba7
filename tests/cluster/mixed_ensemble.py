"""zabd in an Apache ZooKeeper 3.8 ensemble (issue 15's first evidence): the election and quorum
protocols are ZooKeeper's own bytes, so the two kinds elect, sync and broadcast together.

    /usr/bin/python3 tests/cluster/mixed_ensemble.py --zabd build/bin/zabd

Two runs, each a fresh 3-server ensemble on 127.0.0.1:
  - zabd as server 3 with two Apache servers: equal histories elect the highest sid, so zabd
    leads and the Apache servers follow it (its LEADERINFO, NEWLEADER, DIFF, PROPOSAL/COMMIT);
  - zabd as server 1: an Apache server leads and zabd follows (it forwards its client's write in
    a REQUEST and applies the leader's proposals with their digests).
In each, a write through a client of one kind is read, after sync(), through a client of the
other, both ways; then every server's znode count agrees. Every process is stopped by PID.
"""
import argparse
import sys
import time

from kazoo.client import KazooClient

from ensemble import Ensemble, EnsembleConfig

CLIENT_TIMEOUT_S = 15


def check(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)


def znode_count(ensemble: Ensemble, sid: int) -> int:
    return int(ensemble.srvr(sid)["Node count"])


def run(zabd: str, zabd_sid: int, expect_zabd_leads: bool) -> None:
    config = EnsembleConfig(kind="apache", size=3, zabd_path=zabd, kinds={zabd_sid: "zabd"})
    with Ensemble(config) as ensemble:
        leader = ensemble.wait_ready(timeout_s=90)
        check((leader == zabd_sid) == expect_zabd_leads,
              f"leader is server {leader}; zabd is server {zabd_sid}")
        apache_sid = next(sid for sid in (1, 2, 3) if sid != zabd_sid)
        clients = []
        try:
            via_zabd = KazooClient(hosts=ensemble.hosts([zabd_sid]), timeout=CLIENT_TIMEOUT_S)
            via_apache = KazooClient(hosts=ensemble.hosts([apache_sid]), timeout=CLIENT_TIMEOUT_S)
            for client in (via_zabd, via_apache):
                client.start(timeout=CLIENT_TIMEOUT_S)
                clients.append(client)
            via_zabd.create("/mixed/from-zabd", b"written through zabd", makepath=True)
            via_apache.sync("/mixed")
            check(via_apache.get("/mixed/from-zabd")[0] == b"written through zabd",
                  "the Apache server does not read zabd's write")
            via_apache.create("/mixed/from-apache", b"written through Apache ZooKeeper")
            via_zabd.sync("/mixed")
            check(via_zabd.get("/mixed/from-apache")[0] == b"written through Apache ZooKeeper",
                  "zabd does not read the Apache server's write")
            check(sorted(via_zabd.get_children("/mixed")) == ["from-apache", "from-zabd"],
                  "zabd lists the wrong children")
            deadline = time.monotonic() + 10
            while True:
                counts = {sid: znode_count(ensemble, sid) for sid in (1, 2, 3)}
                if len(set(counts.values())) == 1:
                    break
                check(time.monotonic() < deadline, f"znode counts differ: {counts}")
                time.sleep(0.2)
            print(f"ok    zabd as server {zabd_sid} ({'leader' if expect_zabd_leads else 'follower'}"
                  f"), leader {leader}, znode counts {counts}", flush=True)
        except Exception:
            print(ensemble.log_tails(), file=sys.stderr)
            raise
        finally:
            for client in clients:
                client.stop()
                client.close()


def main() -> int:
    parser = argparse.ArgumentParser(usage=__doc__)
    parser.add_argument("--zabd", required=True)
    args = parser.parse_args()
    run(args.zabd, zabd_sid=3, expect_zabd_leads=True)
    run(args.zabd, zabd_sid=1, expect_zabd_leads=False)
    print("mixed_ensemble: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
