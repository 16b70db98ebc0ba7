"""Network partitions between servers on one machine: a TCP proxy per directed link.

Every server binds its own quorum and election ports from its own `server.N` line (zabd's
QuorumNet/ElectionNet, ZooKeeper's QuorumCnxManager.Listener and Leader). In server i's zoo.cfg
every other server j is written with the ports of the proxy for the link i -> j, which forwards
to j's real ports; so every connection i opens to j (election: QuorumCnxManager.connectOne;
quorum: Learner.connectToLeader) goes through the proxy i -> j. Election connections are kept
one per pair (the lower sid hangs up and connects back), so cutting the pair {i, j} cuts both
directed links, both ports. Clients connect to the servers directly: a cut-off server keeps
its clients, which is what makes a stale leader observable.

A cut is a black hole, not a reset: bytes are read and dropped in both directions and new
connections are accepted and go nowhere, so each side only learns of it by its own timeouts
(syncLimit for a leader and its followers, as on a real network). Healing closes every
connection that lost bytes (its stream is broken) and forwards new ones again.

The proxies run on one asyncio loop in a daemon thread; cut/heal are called from the main thread.
"""

from __future__ import annotations

import asyncio
import random
import threading
from dataclasses import dataclass, field
from typing import Optional

from ensemble import Ensemble, EnsembleConfig, Server, free_ports

CHUNK_BYTES = 65536


@dataclass
class Link:
    """The proxy of one directed link (source sid -> target sid) for one of the target's ports."""

    source: int
    target: int
    listen_port: int
    target_port: int
    cut: bool = False
    # Connections of this link as (client writer, upstream writer or None); `tainted` ones lost
    # bytes to a cut and are closed when it heals.
    connections: list = field(default_factory=list)
    tainted: set = field(default_factory=set)


class ProxyNet:
    """Every link's proxy on one event loop in its own thread."""

    def __init__(self, links: list[Link]):
        self.links = links
        self.loop = asyncio.new_event_loop()
        self.servers: list[asyncio.base_events.Server] = []
        self.thread = threading.Thread(target=self.loop.run_forever, name="nemesis-proxies",
                                       daemon=True)

    def start(self) -> None:
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self._listen_all(), self.loop).result(timeout=10)

    def stop(self) -> None:
        if not self.thread.is_alive():
            return
        asyncio.run_coroutine_threadsafe(self._close_all(), self.loop).result(timeout=10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=10)

    async def _listen_all(self) -> None:
        for link in self.links:
            server = await asyncio.start_server(
                lambda reader, writer, link=link: self._accept(link, reader, writer),
                host="127.0.0.1", port=link.listen_port)
            self.servers.append(server)

    async def _close_all(self) -> None:
        for server in self.servers:
            server.close()
        for link in self.links:
            for entry in list(link.connections):
                self._close(link, entry)

    @staticmethod
    def _close(link: Link, entry: tuple) -> None:
        for writer in entry:
            if writer is not None:
                writer.close()
        if entry in link.connections:
            link.connections.remove(entry)
        link.tainted.discard(id(entry))

    async def _accept(self, link: Link, reader, writer) -> None:
        upstream_reader = upstream_writer = None
        if not link.cut:
            try:
                upstream_reader, upstream_writer = await asyncio.open_connection(
                    "127.0.0.1", link.target_port)
            except OSError:  # the target is down: so is this connection
                writer.close()
                return
        entry = (writer, upstream_writer)
        link.connections.append(entry)
        if link.cut:
            link.tainted.add(id(entry))
        pumps = [self._pump(link, entry, reader, upstream_writer)]
        if upstream_reader is not None:
            pumps.append(self._pump(link, entry, upstream_reader, writer))
        await asyncio.gather(*pumps, return_exceptions=True)
        if id(entry) not in link.tainted:
            self._close(link, entry)

    async def _pump(self, link: Link, entry: tuple, reader, writer) -> None:
        """Copies bytes while the link is whole, drops them while it is cut."""
        while True:
            chunk = await reader.read(CHUNK_BYTES)
            if not chunk and (link.cut or id(entry) in link.tainted):
                # A black hole drops the FIN too: the other side learns at the heal.
                link.tainted.add(id(entry))
                return
            if not chunk:
                break
            if link.cut or writer is None:
                link.tainted.add(id(entry))
                continue
            writer.write(chunk)
            await writer.drain()
        self._close(link, entry)

    def set_cut(self, pairs: list[tuple[int, int]], cut: bool) -> None:
        """Cuts (or heals) both directions of each unordered pair of sids."""
        wanted = {frozenset(pair) for pair in pairs}

        async def apply() -> None:
            for link in self.links:
                if frozenset((link.source, link.target)) not in wanted:
                    continue
                link.cut = cut
                for entry in list(link.connections):
                    if cut:
                        link.tainted.add(id(entry))
                    elif id(entry) in link.tainted:
                        self._close(link, entry)

        asyncio.run_coroutine_threadsafe(apply(), self.loop).result(timeout=10)

    def heal_all(self) -> None:
        sids = {link.source for link in self.links} | {link.target for link in self.links}
        self.set_cut([(a, b) for a in sids for b in sids if a < b], cut=False)


class PartitionedEnsemble(Ensemble):
    """An Ensemble whose servers reach each other only through a ProxyNet."""

    def __init__(self, config: EnsembleConfig):
        super().__init__(config)  # writes plain configs; rewritten below with the proxies
        sids = [s.sid for s in self.servers]
        pairs = [(a, b) for a in sids for b in sids if a != b]
        ports = free_ports(2 * len(pairs))
        self.proxy_ports: dict[tuple[int, int], tuple[int, int]] = {}
        links = []
        for index, (source, target) in enumerate(pairs):
            quorum, election = ports[2 * index], ports[2 * index + 1]
            self.proxy_ports[(source, target)] = (quorum, election)
            peer = self.server(target)
            links.append(Link(source, target, quorum, peer.quorum_port))
            links.append(Link(source, target, election, peer.election_port))
        self.proxies = ProxyNet(links)
        self.write_configs()

    def cfg_lines(self, server: Server) -> list[str]:
        lines = super().cfg_lines(server)
        if not hasattr(self, "proxy_ports"):
            return lines
        for peer in self.servers:
            if peer.sid == server.sid:
                continue
            quorum, election = self.proxy_ports[(server.sid, peer.sid)]
            plain = f"server.{peer.sid}=127.0.0.1:{peer.quorum_port}:{peer.election_port}"
            lines[lines.index(plain)] = f"server.{peer.sid}=127.0.0.1:{quorum}:{election}"
        return lines

    def start(self) -> "PartitionedEnsemble":
        self.proxies.start()
        return super().start()

    def stop_all(self, grace_s: float = 10.0) -> None:
        super().stop_all(grace_s)
        self.proxies.stop()


def partition_pairs(kind: str, sids: list[int], leader: Optional[int],
                    draw: float) -> tuple[list[tuple[int, int]], str]:
    """The pairs a partition fault cuts, and its description ("1 | 2,3").
    partition_leader: the leader (a random server if none) alone against the rest;
    partition_random: a random minority against the majority."""
    if kind == "partition_leader":
        alone = [leader if leader is not None else sids[int(draw * len(sids))]]
    else:
        size = random.Random(draw).randint(1, (len(sids) - 1) // 2)
        alone = sorted(random.Random(draw).sample(sids, len(sids))[:size])
    rest = [sid for sid in sids if sid not in alone]
    pairs = [(a, b) for a in alone for b in rest]
    return pairs, f"{','.join(map(str, alone))}|{','.join(map(str, rest))}"
