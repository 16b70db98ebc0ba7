// multi (14) and multiRead (22): MultiOperationRecord and MultiResponse, as ZooKeeper's classes
// of those names encode them (wire.md §1.9). Neither is a jute record: each op is a MultiHeader
// followed by that op's record, and the list ends with the header {-1, true, -1}.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "impl/wire/records.h"

namespace zab::data {
class JuteReader;
class JuteWriter;
}  // namespace zab::data

namespace zab::wire {

struct MultiHeader {
  OpCode type = OpCode::kError;
  bool done = false;
  int32_t err = -1;
  ZK_FIELDS(type, done, err)
  bool operator==(const MultiHeader&) const = default;
};

// What MultiOperationRecord.deserialize accepts. create, create2 and createContainer share
// CreateRequest; multiRead's getChildren and getData carry a watch flag ZooKeeper ignores.
using MultiOpRecord = std::variant<CreateRequest, CreateTtlRequest, DeleteRequest, SetDataRequest,
                                   CheckVersionRequest, GetChildrenRequest, GetDataRequest>;
struct MultiOp {
  OpCode type = OpCode::kCheck;  // the MultiHeader's type
  MultiOpRecord record;
  ZK_FIELDS(type, record)
  bool operator==(const MultiOp&) const = default;
};
struct MultiOperationRecord {
  std::vector<MultiOp> ops;
  ZK_FIELDS(ops)
  bool operator==(const MultiOperationRecord&) const = default;
};

// True when `record` is what an op of `type` carries.
bool multi_op_matches(OpCode type, const MultiOpRecord& record);
// Op.OpKind: getChildren and getData are reads, everything else writes. ZooKeeper refuses a
// record that mixes the two ("Mixing different kind of ops"); multi carries writes and
// multiRead reads.
bool is_read_op(OpCode type);

// OpResult, one alternative per MultiHeader type (MultiResponse.serialize).
struct CreateResult {  // type create (1)
  std::string path;
  ZK_FIELDS(path)
  bool operator==(const CreateResult&) const = default;
};
struct Create2Result {  // type create2 (15): also createContainer and createTTL ops
  std::string path;
  Stat stat;
  ZK_FIELDS(path, stat)
  bool operator==(const Create2Result&) const = default;
};
struct DeleteResult {  // type delete (2)
  ZK_FIELDS()
  bool operator==(const DeleteResult&) const = default;
};
struct SetDataResult {  // type setData (5)
  Stat stat;
  ZK_FIELDS(stat)
  bool operator==(const SetDataResult&) const = default;
};
struct CheckResult {  // type check (13)
  ZK_FIELDS()
  bool operator==(const CheckResult&) const = default;
};
struct GetChildrenResult {  // type getChildren (8), multiRead
  std::vector<std::string> children;
  ZK_FIELDS(children)
  bool operator==(const GetChildrenResult&) const = default;
};
struct GetDataResult {  // type getData (4), multiRead
  MaybeBuffer data;
  Stat stat;
  ZK_FIELDS(data, stat)
  bool operator==(const GetDataResult&) const = default;
};
// type error (-1): err 0 for the ops before a failed one, its code for it, RUNTIMEINCONSISTENCY
// (-2) for the ops after it; a multiRead op that failed on its own.
struct ErrorResult {
  int32_t err = 0;
  ZK_FIELDS(err)
  bool operator==(const ErrorResult&) const = default;
};
using OpResult = std::variant<CreateResult, Create2Result, DeleteResult, SetDataResult, CheckResult,
                              GetChildrenResult, GetDataResult, ErrorResult>;
OpCode result_type(const OpResult& result);

struct MultiResponse {
  std::vector<OpResult> results;
  ZK_FIELDS(results)
  bool operator==(const MultiResponse&) const = default;
};

void write(data::JuteWriter& w, const MultiHeader& h);
void read(data::JuteReader& r, MultiHeader& h);
// Every op must match its type (ZK_ASSERT: the caller built it).
void write(data::JuteWriter& w, const MultiOperationRecord& m);
// Unknown op types and a mix of reads and writes are malformed, as in ZooKeeper.
void read(data::JuteReader& r, MultiOperationRecord& m);
void write(data::JuteWriter& w, const MultiResponse& m);
void read(data::JuteReader& r, MultiResponse& m);

}  // namespace zab::wire
