"""A ZooKeeper ensemble on 127.0.0.1 for the e2e tests and the cluster benchmark.

An `Ensemble` writes one zoo.cfg and dataDir/myid per server into a fresh temporary directory,
with distinct free ports, starts every server as a child process (Apache ZooKeeper 3.8's
QuorumPeerMain from Debian's packages, or `zabd <zoo.cfg>`), waits until each one answers the
`srvr` four-letter word and exactly one says `Mode: leader`, and can kill, stop and restart
single servers. Every process is stopped by its PID: by `stop_all()`, by the context manager,
at interpreter exit (atexit, also after SIGTERM/SIGINT), and, should this Python process die by
SIGKILL, by the kernel (each server runs under `setpriv --pdeathsig KILL`).

Run with Debian's /usr/bin/python3 (kazoo is only importable there); this module itself needs
nothing beyond the standard library. See research/wire.md section 6 for how Debian's ZooKeeper
runs and its pitfalls.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

# Re-exported: the tests and the benchmark import everything from here.
from loopback import dies_with_parent, four_letter, free_ports, parse_srvr, tail  # noqa: F401

KINDS = ("apache", "zabd")

# Debian's ZooKeeper: the server jar plus an SLF4J binding and log4j 1.2; without the binding
# the server logs nothing at all (wire.md 6.3).
ZOOKEEPER_CLASSPATH = (
    "/usr/share/java/zookeeper.jar",
    "/usr/share/java/slf4j-log4j12.jar",
    "/usr/share/java/log4j-1.2.jar",
)
QUORUM_PEER_MAIN = "org.apache.zookeeper.server.quorum.QuorumPeerMain"

# Modes a serving server reports in `srvr`.
SERVING_MODES = ("leader", "follower", "observer", "standalone")


class EnsembleError(RuntimeError):
    """The ensemble did not reach the state asked for; the message carries the evidence."""


@dataclass
class Server:
    """One member of the ensemble: its id (ZooKeeper's sid / myid), ports and files."""

    sid: int
    client_port: int
    quorum_port: int
    election_port: int
    root: Path
    process: Optional[subprocess.Popen] = None
    start_count: int = 0

    @property
    def conf_dir(self) -> Path:
        return self.root / "conf"

    @property
    def conf_path(self) -> Path:
        return self.conf_dir / "zoo.cfg"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def log_path(self) -> Path:
        """stdout and stderr of the server process (all restarts appended)."""
        return self.root / "server.log"

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.client_port}"

    @property
    def pid(self) -> Optional[int]:
        return self.process.pid if self.process else None

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None


@dataclass
class EnsembleConfig:
    kind: str = "apache"
    size: int = 3
    zabd_path: Optional[str] = None  # default: $ZABD
    tick_time_ms: int = 2000
    init_limit_ticks: int = 10
    sync_limit_ticks: int = 5
    max_client_cnxns: int = 60
    # Extra zoo.cfg lines, key -> value, for both kinds (zabd rejects keys it does not know).
    cfg_extra: dict[str, str] = field(default_factory=dict)
    # Apache only: JVM options, and the txn log preallocation (KiB; ZooKeeper's default of
    # 64 MiB per log is wasteful for short runs, wire.md 6.4 pitfall 7).
    java_opts: tuple[str, ...] = ("-Xmx256m",)
    pre_alloc_size_kb: int = 4096
    # Mixed ensembles: sid -> kind for the servers whose kind differs from `kind`.
    kinds: dict[int, str] = field(default_factory=dict)
    base_dir: Optional[str] = None  # default: a fresh directory under $TMPDIR
    keep_dir: bool = False  # keep the directory after stop_all (also with $ZK_KEEP_DIR=1)


_live_ensembles: "set[Ensemble]" = set()
_live_lock = threading.Lock()


def _stop_live_ensembles() -> None:
    with _live_lock:
        ensembles = list(_live_ensembles)
    for ensemble in ensembles:
        ensemble.stop_all()


def _exit_on_signal(signum, _frame) -> None:
    # Turn SIGTERM (what CTest and timeout(1) send) into SystemExit so that finally blocks and
    # atexit handlers stop the servers.
    raise SystemExit(128 + signum)


atexit.register(_stop_live_ensembles)


