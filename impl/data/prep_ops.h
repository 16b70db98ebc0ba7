// Internal to prep.cpp and prep_create.cpp: the per-request preparation steps.
#pragma once

#include <string_view>

#include "impl/data/prep.h"

namespace zab::data::prep_detail {

// The txn one (non-multi) request turns into when its checks pass.
struct PreparedOp {
  OpCode type = OpCode::kError;
  TxnRecord record;
};

Result<PreparedOp> prep_create(const ZkDatabase& db, const Create& request, const PrepContext& ctx);

// PrepRequestProcessor.checkAndIncVersion: BADVERSION unless `expected` is -1 or `current`; the
// new version is current + 1, skipping -1 on wrap-around (ZOOKEEPER-4743) so that it never reads
// as "any version".
Result<int32_t> check_and_inc_version(int32_t current, int32_t expected, std::string_view path);

// NONODE unless the node exists.
Result<ZnodeRef> node_for_path(const ZkDatabase& db, std::string_view path);

}  // namespace zab::data::prep_detail
