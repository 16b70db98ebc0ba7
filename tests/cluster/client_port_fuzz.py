#!/usr/bin/python3
"""Bad input on the client port of a running ensemble, over raw sockets (label e2e).

    client_port_fuzz.py --kind zabd --zabd PATH [--seed N] [--cases 300] [--timeout-s 150]

Starts a 3-server ensemble (tests/cluster/ensemble.py), then sends a few hundred cases from
fuzz_cases.py, round-robin over the servers: random frames, frames over jute.maxbuffer, truncated
records, a ConnectRequest followed by garbage, a request before any ConnectRequest, unknown
opcodes, connections closed mid-frame. Each case's answer is checked (fuzz_cases.Case.expect);
every 20 cases and at the end every server must still answer `ruok`; then every server must be
alive, a well-behaved client (kazoo) must create and read a znode through each of them, and the
servers' logs must name the connections they refused. The seed is printed first; the same seed
gives the same cases (`--seed N` reproduces a run). Every wait is bounded; the servers are
stopped by PID (ensemble.py).
"""

from __future__ import annotations

import argparse
import socket
import struct
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import fuzz_cases  # noqa: E402
from ensemble import KINDS, Ensemble, EnsembleConfig, four_letter  # noqa: E402

READ_WAIT_S = 3.0  # how long a server may take to answer or close
QUIET_WAIT_S = 0.3  # after an answer that may legitimately leave the connection open
# What zabd writes when it closes a client connection for bad input (impl/runtime/client_net).
ZABD_REFUSAL = "closing the connection of client"


class CaseFailed(AssertionError):
    pass


def read_available(sock: socket.socket, wait_s: float) -> tuple[bytes, bool]:
    """Reads until the peer closes or nothing comes for `wait_s`: (bytes, closed)."""
    data = b""
    deadline = time.monotonic() + wait_s
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            return data, False
        sock.settimeout(remaining)
        try:
            chunk = sock.recv(65536)
        except socket.timeout:
            return data, False
        except ConnectionResetError:
            return data, True
        if not chunk:
            return data, True
        data += chunk
        deadline = time.monotonic() + QUIET_WAIT_S  # more may follow; a quiet gap ends the read


def split_frames(data: bytes, what: str) -> list[bytes]:
    frames = []
    while data:
        if len(data) < 4:
            raise CaseFailed(f"{what}: {len(data)} stray bytes after the last frame")
        (length,) = struct.unpack(">i", data[:4])
        if length < 0 or len(data) < 4 + length:
            raise CaseFailed(f"{what}: a frame of length {length} with {len(data) - 4} bytes")
        frames.append(data[4:4 + length])
        data = data[4 + length:]
    return frames


def reply_header(payload: bytes) -> tuple[int, int, int]:
    if len(payload) < 16:
        raise CaseFailed(f"a reply of {len(payload)} bytes, shorter than a ReplyHeader")
    return struct.unpack(">iqi", payload[:16])


def read_exactly(sock: socket.socket, count: int, deadline: float) -> bytes:
    data = b""
    while len(data) < count:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise CaseFailed(f"{len(data)} of {count} bytes within {READ_WAIT_S} s")
        sock.settimeout(remaining)
        chunk = sock.recv(count - len(data))
        if not chunk:
            raise CaseFailed(f"the server closed after {len(data)} of {count} bytes")
        data += chunk
    return data


def open_session(sock: socket.socket) -> None:
    """A ConnectRequest, and its ConnectResponse (one frame) must open a session."""
    sock.sendall(fuzz_cases.frame(fuzz_cases.connect_request()))
    deadline = time.monotonic() + READ_WAIT_S
    (length,) = struct.unpack(">i", read_exactly(sock, 4, deadline))
    if length < 20 or length > 64:
        raise CaseFailed(f"a ConnectResponse of {length} bytes")
    response = read_exactly(sock, length, deadline)
    _, time_out, _ = struct.unpack(">iiq", response[:16])
    if time_out <= 0:
        raise CaseFailed(f"a valid ConnectRequest got timeOut {time_out}")


def check_answer(case: fuzz_cases.Case, data: bytes, closed: bool, kind: str) -> None:
    frames = split_frames(data, case.kind)
    if case.expect == "refused":
        if data or not closed:
            raise CaseFailed(f"expected the connection closed without a byte; got {data[:64]!r} "
                             f"(closed: {closed})")
    elif case.expect == "unimplemented":
        if len(frames) != 1 or reply_header(frames[0]) != (case.xid, -1, fuzz_cases.UNIMPLEMENTED):
            raise CaseFailed(f"expected one reply {{{case.xid}, -1, -6}}; got "
                             f"{[reply_header(f) for f in frames]}")
        if not closed:
            raise CaseFailed("the connection stayed open after UNIMPLEMENTED")
    elif case.expect == "malformed":
        headers = [reply_header(f) for f in frames]
        if len(headers) > 1 or (headers and (headers[0][0], headers[0][2]) !=
                                (case.xid, fuzz_cases.MARSHALLING_ERROR)):
            raise CaseFailed(f"expected nothing or {{{case.xid}, *, -5}}; got {headers}")
        # ZooKeeper answers -5 from its request processors and keeps the connection; zabd closes
        # it too, as issue 12 asks for a malformed record.
        if not closed and (kind == "zabd" or not headers):
            raise CaseFailed(f"the connection stayed open after a malformed record ({headers})")
    # "any": split_frames checked the framing; "none": we closed first.


