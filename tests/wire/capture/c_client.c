/* A ZooKeeper C client (libzookeeper_mt) session for zk_capture.py: a few operations, watches,
 * a multi, then "watching" on stdout; the capture script drops the connection, the client
 * reconnects and re-registers its watches (setWatches, xid -8), then sets, deletes and closes.
 * Every wait is bounded; the exit status is non-zero when a step fails. */
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <zookeeper/zookeeper.h>

/* Session events that reported "connected": 1 after the first handshake, 2 after a reconnect. */
static atomic_int connections;

static void watcher(zhandle_t *zh, int type, int state, const char *path, void *ctx) {
  (void)zh, (void)path, (void)ctx;
  if (type == ZOO_SESSION_EVENT && state == ZOO_CONNECTED_STATE) atomic_fetch_add(&connections, 1);
}

/* Waits until `count` connections were made, for at most timeout_ms. */
static int wait_connections(int count, int timeout_ms) {
  for (int waited = 0; waited < timeout_ms; waited += 20) {
    if (atomic_load(&connections) >= count) return 1;
    usleep(20 * 1000);
  }
  return 0;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: c_client host:port\n");
    return 2;
  }
  zoo_set_debug_level(ZOO_LOG_LEVEL_ERROR);
  zhandle_t *zh = zookeeper_init(argv[1], watcher, 10000, 0, 0, 0);
  if (!zh || !wait_connections(1, 20000)) return 3;
  char buf[256];
  int len = sizeof buf;
  struct Stat stat;
  struct String_vector children;
  if (zoo_create(zh, "/wire-c", "c", 1, &ZOO_OPEN_ACL_UNSAFE, 0, buf, sizeof buf) != ZOK) return 4;
  if (zoo_wget(zh, "/wire-c", watcher, 0, buf, &len, &stat) != ZOK) return 5;
  if (zoo_wexists(zh, "/wire-c-missing", watcher, 0, &stat) != ZNONODE) return 6;
  if (zoo_wget_children(zh, "/wire-c", watcher, 0, &children) != ZOK) return 7;
  deallocate_String_vector(&children);
  zoo_op_t ops[2];
  zoo_op_result_t results[2];
  zoo_create_op_init(&ops[0], "/wire-c/m", "x", 1, &ZOO_OPEN_ACL_UNSAFE, 0, NULL, 0);
  zoo_delete_op_init(&ops[1], "/wire-c/m", -1);
  if (zoo_multi(zh, 2, ops, results) != ZOK) return 8;
  printf("watching\n");
  fflush(stdout);
  /* The script drops the connection now; the client comes back with setWatches. */
  if (!wait_connections(2, 20000)) return 9;
  if (zoo_set(zh, "/wire-c", "d", 1, -1) != ZOK) return 10;
  if (zoo_delete(zh, "/wire-c", -1) != ZOK) return 11;
  return zookeeper_close(zh) == ZOK ? 0 : 12;
}
