// PrepRequestProcessor as a pure function: a client's write request becomes the txn the leader
// proposes. The checks, their order and their error codes follow PrepRequestProcessor
// (pRequest2Txn / pRequest2TxnCreate). A request that fails a check still becomes
// a txn, an ErrorTxn carrying the code, and consumes a zxid like any other.
//
// `projected` is the leader's view of the tree including every change it has prepared but not yet
// applied (ZooKeeper's outstandingChanges): the caller applies each prepared txn to its projected
// view with `ZkDatabase::apply_decoded` before preparing the next request.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "impl/core/errors.h"
#include "impl/data/database.h"
#include "impl/data/stat.h"
#include "impl/data/txn.h"

namespace zab::data {

// The longest znode data a request may carry (jute.maxbuffer, 0xfffff bytes).
inline constexpr size_t kDataLengthMax = 0xfffff;

// create / create2 / createContainer / createTTL: the mode comes from `flags` (container flag 4
// makes a createContainer txn, TTL flags 5 and 6 a createTTL txn); `ttl_ms` must be -1 unless
// the mode is a TTL mode.
struct Create {
  std::string path;
  std::string data;
  AclList acl;
  int32_t flags = 0;
  int64_t ttl_ms = -1;
  bool operator==(const Create&) const = default;
};
struct Delete {
  std::string path;
  int32_t version = -1;  // -1: any version
  bool operator==(const Delete&) const = default;
};
struct SetData {
  std::string path;
  std::string data;
  int32_t version = -1;
  bool operator==(const SetData&) const = default;
};
struct SetAcl {
  std::string path;
  AclList acl;
  int32_t version = -1;  // expected aversion
  bool operator==(const SetAcl&) const = default;
};
struct Check {
  std::string path;
  int32_t version = -1;
  bool operator==(const Check&) const = default;
};
// What a multi may contain (MultiOperationRecord): creates, deletes, setData and checks.
using MultiOp = std::variant<Create, Delete, SetData, Check>;
struct Multi {
  std::vector<MultiOp> ops;
  bool operator==(const Multi&) const = default;
};
struct CreateSession {
  int32_t timeout_ms = 0;  // already negotiated
  bool operator==(const CreateSession&) const = default;
};
struct CloseSession {
  bool operator==(const CloseSession&) const = default;
};
// Issued by the leader's ContainerManager, never by clients.
struct DeleteContainer {
  std::string path;
  bool operator==(const DeleteContainer&) const = default;
};
using WriteRequest = std::variant<Create, Delete, SetData, SetAcl, Check, Multi, CreateSession,
                                  CloseSession, DeleteContainer>;

// What the leader knows about the request besides its body.
struct PrepContext {
  int64_t session_id = 0;  // the request's session (the new session for CreateSession)
  int32_t cxid = 0;
  int64_t time_ms = 0;        // the leader's wall clock: becomes ctime / mtime
  std::vector<Id> auth_ids;   // the connection's identities (acl.h)
  bool session_valid = true;  // SessionTracker knows the session
  // closeSession for it has been prepared (SessionTrackerImpl.setSessionClosing, ZOOKEEPER-1208).
  bool session_closing = false;
  // zookeeper.extendedTypesEnabled: TTL nodes. Off by default, as in ZooKeeper (UNIMPLEMENTED).
  bool extended_types_enabled = false;
};

struct PreparedTxn {
  DecodedTxn txn;
  std::string payload;  // encode_txn(txn): zab::Txn's payload
  std::string message;  // why, when the request failed
  // OK, or the code the client will get: the ErrorTxn's, or a failed multi's first failing op's.
  Code err() const;
};

PreparedTxn prepare(const ZkDatabase& projected, const WriteRequest& request,
                    const PrepContext& ctx);

// zookeeper.digest.enabled (the default): the leader also puts into each txn the digest of the
// tree after it (PrepRequestProcessor.setTxnDigest, from its outstanding changes), which every
// replica compares with its own once applied. `prepared` was prepared against `projected` and
// will be proposed as `zxid` (the digest covers the zxids and times it stamps on znodes). An
// ErrorTxn gets none, as in ZooKeeper, whose failed check throws before the digest is set.
void add_txn_digest(const ZkDatabase& projected, Zxid zxid, PreparedTxn& prepared);

// SessionTrackerImpl.checkSession (and checkGlobalSession when `global`, for ephemeral creates):
// UNKNOWNSESSION (SESSIONEXPIRED when global) for an unknown session, SESSIONEXPIRED for a
// closing one. Reads go through the same check in PrepRequestProcessor; the server calls it.
Status check_session(const PrepContext& ctx, bool global = false);

}  // namespace zab::data
