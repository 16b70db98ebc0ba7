#!/usr/bin/env python3
"""Writes the fuzz targets' seed corpora (tests/fuzz/corpus/<target>/) from real inputs kept in
the tree: ZooKeeper 3.8's own traffic (tests/wire/data/zk38_capture.txt), its data directory
(tests/storage/golden/zk38), the saved counterexample traces and two of the spec, and a few
zoo.cfg files of the kinds users write. Each seed is named by the hash of its bytes, so running
this again only adds what changed. Usage: tests/fuzz/make_seeds.py [--out DIR]"""

import argparse
import hashlib
import pathlib
import struct
from collections import defaultdict

ROOT = pathlib.Path(__file__).resolve().parents[2]

# The request opcodes in the order of tests/wire/samples.cpp's client_opcodes(), which
# client_reply_fuzz.cpp indexes with a reply seed's first byte to pick the request it answers.
REQUEST_TYPES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22,
                 100, 101, 102, 103, 104, 105, 106, 107, -11]

ZOO_CFGS = {
    "standalone": "tickTime=2000\ndataDir=/var/lib/zookeeper\nclientPort=2181\n",
    "ensemble": (
        "# three servers\ntickTime=2000\ninitLimit=10\nsyncLimit=5\n"
        "dataDir=/var/lib/zookeeper\nclientPort=2181\nautopurge.snapRetainCount=3\n"
        "autopurge.purgeInterval=1\n4lw.commands.whitelist=srvr, mntr, ruok\n"
        "server.1=127.0.0.1:2888:3888\nserver.2=127.0.0.1:2889:3889\n"
        "server.3=127.0.0.1:2890:3890\n"),
    "observers": (
        "tickTime=500\ninitLimit=5\nsyncLimit=2\ndataDir=/tmp/zk\ndataLogDir=/tmp/zk-log\n"
        "clientPortAddress=127.0.0.1\nminSessionTimeout=1000\nmaxSessionTimeout=40000\n"
        "server.1=localhost:2888:3888;2181\nserver.2=localhost:2889:3889:participant;2182\n"
        "server.3=[::1]:2890:3890:observer;127.0.0.1:2183\npeerType=participant\n"),
    "hierarchical": (
        "tickTime=2000\ndataDir=/d\ngroup.1=1:2:3\ngroup.2=4:5:6\nweight.1=1\nweight.2=1\n"
        "weight.3=1\nweight.4=1\nweight.5=1\nweight.6=1\nserver.1=h1:2888:3888\n"
        "server.2=h2:2888:3888\nserver.3=h3:2888:3888\nserver.4=h4:2888:3888\n"
        "server.5=h5:2888:3888\nserver.6=h6:2888:3888\n"),
    "escapes": (
        "! a comment\ntickTime = 2000 \\\n  \ndataDir=C\\:\\\\zk\\u0041\r\n"
        "jute.maxbuffer=0x100000\nsnapCount=10\nstandaloneEnabled=false\n"
        "forceSync=no\nmaxClientCnxns=0\nserver.1=a:1:2\n"),
}


# Two counterexamples of the spec (`# model: spec`), as `zabcheck spec --bug counter-restarts
# --txns 2 --random-walks 5000 --seed 7` and `--bug commit-without-quorum --txns 2 ... --seed 1`
# wrote them: the corpus keeps only implementation traces.
SPEC_TRACES = {
    "counter-restarts": (
        '# zabcheck-trace 1\n'
        '# model: spec\n'
        '# property: zxid-monotonic\n'
        '# config: {"bug":"counter-restarts","crashes":0,"max_epoch":1,"properties":[],"restarts":0,"servers":1,"timeouts":0,"txns":2}\n'
        '# found-by: random walk 0 (seed 7) depth 19, 20 distinct states; shrunk from 19 to 6 actions\n'
        '# reproduce: zabcheck replay spec-counter-restarts.trace\n'
        '# reproduce: zabcheck spec --servers 1 --txns 2 --crashes 0 --restarts 0 --timeouts 0 --max-epoch 1 --bug counter-restarts\n'
        'elect s1\n'
        'newepoch s1\n'
        'epoch-acked s1\n'
        'commit-ld s1\n'
        'propose s1\n'
        'propose s1\n'
        '----\n'
        'violates zxid-monotonic: s1 logged <1,1> after <1,1>\n'
    ),
    "commit-without-quorum": (
        '# zabcheck-trace 1\n'
        '# model: spec\n'
        '# property: primary-integrity\n'
        '# config: {"bug":"commit-without-quorum","crashes":0,"max_epoch":2,"properties":[],"restarts":0,"servers":3,"timeouts":1,"txns":1}\n'
        '# found-by: random walk 1082 (seed 1) depth 23, 10354 distinct states; shrunk from 23 to 17 actions\n'
        '# reproduce: zabcheck replay spec-commit-without-quorum.trace\n'
        '# reproduce: zabcheck spec --servers 3 --txns 1 --crashes 0 --restarts 0 --timeouts 1 --max-epoch 2 --bug commit-without-quorum\n'
        'elect s2\n'
        'followerinfo s1 -> s2\n'
        'newepoch s2\n'
        'ackepoch s1 -> s2\n'
        'epoch-acked s2\n'
        'newleader s2 -> s1\n'
        'commit-ld s2\n'
        'propose s2\n'
        'commit s2\n'
        'follower-timeout s1\n'
        'elect s1\n'
        'followerinfo s3 -> s1\n'
        'newepoch s1\n'
        'ackepoch s3 -> s1\n'
        'epoch-acked s1\n'
        'newleader s1 -> s3\n'
        'commit-ld s1\n'
        '----\n'
        'violates primary-integrity: s1 established epoch 2 without delivering committed <1,1>\n'
    ),
}


