#include "impl/data/database.h"

#include <fmt/format.h>

#include "impl/core/hasher.h"
#include "impl/core/overloaded.h"
#include "impl/data/path.h"

namespace zab::data {
namespace {

uint64_t session_hash(int64_t id, int32_t timeout_ms) {
  Hasher h;
  h.u64(static_cast<uint64_t>(id));
  h.u32(static_cast<uint32_t>(timeout_ms));
  return h.finish();
}

std::string parent_for_watch(std::string_view path) {
  const auto parent = parent_of(path).value_or("");
  return parent.empty() ? "/" : std::string(parent);
}

// The outcome of one (sub-)txn on the tree: DataTree.ProcessTxnResult with the events it fired.
struct Step {
  Code err = Code::kOk;
  std::string message;
  std::string path;
  std::optional<Stat> stat;
  std::vector<WatchEvent> events;
};

Step failed(const Error& e, std::string path) {
  return Step{e.code, e.message, std::move(path), std::nullopt, {}};
}

// The mutable state of one apply: the tree it works on and the txn's header fields.
struct Applier {
  DataTree tree;
  int64_t zxid;
  const TxnHeader& header;

  Step create(const std::string& path, const std::string& data, const AclList& acl, int64_t owner,
              int32_t parent_cversion) {
    auto next = tree.create_node(path, data, acl, owner, parent_cversion, zxid, header.time_ms);
    if (!next) return failed(next.error(), path);
    tree = std::move(next).value();
    return Step{Code::kOk,
                {},
                path,
                tree.stat(path),
                {{path, EventType::kNodeCreated},
                 {parent_for_watch(path), EventType::kNodeChildrenChanged}}};
  }

  Step remove(const std::string& path) {
    auto next = tree.delete_node(path, zxid);
    if (!next) return failed(next.error(), path);
    tree = std::move(next).value();
    return Step{Code::kOk,
                {},
                path,
                std::nullopt,
                {{path, EventType::kNodeDeleted},
                 {parent_for_watch(path), EventType::kNodeChildrenChanged}}};
  }

