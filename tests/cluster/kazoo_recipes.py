"""kazoo's recipes as compatibility checks: each is a small distributed protocol built from
ephemeral-sequential nodes, watches and versioned writes, so it exercises their interplay
across two clients on different servers. Registered into kazoo_compat.py's run."""

from __future__ import annotations

import threading

from compat_common import ROOT, WAIT_S, Context, check, compat_check, wait_until
from kazoo.recipe.cache import TreeCache, TreeEvent


def two_clients(ctx: Context):
    return ctx.connect(hosts=ctx.server(0)), ctx.connect(hosts=ctx.server(1))


def start_thread(target, *args) -> threading.Thread:
    thread = threading.Thread(target=target, args=args, daemon=True)
    thread.start()
    return thread


@compat_check
def recipe_lock(ctx: Context) -> None:
    a, b = two_clients(ctx)
    lock_a = a.Lock(f"{ROOT}/lock", "a")
    lock_b = b.Lock(f"{ROOT}/lock", "b")
    check(lock_a.acquire(timeout=WAIT_S), "a did not get a free lock")
    check(not lock_b.acquire(blocking=False), "b got the lock a holds")
    acquired = threading.Event()
    waiter = start_thread(lambda: lock_b.acquire(timeout=WAIT_S) and acquired.set())
    wait_until(lambda: lock_a.contenders() == ["a", "b"], "b queued behind a")
    check(not acquired.is_set(), "b got the lock while a held it")
    lock_a.release()
    check(acquired.wait(WAIT_S), "b did not get the lock after a released it")
    waiter.join(WAIT_S)
    check(lock_b.is_acquired and not lock_a.is_acquired, "lock states after hand-over")
    lock_b.release()
    a.sync(f"{ROOT}/lock")  # b's delete went through b's server; a's may not have it yet
    check(lock_a.contenders() == [], "contenders left after both released")


@compat_check
def recipe_election(ctx: Context) -> None:
    a, b = two_clients(ctx)
    path = f"{ROOT}/election"
    leaders: list[str] = []
    resign = {"a": threading.Event(), "b": threading.Event()}

    def lead(name: str) -> None:
        leaders.append(name)
        resign[name].wait(WAIT_S)

    election_a, election_b = a.Election(path, "a"), b.Election(path, "b")
    runner_a = start_thread(election_a.run, lead, "a")
    wait_until(lambda: leaders == ["a"], "a elected")
    runner_b = start_thread(election_b.run, lead, "b")
    wait_until(lambda: election_a.contenders() == ["a", "b"], "b contending")
    check(leaders == ["a"], f"two leaders at once: {leaders}")
    resign["a"].set()
    runner_a.join(WAIT_S)
    wait_until(lambda: leaders == ["a", "b"], "b elected after a resigned")
    resign["b"].set()
    runner_b.join(WAIT_S)
    check(not runner_a.is_alive() and not runner_b.is_alive(), "election threads still run")


@compat_check
def recipe_counter(ctx: Context) -> None:
    a, b = two_clients(ctx)
    path = f"{ROOT}/counter"
    counter = a.Counter(path)
    counter += 5
    counter -= 2
    check(counter.value == 3, f"counter {counter.value}, expected 3")
    increments = 25

    def add_ones(client) -> None:
        mine = client.Counter(path)
        for _ in range(increments):
            mine += 1

    # Concurrent increments from two sessions on two servers: every lost update is a bug in
    # the versioned setData the recipe retries on.
    workers = [start_thread(add_ones, client) for client in (a, b)]
    for worker in workers:
        worker.join(WAIT_S * 2)
    check(not any(worker.is_alive() for worker in workers), "increments did not finish")
    b.sync(path)  # a's last increment may come after b's
    check(b.Counter(path).value == 3 + 2 * increments, f"counter {b.Counter(path).value}")


@compat_check
def recipe_barrier(ctx: Context) -> None:
    a, b = two_clients(ctx)
    path = f"{ROOT}/barrier"
    barrier_a, barrier_b = a.Barrier(path), b.Barrier(path)
    check(barrier_b.wait(timeout=0.1), "no barrier yet: wait must pass")
    barrier_a.create()
    # b's server may not have applied a's create yet: ZooKeeper orders each client's view,
    # it does not make one client see another's write at once; sync does.
    b.sync(path)
    check(not barrier_b.wait(timeout=0.3), "wait passed a standing barrier")
    passed: list[bool] = []
    waiter = start_thread(lambda: passed.append(barrier_b.wait(timeout=WAIT_S)))
    barrier_a.remove()
    waiter.join(WAIT_S + 1)
    check(passed == [True], f"wait after remove gave {passed}")


@compat_check
def recipe_queue(ctx: Context) -> None:
    a, b = two_clients(ctx)
    path = f"{ROOT}/queue"
    producer, consumer = a.Queue(path), b.Queue(path)
    producer.put(b"normal")
    producer.put(b"urgent", priority=1)
    producer.put(b"late", priority=999)
    producer.put(b"normal-2")
    b.sync(path)
    check(len(consumer) == 4, f"queue length {len(consumer)}")
    taken = [consumer.get() for _ in range(4)]
    check(taken == [b"urgent", b"normal", b"normal-2", b"late"], f"queue order {taken}")
    check(consumer.get() is None, "a fifth get found an entry")
    a.sync(path)  # the gets deleted through b's server; a's may not have applied them yet
    check(len(producer) == 0, f"producer still sees {len(producer)} entries after four gets")


@compat_check
def recipe_tree_cache(ctx: Context) -> None:
    a, b = two_clients(ctx)
    path = f"{ROOT}/tree"
    a.create(f"{path}/x", b"1", makepath=True)
    events: list = []
    cache = TreeCache(b, path)
    cache.listen(events.append)
    cache.start()
    try:
        def has(event_type) -> bool:
            return any(event.event_type == event_type for event in events)

        def data(node: str):
            node_data = cache.get_data(node)
            return node_data.data if node_data else None

        wait_until(lambda: has(TreeEvent.INITIALIZED), "cache initialised")
        check(data(f"{path}/x") == b"1", "cache missed an existing node")
        a.set(f"{path}/x", b"2")
        wait_until(lambda: data(f"{path}/x") == b"2", "cache saw the update")
        a.create(f"{path}/y/z", b"3", makepath=True)
        wait_until(lambda: data(f"{path}/y/z") == b"3", "cache saw a grandchild")
        check(cache.get_children(path) == frozenset({"x", "y"}), f"{cache.get_children(path)}")
        a.delete(f"{path}/x")
        wait_until(lambda: cache.get_data(f"{path}/x") is None, "cache saw the delete")
        # The cache updates its tree before it calls the listeners.
        for event_type in (TreeEvent.NODE_ADDED, TreeEvent.NODE_UPDATED, TreeEvent.NODE_REMOVED):
            wait_until(lambda: has(event_type), f"tree event {event_type}")
    finally:
        cache.close()
