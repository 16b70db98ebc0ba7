/* A small user of ZooKeeper's C client (libzookeeper_mt, asynchronous API) against any ensemble:
 * connect, create, get with a watch, set (the watch fires exactly once, before the reply that
 * follows it), delete, exists says ZNONODE, close. Every wait is bounded.
 *
 *   c_client_smoke 127.0.0.1:p1,127.0.0.1:p2,...
 *
 * Exit status 0 on success, 1 with a message naming the failed step otherwise. */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zookeeper/zookeeper.h>

enum { WAIT_MS = 15000, SESSION_TIMEOUT_MS = 10000 };

/* What the callbacks (run on the client's completion thread) report to main. */
struct Outcome {
  pthread_mutex_t lock;
  pthread_cond_t changed;
  int connected;
  int replies;          /* completions seen so far */
  int rc;               /* rc of the last completion */
  char value[256];      /* data or created path of the last completion */
  int changed_events;   /* ZOO_CHANGED_EVENT notifications for our node */
  int other_events;     /* any other notification for our node */
  int replies_at_event; /* `replies` when the first change notification arrived */
  char path[128];
};

static struct Outcome outcome = {.lock = PTHREAD_MUTEX_INITIALIZER,
                                 .changed = PTHREAD_COND_INITIALIZER};

static void fail(const char* step, int rc) {
  fprintf(stderr, "c_client_smoke: %s failed: %s (%d)\n", step, zerror(rc), rc);
  exit(1);
}

/* Waits until `done(&outcome)` holds, at most WAIT_MS. Called with the lock held. */
static int wait_until(int (*done)(const struct Outcome*)) {
  struct timespec deadline;
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_sec += WAIT_MS / 1000;
  while (!done(&outcome)) {
    if (pthread_cond_timedwait(&outcome.changed, &outcome.lock, &deadline) == ETIMEDOUT)
      return done(&outcome);
  }
  return 1;
}

static int is_connected(const struct Outcome* o) {
  return o->connected;
}
static int expected_replies;
static int has_replies(const struct Outcome* o) {
  return o->replies >= expected_replies;
}
static int has_change(const struct Outcome* o) {
  return o->changed_events > 0;
}

static void watcher(zhandle_t* zh, int type, int state, const char* path, void* context) {
  (void)zh;
  (void)context;
  pthread_mutex_lock(&outcome.lock);
  if (type == ZOO_SESSION_EVENT) {
    outcome.connected = (state == ZOO_CONNECTED_STATE);
  } else if (path && strcmp(path, outcome.path) == 0) {
    if (type == ZOO_CHANGED_EVENT) {
      if (outcome.changed_events++ == 0) outcome.replies_at_event = outcome.replies;
    } else {
      outcome.other_events++;
    }
  }
  pthread_cond_broadcast(&outcome.changed);
  pthread_mutex_unlock(&outcome.lock);
}

static void record(int rc, const char* value, int value_len) {
  pthread_mutex_lock(&outcome.lock);
  outcome.rc = rc;
  outcome.value[0] = '\0';
  if (value && value_len > 0) {
    int n = value_len < (int)sizeof outcome.value - 1 ? value_len : (int)sizeof outcome.value - 1;
    memcpy(outcome.value, value, (size_t)n);
    outcome.value[n] = '\0';
  }
  outcome.replies++;
  pthread_cond_broadcast(&outcome.changed);
  pthread_mutex_unlock(&outcome.lock);
}

static void on_string(int rc, const char* value, const void* data) {
  (void)data;
  record(rc, value, value ? (int)strlen(value) : 0);
}
static void on_data(int rc, const char* value, int value_len, const struct Stat* stat,
                    const void* data) {
  (void)stat;
  (void)data;
  record(rc, value, value_len);
}
static void on_stat(int rc, const struct Stat* stat, const void* data) {
  (void)stat;
  (void)data;
  record(rc, NULL, 0);
}
static void on_void(int rc, const void* data) {
  (void)data;
  record(rc, NULL, 0);
}