  Step operator()(const CreateTxn& t) {
    return create(t.path, t.data, t.acl, t.ephemeral ? header.client_id : 0, t.parent_cversion);
  }
  Step operator()(const CreateContainerTxn& t) {
    return create(t.path, t.data, t.acl, kContainerEphemeralOwner, t.parent_cversion);
  }
  Step operator()(const CreateTtlTxn& t) {
    const auto owner = ttl_ephemeral_owner(t.ttl_ms);
    if (!owner) return failed(make_error(Code::kBadArguments, "ttl {}", t.ttl_ms), t.path);
    return create(t.path, t.data, t.acl, *owner, t.parent_cversion);
  }
  Step operator()(const DeleteTxn& t) { return remove(t.path); }
  Step operator()(const SetDataTxn& t) {
    auto next = tree.set_data(t.path, t.data, t.version, zxid, header.time_ms);
    if (!next) return failed(next.error(), t.path);
    tree = std::move(next).value();
    return Step{Code::kOk, {}, t.path, tree.stat(t.path), {{t.path, EventType::kNodeDataChanged}}};
  }
  Step operator()(const SetAclTxn& t) {
    auto next = tree.set_acl(t.path, t.acl, t.version);
    if (!next) return failed(next.error(), t.path);
    tree = std::move(next).value();
    return Step{Code::kOk, {}, t.path, tree.stat(t.path), {}};
  }
  Step operator()(const CheckVersionTxn& t) { return Step{Code::kOk, {}, t.path, {}, {}}; }
  Step operator()(const ErrorTxn& t) {
    return Step{t.err, t.err == Code::kOk ? "" : "error txn", {}, {}, {}};
  }
  Step operator()(const SubTxnRecord& r) {
    return std::visit([&](const auto& rec) { return (*this)(rec); }, r);
  }
};

// A multi that carries error sub-txns changes nothing: the subs before the first error report 0,
// the error subs their codes, the others after the first error RUNTIMEINCONSISTENCY.
void fill_rolled_back(const MultiTxn& multi, size_t failing, Code failing_err,
                      ApplyResult& result) {
  bool post_failed = false;
  for (size_t i = 0; i < multi.txns.size(); ++i) {
    const auto& sub = multi.txns[i];
    Code code = post_failed ? Code::kRuntimeInconsistency : Code::kOk;
    if (sub.type == OpCode::kError) code = std::get<ErrorTxn>(sub.record).err;
    if (i == failing) code = failing_err;
    if (sub.type == OpCode::kError || i == failing) post_failed = true;
    result.multi.push_back(OpResult{OpCode::kError, code, {}, std::nullopt});
    if (result.err == Code::kOk) result.err = code;
  }
}

// DataTree.processTxn's multi case. All subs share the header and the zxid. A multi whose subs
// all applied at prepare time but one no longer applies here (a replay) is rolled back whole, so
// a multi is all-or-nothing on every replica.
void apply_multi(Applier& applier, const MultiTxn& multi, ApplyResult& result) {
  for (size_t i = 0; i < multi.txns.size(); ++i) {
    if (multi.txns[i].type != OpCode::kError) continue;
    fill_rolled_back(multi, multi.txns.size(), Code::kOk, result);
    result.message = "multi failed at prepare time";
    return;
  }
  const DataTree before = applier.tree;
  std::vector<Step> steps;
  for (size_t i = 0; i < multi.txns.size(); ++i) {
    Step step = applier(multi.txns[i].record);
    if (step.err != Code::kOk) {
      applier.tree = before;
      fill_rolled_back(multi, i, step.err, result);
      result.message = fmt::format("sub-txn {} no longer applies: {}", i, step.message);
      return;
    }
    steps.push_back(std::move(step));
  }
  for (size_t i = 0; i < steps.size(); ++i) {
    auto& step = steps[i];
    result.multi.push_back(OpResult{multi.txns[i].type, Code::kOk, step.path, step.stat});
    for (auto& e : step.events)
      result.events.push_back(std::move(e));
  }
}

// DataTree.killSession: delete the paths the txn lists (ignoring the ones already gone), then any
// ephemeral of the session the list missed.
void close_session(Applier& applier, const CloseSessionTxn& txn, ApplyResult& result) {
  auto remove = [&](const std::string& path) {
    Step step = applier.remove(path);
    for (auto& e : step.events)
      result.events.push_back(std::move(e));
  };
  for (const auto& path : txn.paths_to_delete)
    remove(path);
  for (const auto& path : applier.tree.ephemerals(applier.header.client_id))
    remove(path);
}

}  // namespace

ZkDatabase::ZkDatabase(DataTree tree, SessionTable sessions)
    : tree_(std::move(tree)), sessions_(std::move(sessions)) {
  for (const auto& [id, timeout] : sessions_)
    sessions_digest_ += session_hash(id, timeout);
}

std::optional<int32_t> ZkDatabase::session_timeout(int64_t session_id) const {
  const int32_t* timeout = sessions_.find(session_id);
  if (!timeout) return std::nullopt;
  return *timeout;
}

ZkDatabase ZkDatabase::with_config(std::string config_text, int64_t config_version,
                                   int64_t time_ms) const {
  ZkDatabase next = *this;
  next.tree_ =
      tree_.set_data(kConfigPath, std::move(config_text), -1, config_version, time_ms).value();
  return next;
}

std::pair<ZkDatabase, ApplyResult> ZkDatabase::apply_decoded(Zxid zxid,
                                                             const DecodedTxn& txn) const {
  ZkDatabase next = *this;
  ApplyResult result;
  result.header = txn.header;
  Applier applier{tree_, static_cast<int64_t>(zxid.value), txn.header};
  auto record_step = [&](Step step) {
    result.err = step.err;
    result.message = std::move(step.message);
    result.path = std::move(step.path);
    result.stat = step.stat;
    result.events = std::move(step.events);
  };
  std::visit(Overloaded{
                 [&](const MultiTxn& m) { apply_multi(applier, m, result); },
                 [&](const CreateSessionTxn& t) {
                   const int64_t id = txn.header.client_id;
                   if (const int32_t* old = next.sessions_.find(id)) {
                     next.sessions_digest_ -= session_hash(id, *old);
                   }
                   next.sessions_ = next.sessions_.insert(id, t.timeout_ms);
                   next.sessions_digest_ += session_hash(id, t.timeout_ms);
                 },
                 [&](const CloseSessionTxn& t) {
                   close_session(applier, t, result);
                   const int64_t id = txn.header.client_id;
                   if (const int32_t* old = next.sessions_.find(id)) {
                     next.sessions_digest_ -= session_hash(id, *old);
                     next.sessions_ = next.sessions_.erase(id);
                   }
                 },
                 [&](const auto& record) { record_step(applier(record)); },
             },
             txn.record);
  next.tree_ = std::move(applier.tree);
  if (txn.digest && txn.digest->version == kDigestVersion &&
      static_cast<uint64_t>(txn.digest->tree_digest) != next.tree_.zk_digest())
    result.digest_mismatch = next.tree_.zk_digest();
  return {std::move(next), std::move(result)};
}

ZkDatabase::Applied ZkDatabase::apply_with_result(const Txn& txn) const {
  auto decoded = decode_txn(txn.payload());
  if (!decoded) {
    ApplyResult result;
    result.err = decoded.error().code;
    result.message = decoded.error().message;
    return Applied{std::make_shared<const ZkDatabase>(*this), std::move(result)};
  }
  auto [next, result] = apply_decoded(txn.zxid(), decoded.value());
  return Applied{std::make_shared<const ZkDatabase>(std::move(next)), std::move(result)};
}

std::shared_ptr<const StateImage> ZkDatabase::apply(const Txn& txn) const {
  return apply_with_result(txn).image;
}

uint64_t ZkDatabase::fingerprint() const {
  Hasher h;
  h.u64(tree_.digest());
  h.u64(sessions_digest_);
  h.u64(sessions_.size());
  return h.finish();
}

std::string ZkDatabase::describe() const {
  return fmt::format("{} sessions={}", tree_.describe(), sessions_.size());
}

bool ZkDatabase::operator==(const ZkDatabase& other) const {
  return sessions_ == other.sessions_ && tree_ == other.tree_;
}

}  // namespace zab::data
