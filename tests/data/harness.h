// Test harness: a leader that prepares write requests against its projected database and commits
// each txn at the next zxid of epoch 1, keeping the committed log so that a second replica can
// replay it.
#pragma once

#include <string>
#include <vector>

#include "impl/core/check.h"
#include "impl/core/txn.h"
#include "impl/data/database.h"
#include "impl/data/prep.h"

namespace zab::data::testing {

inline constexpr int64_t kSession = 0x100000000000001;
inline constexpr int64_t kOtherSession = 0x100000000000002;
inline constexpr int64_t kTimeMs = 1'700'000'000'000;

struct Harness {
  Harness() {
    set_assertions_throw(true);
    ctx.session_id = kSession;
    ctx.time_ms = kTimeMs;
    ctx.auth_ids = {Id{"ip", "127.0.0.1"}};
  }

  // Prepares and commits `request` with `context`; returns what applying it produced.
  ApplyResult write(const WriteRequest& request, const PrepContext& context) {
    last_prepared = prepare(db, request, context);
    last_zxid = Zxid::make(Epoch{1}, ++counter);
    auto txn = make_txn(last_zxid, last_prepared.payload);
    log.push_back(txn);
    auto applied = db.apply_with_result(*txn);
    db = *applied.image;
    return applied.result;
  }
  ApplyResult write(const WriteRequest& request) { return write(request, ctx); }

  // Opens `session` through a committed createSession txn.
  void open_session(int64_t session, int32_t timeout_ms = 30000) {
    PrepContext c = ctx;
    c.session_id = session;
    write(CreateSession{timeout_ms}, c);
  }

  int64_t zxid() const { return static_cast<int64_t>(last_zxid.value); }
  Stat stat(std::string_view path) const { return db.tree().stat(path).value(); }

  ZkDatabase db;
  PrepContext ctx;
  std::vector<TxnRef> log;
  PreparedTxn last_prepared;
  Zxid last_zxid;
  uint32_t counter = 0;
};

inline Create create(std::string path, std::string data = "", int32_t flags = 0) {
  return Create{std::move(path), std::move(data), open_acl_unsafe(), flags, -1};
}

}  // namespace zab::data::testing