def run_case(case: fuzz_cases.Case, port: int, kind: str) -> bool:
    """Runs one case against 127.0.0.1:port; True when the server closed the connection."""
    with socket.create_connection(("127.0.0.1", port), timeout=READ_WAIT_S) as sock:
        for step in case.steps:
            if step[0] == "connect":
                open_session(sock)
            elif step[0] == "send":
                try:
                    sock.sendall(step[1])
                except (BrokenPipeError, ConnectionResetError):
                    break  # the server closed already (checked below)
            elif step[0] == "abort":
                # SO_LINGER 0: the close sends RST, the rudest way to end mid-frame.
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                return False
        wait_s = READ_WAIT_S if case.expect != "any" else QUIET_WAIT_S
        data, closed = read_available(sock, wait_s)
        check_answer(case, data, closed, kind)
        return closed


def check_alive(ensemble: Ensemble, when: str) -> None:
    for server in ensemble.servers:
        if not server.running():
            raise CaseFailed(f"server {server.sid} died ({when}; exit status "
                             f"{server.process.returncode})")
        answer = four_letter("127.0.0.1", server.client_port, "ruok", timeout_s=5.0)
        if answer != "imok":
            raise CaseFailed(f"server {server.sid} answered ruok with {answer!r} ({when})")


def check_clients(ensemble: Ensemble, seed: int) -> None:
    from kazoo.client import KazooClient  # Debian's python3-kazoo, /usr/bin/python3 only

    paths = []
    for server in ensemble.servers:
        client = KazooClient(hosts=server.address, timeout=10.0)
        client.start(timeout=15.0)
        try:
            path = f"/fuzz-check-{seed}-{server.sid}"
            client.create(path, f"through {server.sid}".encode())
            client.sync(path)
            for earlier in paths + [path]:
                data, _ = client.get(earlier)
                expected = f"through {earlier.rsplit('-', 1)[1]}".encode()
                if data != expected:
                    raise CaseFailed(f"server {server.sid} read {earlier} as {data!r}")
            paths.append(path)
        finally:
            client.stop()
            client.close()


def check_logs(ensemble: Ensemble, refused: dict[str, int]) -> None:
    lines = []
    for server in ensemble.servers:
        lines += [line for line in server.log_path.read_text(errors="replace").splitlines()
                  if ZABD_REFUSAL in line]
    expected = sum(refused.values())
    print(f"client_port_fuzz: the logs name {len(lines)} refused connections "
          f"(the cases expected at least {expected})")
    if len(lines) < expected:
        raise CaseFailed(f"only {len(lines)} log lines '{ZABD_REFUSAL} ...' for {expected} "
                         f"refusals: {refused}")
    unimplemented = sum(1 for line in lines if "UNIMPLEMENTED" in line)
    if unimplemented < refused.get("unknown opcode", 0):
        raise CaseFailed(f"{unimplemented} UNIMPLEMENTED log lines for "
                         f"{refused.get('unknown opcode', 0)} unknown opcodes")


def fuzz(args: argparse.Namespace) -> None:
    cases = fuzz_cases.generate(args.seed, args.cases)
    config = EnsembleConfig(kind=args.kind, size=args.servers, zabd_path=args.zabd)
    deadline = time.monotonic() + args.timeout_s
    with Ensemble(config) as ensemble:
        ensemble.wait_ready(timeout_s=60)
        refused: dict[str, int] = {}
        kinds: dict[str, int] = {}
        for index, case in enumerate(cases):
            if time.monotonic() > deadline:
                raise CaseFailed(f"out of time after {index} of {len(cases)} cases")
            server = ensemble.servers[index % len(ensemble.servers)]
            try:
                closed = run_case(case, server.client_port, args.kind)
            except (CaseFailed, OSError) as error:
                raise CaseFailed(f"case {index} ({case.kind}) on server {server.sid}: {error}; "
                                 f"steps {[s[0] for s in case.steps]}") from error
            kinds[case.kind] = kinds.get(case.kind, 0) + 1
            if case.refused_by_server and closed:
                refused[case.kind] = refused.get(case.kind, 0) + 1
            if index % 20 == 19:
                check_alive(ensemble, f"after case {index}")
        time.sleep(0.5)  # the last closes reach the logs
        check_alive(ensemble, "after every case")
        print("client_port_fuzz: cases " + ", ".join(f"{k} x{n}" for k, n in sorted(kinds.items())))
        if args.kind == "zabd":
            check_logs(ensemble, refused)
        check_clients(ensemble, args.seed)
        print(f"client_port_fuzz: OK, {len(cases)} cases; every server alive and serving kazoo")


def main() -> int:
    parser = argparse.ArgumentParser(usage=__doc__)
    parser.add_argument("--kind", choices=KINDS, default="zabd")
    parser.add_argument("--zabd", help="zabd binary (default: $ZABD)")
    parser.add_argument("--servers", type=int, default=3)
    parser.add_argument("--seed", type=int, default=None, help="default: from the clock")
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--timeout-s", type=float, default=150.0)
    args = parser.parse_args()
    if args.seed is None:
        args.seed = time.time_ns() % 1_000_000_007
    print(f"client_port_fuzz: seed {args.seed} (reproduce: {Path(sys.argv[0]).name} --kind "
          f"{args.kind} --seed {args.seed} --cases {args.cases})", flush=True)
    try:
        fuzz(args)
    except CaseFailed as error:
        print(f"client_port_fuzz: FAILED (seed {args.seed}): {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