def write_seed(out, target, data):
    folder = out / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()[:16]).write_bytes(data)


def frames(stream):
    """Splits a client-port stream into payloads (4-byte big-endian length, then the payload)."""
    payloads, offset = [], 0
    while offset + 4 <= len(stream):
        (length,) = struct.unpack(">i", stream[offset:offset + 4])
        if length < 0 or offset + 4 + length > len(stream):
            break
        payloads.append(stream[offset + 4:offset + 4 + length])
        offset += 4 + length
    return payloads


def capture_streams():
    streams = defaultdict(bytes)
    path = ROOT / "tests/wire/data/zk38_capture.txt"
    for line in path.read_text().splitlines():
        if not line or line.startswith("#"):
            continue
        kind, connection, direction, hex_bytes = line.split()
        streams[(kind, connection, direction)] += bytes.fromhex(hex_bytes)
    return streams


def client_seeds(out, streams):
    for (kind, connection, direction), stream in streams.items():
        if kind != "client" or direction != "c2s":
            continue
        # Byte 0 picks the chunking: a few of each, so the readers see splits from the start.
        for chunking in (0, 7, 63):
            write_seed(out, "client_request", bytes([chunking]) + stream)
        # The replies, each with the request it answers.
        request_type = {}
        for payload in frames(stream)[1:]:
            if len(payload) >= 8:
                xid, op = struct.unpack(">ii", payload[:8])
                request_type[xid] = op
        replies = frames(streams.get((kind, connection, "s2c"), b""))
        if replies:
            write_seed(out, "client_reply", bytes([0]) + replies[0])  # the connect response
        for payload in replies[1:]:
            if len(payload) < 4:
                continue
            (xid,) = struct.unpack(">i", payload[:4])
            op = request_type.get(xid, 11)  # notifications (-1) and pings
            selector = REQUEST_TYPES.index(op) if op in REQUEST_TYPES else 0
            write_seed(out, "client_reply", bytes([selector]) + payload)


def quorum_packet_ends(stream):
    """The offsets where the jute QuorumPackets {int type, long zxid, buffer data, vector<Id>
    authinfo} at the start of a quorum stream end (up to the first that does not parse: a SNAP's
    database follows its packet)."""
    ends, offset = [], 0

    def i32(at):
        return struct.unpack(">i", stream[at:at + 4])[0] if at + 4 <= len(stream) else None

    while True:
        at = offset + 12
        length = i32(at)
        if length is None:
            return ends
        at += 4 + max(length, 0)
        count = i32(at)
        if count is None:
            return ends
        at += 4
        for _ in range(max(count, 0) * 2):  # each Id: scheme and id strings
            string_length = i32(at)
            if string_length is None or string_length < 0:
                return ends
            at += 4 + string_length
        if at > len(stream):
            return ends
        ends.append(at)
        offset = at


def peer_seeds(out, streams, piece_bytes=1024):
    for (kind, _, _), stream in streams.items():
        if kind == "election":
            for chunking in (0, 5, 63):
                write_seed(out, "election", bytes([chunking]) + stream)
        elif kind == "quorum":
            # The whole stream once, and packet-aligned pieces of about `piece_bytes`: small
            # inputs keep the fuzzer fast, and every packet type still starts an input.
            write_seed(out, "quorum_packet", bytes([63]) + stream)
            start = 0
            for end in quorum_packet_ends(stream):
                if end - start >= piece_bytes:
                    write_seed(out, "quorum_packet", bytes([end % 64]) + stream[start:end])
                    start = end
            if start < len(stream):
                write_seed(out, "quorum_packet", bytes([start % 64]) + stream[start:])


def storage_seeds(out):
    data_dir = ROOT / "tests/storage/golden/zk38/version-2"
    for path in sorted(data_dir.iterdir()):
        selector = {"log": 0, "snapshot": 1}.get(path.name.split(".")[0], 3)
        write_seed(out, "storage", bytes([selector]) + path.read_bytes())


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=pathlib.Path, default=ROOT / "tests/fuzz/corpus")
    args = parser.parse_args()
    streams = capture_streams()
    client_seeds(args.out, streams)
    peer_seeds(args.out, streams)
    storage_seeds(args.out)
    for text in ZOO_CFGS.values():
        write_seed(args.out, "zoo_cfg", text.encode())
    for trace in sorted((ROOT / "counterexamples/corpus").glob("*.trace")):
        write_seed(args.out, "trace", trace.read_bytes())
    for text in SPEC_TRACES.values():
        write_seed(args.out, "trace", text.encode())
    for target in sorted(p.name for p in args.out.iterdir()):
        print(f"{target}: {len(list((args.out / target).iterdir()))} seeds")


if __name__ == "__main__":
    main()
