// ZKDatabase: the replicated state machine behind Zab. The data tree, the session table and (in
// the tree) the ephemerals of each session, as one immutable value. Committed transactions are
// applied in zxid order exactly as DataTree.processTxn and ZooKeeperServer.processTxn apply them;
// the result tells the server layer what to answer and which watches fire.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "impl/core/errors.h"
#include "impl/core/ids.h"
#include "impl/core/state_machine.h"
#include "impl/core/watch_event.h"
#include "impl/data/tree.h"
#include "impl/data/txn.h"

namespace zab::data {

// A watch trigger, in the order DataTree fires them. NodeDeleted goes to the data and the child
// watchers of `path`; NodeCreated and NodeDataChanged to its data watchers; NodeChildrenChanged
// to its child watchers.
struct WatchEvent {
  std::string path;
  EventType type = EventType::kNodeCreated;
  ZK_FIELDS(path, type)
  bool operator==(const WatchEvent&) const = default;
};

// DataTree.ProcessTxnResult of one sub-txn of a multi.
struct OpResult {
  OpCode type = OpCode::kError;  // kError when the multi failed
  Code err = Code::kOk;
  std::string path;
  std::optional<Stat> stat;  // creates, setData
  bool operator==(const OpResult&) const = default;
};

// DataTree.ProcessTxnResult plus the watch events. For a multi, `err` is the first failing
// sub-txn's code (the client's ReplyHeader still says 0; the per-op results carry the codes).
struct ApplyResult {
  TxnHeader header;  // zero when the payload could not be decoded
  Code err = Code::kOk;
  std::string message;  // why, when err != 0
  std::string path;     // the created (sequential-suffixed) or changed path
  std::optional<Stat> stat;
  std::vector<OpResult> multi;
  std::vector<WatchEvent> events;
  // DataTree.compareDigest: the txn carried the leader's digest of the tree after it, in the
  // version computed here, and the tree after applying it has another one (this one).
  std::optional<uint64_t> digest_mismatch;
};

// Session id -> negotiated timeout (ms): ZKDatabase.sessionsWithTimeouts.
using SessionTable = PersistentMap<int64_t, int32_t>;

class ZkDatabase final : public zab::StateImage {
 public:
  ZkDatabase() = default;  // ZooKeeper's empty tree, no sessions
  ZkDatabase(DataTree tree, SessionTable sessions);

  const DataTree& tree() const { return tree_; }
  const SessionTable& sessions() const { return sessions_; }
  std::optional<int32_t> session_timeout(int64_t session_id) const;

  // ZKDatabase.initConfigInZKDatabase: /zookeeper/config gets the dynamic configuration text,
  // version -1, mzxid = the configuration's version, mtime = `time_ms`. Not a txn: each server
  // does it locally when it starts.
  ZkDatabase with_config(std::string config_text, int64_t config_version, int64_t time_ms) const;

  // zab::StateImage: decodes and applies; a payload that does not decode or a txn that no longer
  // applies leaves the content unchanged (the result records why).
  std::shared_ptr<const StateImage> apply(const Txn& txn) const override;
  struct Applied {
    std::shared_ptr<const ZkDatabase> image;
    ApplyResult result;
  };
  Applied apply_with_result(const Txn& txn) const;
  // The same for an already decoded txn (the leader's projected view, tests).
  std::pair<ZkDatabase, ApplyResult> apply_decoded(Zxid zxid, const DecodedTxn& txn) const;

  // Tree digest and session table.
  uint64_t fingerprint() const override;
  std::string describe() const override;
  bool operator==(const ZkDatabase& other) const;

 private:
  DataTree tree_;
  SessionTable sessions_;
  uint64_t sessions_digest_ = 0;  // sum of a hash per (session, timeout), kept incrementally
};
using ZkDatabaseRef = std::shared_ptr<const ZkDatabase>;

}  // namespace zab::data