/* Waits for the reply to the request just sent; returns its rc. */
static int await_reply(const char* step, int send_rc) {
  if (send_rc != ZOK) fail(step, send_rc);
  pthread_mutex_lock(&outcome.lock);
  expected_replies++;
  if (!wait_until(has_replies)) {
    pthread_mutex_unlock(&outcome.lock);
    fprintf(stderr, "c_client_smoke: no reply to %s within %d ms\n", step, WAIT_MS);
    exit(1);
  }
  int rc = outcome.rc;
  pthread_mutex_unlock(&outcome.lock);
  return rc;
}

static void expect_value(const char* step, const char* want) {
  if (strcmp(outcome.value, want) != 0) {
    fprintf(stderr, "c_client_smoke: %s returned '%s', expected '%s'\n", step, outcome.value, want);
    exit(1);
  }
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s host:port[,host:port...]\n", argv[0]);
    return 2;
  }
  zoo_set_debug_level(ZOO_LOG_LEVEL_WARN);
  snprintf(outcome.path, sizeof outcome.path, "/c_client_smoke-%ld", (long)getpid());
  const char* path = outcome.path;

  zhandle_t* zh = zookeeper_init(argv[1], watcher, SESSION_TIMEOUT_MS, NULL, NULL, 0);
  if (!zh) {
    fprintf(stderr, "c_client_smoke: zookeeper_init(%s): %s\n", argv[1], strerror(errno));
    return 1;
  }
  pthread_mutex_lock(&outcome.lock);
  int up = wait_until(is_connected);
  pthread_mutex_unlock(&outcome.lock);
  if (!up) {
    fprintf(stderr, "c_client_smoke: not connected to %s within %d ms\n", argv[1], WAIT_MS);
    return 1;
  }

  int rc = await_reply("create",
                       zoo_acreate(zh, path, "hello", 5, &ZOO_OPEN_ACL_UNSAFE, 0, on_string, NULL));
  if (rc != ZOK) fail("create", rc);
  expect_value("create", path);

  rc = await_reply("get with watch", zoo_aget(zh, path, 1, on_data, NULL));
  if (rc != ZOK) fail("get with watch", rc);
  expect_value("get", "hello");

  rc = await_reply("set", zoo_aset(zh, path, "world", 5, -1, on_stat, NULL));
  if (rc != ZOK) fail("set", rc);
  pthread_mutex_lock(&outcome.lock);
  int fired = wait_until(has_change);
  int replies_at_event = outcome.replies_at_event;
  pthread_mutex_unlock(&outcome.lock);
  if (!fired) {
    fprintf(stderr, "c_client_smoke: the data watch did not fire within %d ms\n", WAIT_MS);
    return 1;
  }
  /* ZooKeeper sends the notification before the reply to the set that triggered it. */
  if (replies_at_event != expected_replies - 1) {
    fprintf(stderr, "c_client_smoke: the watch fired after the set's reply\n");
    return 1;
  }

  /* One-shot: a second set fires nothing. The get's reply comes after any notification the
   * second set caused, so once it is here the count is final. */
  rc = await_reply("second set", zoo_aset(zh, path, "again", 5, -1, on_stat, NULL));
  if (rc != ZOK) fail("second set", rc);
  rc = await_reply("get", zoo_aget(zh, path, 0, on_data, NULL));
  if (rc != ZOK) fail("get", rc);
  expect_value("get after set", "again");
  pthread_mutex_lock(&outcome.lock);
  int changed_events = outcome.changed_events, other_events = outcome.other_events;
  pthread_mutex_unlock(&outcome.lock);
  if (changed_events != 1 || other_events != 0) {
    fprintf(stderr, "c_client_smoke: %d change and %d other notifications, expected 1 and 0\n",
            changed_events, other_events);
    return 1;
  }

  rc = await_reply("delete", zoo_adelete(zh, path, -1, on_void, NULL));
  if (rc != ZOK) fail("delete", rc);
  rc = await_reply("exists", zoo_aexists(zh, path, 0, on_stat, NULL));
  if (rc != ZNONODE) {
    fprintf(stderr, "c_client_smoke: exists after delete gave %s, expected ZNONODE\n", zerror(rc));
    return 1;
  }

  rc = zookeeper_close(zh);
  if (rc != ZOK) fail("close", rc);
  printf("c_client_smoke: OK (create, get+watch, set, watch fired once, delete, close on %s)\n",
         argv[1]);
  return 0;
}