def _install_signal_handlers() -> None:
    if threading.current_thread() is not threading.main_thread():
        return
    for signum in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(signum) == signal.SIG_DFL:
            signal.signal(signum, _exit_on_signal)


class Ensemble:
    """N servers of one kind on 127.0.0.1. Use as a context manager:

        with Ensemble(EnsembleConfig(kind="apache", size=3)) as ens:
            leader = ens.wait_ready()
            client = KazooClient(hosts=ens.hosts())
    """

    def __init__(self, config: EnsembleConfig):
        for kind in (config.kind, *config.kinds.values()):
            if kind not in KINDS:
                raise ValueError(f"unknown server kind {kind!r}; expected one of {KINDS}")
        if config.size < 1:
            raise ValueError(f"an ensemble needs at least one server, not {config.size}")
        self.config = config
        used = {self.kind_of(sid) for sid in range(1, config.size + 1)}
        self._zabd = self._find_zabd() if "zabd" in used else None
        if "apache" in used:
            self._check_apache_installed()
        if config.base_dir:
            self.base_dir = Path(config.base_dir)
            self.base_dir.mkdir(parents=True, exist_ok=True)
        else:
            self.base_dir = Path(tempfile.mkdtemp(prefix=f"zk-{config.kind}-"))
        ports = free_ports(3 * config.size)
        self.servers = [
            Server(sid=i + 1, client_port=ports[3 * i], quorum_port=ports[3 * i + 1],
                   election_port=ports[3 * i + 2], root=self.base_dir / str(i + 1))
            for i in range(config.size)
        ]
        self._stopped = False
        self.write_configs()

    # ---- configuration ----------------------------------------------------------------------

    def kind_of(self, sid: int) -> str:
        return self.config.kinds.get(sid, self.config.kind)

    def _find_zabd(self) -> str:
        path = self.config.zabd_path or os.environ.get("ZABD")
        if not path:
            raise EnsembleError("kind 'zabd' needs the binary: pass zabd_path or set $ZABD")
        if not (os.path.isfile(path) and os.access(path, os.X_OK)):
            raise EnsembleError(f"zabd binary {path!r} does not exist or is not executable")
        return os.path.abspath(path)

    @staticmethod
    def _check_apache_installed() -> None:
        missing = [jar for jar in ZOOKEEPER_CLASSPATH if not os.path.exists(jar)]
        if shutil.which("java") is None:
            missing.append("java")
        if missing:
            raise EnsembleError(
                "Apache ZooKeeper is not installed (missing " + ", ".join(missing) +
                "); ./run.sh test installs zookeeper, libzookeeper-java, libslf4j-java and "
                "liblog4j1.2-java")

    def cfg_lines(self, server: Server) -> list[str]:
        """zoo.cfg of one server. Only keys both ZooKeeper and zabd read (issue 12's list)."""
        cfg = self.config
        lines = [
            f"tickTime={cfg.tick_time_ms}",
            f"initLimit={cfg.init_limit_ticks}",
            f"syncLimit={cfg.sync_limit_ticks}",
            f"dataDir={server.data_dir}",
            f"clientPort={server.client_port}",
            "clientPortAddress=127.0.0.1",
            f"maxClientCnxns={cfg.max_client_cnxns}",
            # Jetty would bind 8080 on every server (wire.md 6.4 pitfall 1).
            "admin.enableServer=false",
            "4lw.commands.whitelist=*",
            "forceSync=yes",
            "autopurge.snapRetainCount=3",
            "autopurge.purgeInterval=0",
        ]
        # cfg_extra replaces a default line with the same key (both kinds refuse a key twice).
        lines = [line for line in lines if line.split("=", 1)[0] not in cfg.cfg_extra]
        lines += [f"{key}={value}" for key, value in cfg.cfg_extra.items()]
        if cfg.size > 1:  # no server lines: standalone mode
            lines += [f"server.{s.sid}=127.0.0.1:{s.quorum_port}:{s.election_port}"
                      for s in self.servers]
        return lines

    def write_configs(self) -> None:
        for server in self.servers:
            server.conf_dir.mkdir(parents=True, exist_ok=True)
            server.data_dir.mkdir(parents=True, exist_ok=True)
            server.conf_path.write_text("\n".join(self.cfg_lines(server)) + "\n")
            (server.data_dir / "myid").write_text(f"{server.sid}\n")
            if self.kind_of(server.sid) == "apache":
                # Our own log4j 1.2 configuration: everything at INFO to stdout, which goes to
                # server.log like zabd's stderr.
                (server.conf_dir / "log4j.properties").write_text(
                    "log4j.rootLogger=INFO, CONSOLE\n"
                    "log4j.appender.CONSOLE=org.apache.log4j.ConsoleAppender\n"
                    "log4j.appender.CONSOLE.layout=org.apache.log4j.PatternLayout\n"
                    "log4j.appender.CONSOLE.layout.ConversionPattern="
                    "%d{ISO8601} %-5p [%t:%C{1}@%L] %m%n\n")

    def command(self, server: Server) -> list[str]:
        if self.kind_of(server.sid) == "zabd":
            return [self._zabd, str(server.conf_path)]
        classpath = ":".join((str(server.conf_dir),) + ZOOKEEPER_CLASSPATH)
        return (["java", *self.config.java_opts,
                 f"-Dzookeeper.preAllocSize={self.config.pre_alloc_size_kb}",
                 f"-Dlog4j.configuration=file:{server.conf_dir / 'log4j.properties'}",
                 "-cp", classpath, QUORUM_PEER_MAIN, str(server.conf_path)])

    # ---- lifecycle --------------------------------------------------------------------------

    def server(self, sid: int) -> Server:
        for server in self.servers:
            if server.sid == sid:
                return server
        raise KeyError(f"no server {sid} in an ensemble of {len(self.servers)}")

    def hosts(self, sids: Optional[list[int]] = None) -> str:
        """Connect string "127.0.0.1:p1,127.0.0.1:p2,..." of the given (default: all) servers."""
        chosen = self.servers if sids is None else [self.server(sid) for sid in sids]
        return ",".join(server.address for server in chosen)

    def start(self) -> "Ensemble":
        _install_signal_handlers()
        with _live_lock:
            _live_ensembles.add(self)
        self._stopped = False
        for server in self.servers:
            self.start_server(server.sid)
        return self

    def start_server(self, sid: int) -> Server:
        """Starts one server (again). Call from the main thread: the kernel kills the server
        when the thread that started it ends (PR_SET_PDEATHSIG)."""
        server = self.server(sid)
        if server.running():
            raise EnsembleError(f"server {sid} is already running (pid {server.pid})")
        with _live_lock:
            _live_ensembles.add(self)
        # setpriv execs the server, so the PID we record is the server's own.
        argv = dies_with_parent(self.command(server))
        with open(server.log_path, "ab") as log:
            server.start_count += 1
            log.write(f"==== start {server.start_count}: {' '.join(argv)}\n".encode())
            log.flush()
            server.process = subprocess.Popen(
                argv, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                cwd=server.root, close_fds=True)
        return server

    def signal_server(self, sid: int, signum: int, wait_s: float = 15.0) -> None:
        """Sends `signum` to the server's PID and waits (bounded) for it to exit."""
        server = self.server(sid)
        if not server.running():
            raise EnsembleError(f"server {sid} is not running")
        server.process.send_signal(signum)
        try:
            server.process.wait(timeout=wait_s)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(timeout=5)
            raise EnsembleError(f"server {sid} (pid {server.pid}) ignored signal {signum} for "
                                f"{wait_s} s and was killed")

    def kill(self, sid: int) -> None:
        """kill -9: the crash the protocol must survive."""
        self.signal_server(sid, signal.SIGKILL)

    def terminate(self, sid: int) -> None:
        """SIGTERM: an orderly shutdown."""
        self.signal_server(sid, signal.SIGTERM)

    def restart(self, sid: int) -> Server:
        if self.server(sid).running():
            self.terminate(sid)
        return self.start_server(sid)

    def replace(self, sid: int, kind: str) -> Server:
        """A rolling replacement's step: stops server `sid` (SIGTERM) and starts a server of
        `kind` in its place, on the same ports, zoo.cfg and data directory (both kinds read and
        write ZooKeeper 3.8's files)."""
        if kind not in KINDS:
            raise ValueError(f"unknown server kind {kind!r}; expected one of {KINDS}")
        if self.server(sid).running():
            self.terminate(sid)
        if kind == "zabd" and self._zabd is None:
            self._zabd = self._find_zabd()
        if kind == "apache":
            self._check_apache_installed()
        self.config.kinds[sid] = kind
        self.write_configs()
        return self.start_server(sid)

    def stop_all(self, grace_s: float = 10.0) -> None:
        """SIGTERM to every running server, SIGKILL to those still alive after `grace_s`.
        Idempotent; runs from finally blocks and atexit."""
        running = [s for s in self.servers if s.running()]
        for server in running:
            try:
                server.process.terminate()
            except ProcessLookupError:
                pass
        deadline = time.monotonic() + grace_s
        for server in running:
            try:
                server.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                server.process.kill()
                server.process.wait(timeout=5)
        with _live_lock:
            _live_ensembles.discard(self)
        if not self._stopped:
            self._stopped = True
            if not (self.config.keep_dir or os.environ.get("ZK_KEEP_DIR") == "1"):
                shutil.rmtree(self.base_dir, ignore_errors=True)

    def __enter__(self) -> "Ensemble":
        return self.start()

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None and not isinstance(exc, EnsembleError):
            # The EnsembleError messages carry the tails already.
            print(self.log_tails(), file=sys.stderr)
        self.stop_all()

    # ---- observation ------------------------------------------------------------------------

    def srvr(self, sid: int, timeout_s: float = 2.0) -> dict[str, str]:
        server = self.server(sid)
        return parse_srvr(four_letter("127.0.0.1", server.client_port, "srvr", timeout_s))

    def mntr(self, sid: int, timeout_s: float = 2.0) -> dict[str, str]:
        """`mntr` as key -> value, the keys without their zk_ prefix."""
        server = self.server(sid)
        text = four_letter("127.0.0.1", server.client_port, "mntr", timeout_s)
        pairs = (line.split("\t", 1) for line in text.splitlines() if "\t" in line)
        return {key.removeprefix("zk_"): value for key, value in pairs}

    def mode(self, sid: int) -> Optional[str]:
        """`Mode` from `srvr`, or None when the server does not answer or is not serving."""
        try:
            return self.srvr(sid).get("Mode")
        except OSError:
            return None

    def log_tails(self, line_count: int = 25) -> str:
        parts = []
        for server in self.servers:
            state = (f"running, pid {server.pid}" if server.running() else
                     f"exited with {server.process.returncode}" if server.process else
                     "never started")
            parts.append(f"--- server {server.sid} ({state}), {server.log_path}:\n"
                         + tail(server.log_path, line_count))
        return "\n".join(parts)

    def wait_ready(self, timeout_s: float = 60.0, sids: Optional[list[int]] = None) -> int:
        """Waits until every given server (default: every running one) answers `srvr` with a
        serving mode and exactly one of them is the leader (or the one server is standalone).
        Returns the leader's sid. Raises EnsembleError with the servers' log tails on timeout
        or when a server process exits meanwhile."""
        if sids is None:
            sids = [s.sid for s in self.servers if s.running()]
        if not sids:
            raise EnsembleError("no server is running")
        deadline = time.monotonic() + timeout_s
        modes: dict[int, Optional[str]] = {}
        while True:
            for sid in sids:
                server = self.server(sid)
                if not server.running():
                    code = server.process.returncode if server.process else None
                    raise EnsembleError(f"server {sid} is not running (exit status {code}) "
                                        f"while waiting for a leader\n{self.log_tails()}")
                modes[sid] = self.mode(sid)
            leaders = [sid for sid, mode in modes.items() if mode in ("leader", "standalone")]
            if all(mode in SERVING_MODES for mode in modes.values()) and len(leaders) == 1:
                return leaders[0]
            if time.monotonic() >= deadline:
                raise EnsembleError(
                    f"no single leader among servers {sids} within {timeout_s} s; modes "
                    f"{modes}\n{self.log_tails()}")
            time.sleep(0.1)

    def leader(self) -> Optional[int]:
        """The sid of the one running server that says `Mode: leader` now, else None."""
        leaders = [s.sid for s in self.servers
                   if s.running() and self.mode(s.sid) in ("leader", "standalone")]
        return leaders[0] if len(leaders) == 1 else None

    def followers(self) -> list[int]:
        return [s.sid for s in self.servers if s.running() and self.mode(s.sid) == "follower"]
