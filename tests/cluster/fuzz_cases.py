"""Bad input for a ZooKeeper client port, as byte scripts, generated from a seeded random.Random.

A case is a list of steps a raw socket performs (send bytes, read one frame, close abruptly)
and what a server must do with it, following ZooKeeper 3.8 (research/wire.md §1): a frame over
jute.maxbuffer or with a negative length is refused by closing the connection (NIOServerCnxn
.readLength), a first frame that is not a ConnectRequest likewise, an unknown opcode is answered
{xid, -1, UNIMPLEMENTED} before the close (UnimplementedRequestProcessor), a record that does not
parse is answered MARSHALLINGERROR or nothing, then closed. Nothing here reads a clock or the
server's answers: the same seed gives the same cases. Standard library only.
"""

from __future__ import annotations

import random
import struct
from dataclasses import dataclass, field

JUTE_MAX_BUFFER = 0xFFFFF  # jute.maxbuffer's default, 1,048,575 bytes
SESSION_TIMEOUT_MS = 4000  # 2 x tickTime: the least a server grants
UNIMPLEMENTED = -6
MARSHALLING_ERROR = -5

# ZooDefs.OpCode: everything a 3.8 server serves or names; any other int is unknown to it.
KNOWN_OPCODES = set(range(0, 23)) | set(range(100, 108)) | {-1, -10, -11}
GET_DATA, CREATE, SET_DATA, EXISTS = 4, 1, 5, 3


def int32(value: int) -> bytes:
    return struct.pack(">i", value)


def int64(value: int) -> bytes:
    return struct.pack(">q", value)


def buffer(data: bytes) -> bytes:
    return int32(len(data)) + data


def string(text: str) -> bytes:
    return buffer(text.encode())


def frame(payload: bytes) -> bytes:
    return int32(len(payload)) + payload


def connect_request(session_id: int = 0, passwd: bytes = bytes(16)) -> bytes:
    """ConnectRequest{protocolVersion 0, lastZxidSeen 0, timeOut, sessionId, passwd} + readOnly."""
    return (int32(0) + int64(0) + int32(SESSION_TIMEOUT_MS) + int64(session_id) + buffer(passwd)
            + b"\x00")


def request(xid: int, opcode: int, record: bytes) -> bytes:
    return int32(xid) + int32(opcode) + record


def valid_record(rng: random.Random, opcode: int) -> bytes:
    path = "/fuzz-" + "".join(rng.choice("abcdefghij") for _ in range(rng.randint(10, 30)))
    if opcode in (GET_DATA, EXISTS):
        return string(path) + b"\x01"
    if opcode == SET_DATA:
        return string(path) + buffer(rng.randbytes(rng.randint(0, 40))) + int32(-1)
    # create: path, data, ACL vector (world:anyone ALL), flags
    acl = int32(1) + int32(31) + string("world") + string("anyone")
    return string(path) + buffer(rng.randbytes(rng.randint(0, 40))) + acl + int32(0)


def unknown_opcode(rng: random.Random) -> int:
    while True:
        opcode = rng.choice([rng.randint(23, 99), rng.randint(108, 100000),
                             rng.randint(-100000, -12), rng.randint(-(2**31), 2**31 - 1)])
        if opcode not in KNOWN_OPCODES:
            return opcode


@dataclass
class Case:
    """What to do on one connection and what the server must answer.

    steps: ("send", bytes) | ("connect",) (send a ConnectRequest, read the ConnectResponse, which
    must open a session) | ("abort",) (close with RST, mid-frame).
    expect:
      "refused"      the server closes without a byte;
      "unimplemented" one reply {xid, -1, -6}, then the close;
      "malformed"    nothing or one reply {xid, *, -5}, then the close;
      "any"          well-formed frames, closed or not (garbage that may happen to be valid);
      "none"         we close first: only the server's health tells.
    """

    kind: str
    steps: list[tuple] = field(default_factory=list)
    expect: str = "any"
    xid: int = 0
    refused_by_server: bool = False  # the server must log that it closed this connection


def random_first_frame(rng: random.Random) -> Case:
    return Case("random first frame", [("send", frame(rng.randbytes(rng.randint(0, 300))))], "any")


def oversize_frame(rng: random.Random, after_connect: bool) -> Case:
    length = rng.choice([JUTE_MAX_BUFFER + 1, rng.randint(JUTE_MAX_BUFFER + 1, 2**31 - 1),
                         rng.randint(-(2**31), -1)])
    tail = rng.randbytes(rng.randint(0, 64))
    steps = [("connect",)] if after_connect else []
    steps.append(("send", int32(length) + tail))
    kind = "oversize frame after connect" if after_connect else "oversize frame"
    return Case(kind, steps, "refused", refused_by_server=True)


def truncated_connect(rng: random.Random) -> Case:
    whole = connect_request()
    cut = whole[:rng.randint(0, len(whole) - 2)]  # the readOnly byte is optional: cut before it
    return Case("truncated ConnectRequest", [("send", frame(cut))], "refused",
                refused_by_server=True)


def connect_then_garbage(rng: random.Random) -> Case:
    garbage = [("send", frame(rng.randbytes(rng.randint(0, 200)))) for _ in range(rng.randint(1, 3))]
    return Case("ConnectRequest, then garbage", [("connect",), *garbage], "any")


def request_before_connect(rng: random.Random) -> Case:
    opcode = rng.choice([GET_DATA, CREATE, SET_DATA, EXISTS])
    payload = request(rng.randint(1, 1000), opcode, valid_record(rng, opcode))
    return Case("request before ConnectRequest", [("send", frame(payload))], "refused",
                refused_by_server=True)


def unknown_opcode_case(rng: random.Random) -> Case:
    xid = rng.randint(1, 2**31 - 1)
    payload = request(xid, unknown_opcode(rng), rng.randbytes(rng.randint(0, 50)))
    return Case("unknown opcode", [("connect",), ("send", frame(payload))], "unimplemented",
                xid=xid, refused_by_server=True)


def truncated_request(rng: random.Random) -> Case:
    xid = rng.randint(1, 2**31 - 1)
    opcode = rng.choice([GET_DATA, CREATE, SET_DATA, EXISTS])
    whole = valid_record(rng, opcode)
    payload = request(xid, opcode, whole[:rng.randint(0, len(whole) - 2)])
    return Case("truncated request record", [("connect",), ("send", frame(payload))], "malformed",
                xid=xid, refused_by_server=True)


def closed_mid_frame(rng: random.Random) -> Case:
    after_connect = rng.random() < 0.5
    length = rng.randint(8, 5000)
    body = rng.randbytes(rng.randint(0, length - 1))
    steps = [("connect",)] if after_connect else []
    steps += [("send", int32(length) + body), ("abort",)]
    return Case("closed mid-frame", steps, "none")


GENERATORS = [
    (random_first_frame, 3),
    (lambda rng: oversize_frame(rng, after_connect=False), 2),
    (lambda rng: oversize_frame(rng, after_connect=True), 2),
    (truncated_connect, 2),
    (connect_then_garbage, 3),
    (request_before_connect, 2),
    (unknown_opcode_case, 3),
    (truncated_request, 2),
    (closed_mid_frame, 2),
]


def generate(seed: int, count: int) -> list[Case]:
    """`count` cases from `seed`; every kind at least once when count allows."""
    rng = random.Random(seed)
    makers = [maker for maker, _ in GENERATORS]
    weights = [weight for _, weight in GENERATORS]
    cases = [maker(rng) for maker in makers[:count]]
    while len(cases) < count:
        cases.append(rng.choices(makers, weights)[0](rng))
    rng.shuffle(cases)
    return cases
