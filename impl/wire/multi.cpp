#include "impl/wire/multi.h"

#include <fmt/format.h>

#include "impl/core/check.h"
#include "impl/core/overloaded.h"
#include "impl/wire/record_codec.h"

namespace zab::wire {
namespace {

const MultiHeader kDone{OpCode::kError, true, -1};

// Reads the record of an op of `type` (MultiOperationRecord.deserialize's switch); nullopt for
// a type a multi may not carry.
std::optional<MultiOpRecord> read_op_record(JuteReader& r, OpCode type) {
  auto take = [&]<class R>(R record) -> MultiOpRecord {
    read(r, record);
    return record;
  };
  switch (type) {
    case OpCode::kCreate:
    case OpCode::kCreate2:
    case OpCode::kCreateContainer:
      return take(CreateRequest{});
    case OpCode::kCreateTtl:
      return take(CreateTtlRequest{});
    case OpCode::kDelete:
      return take(DeleteRequest{});
    case OpCode::kSetData:
      return take(SetDataRequest{});
    case OpCode::kCheck:
      return take(CheckVersionRequest{});
    case OpCode::kGetChildren:
      return take(GetChildrenRequest{});
    case OpCode::kGetData:
      return take(GetDataRequest{});
    default:
      return std::nullopt;
  }
}

std::optional<OpResult> read_result(JuteReader& r, OpCode type) {
  auto take = [&]<class Response>(Response response) {
    read(r, response);
    return response;
  };
  switch (type) {
    case OpCode::kCreate:
      return CreateResult{take(CreateResponse{}).path};
    case OpCode::kCreate2: {
      auto c = take(Create2Response{});
      return Create2Result{std::move(c.path), c.stat};
    }
    case OpCode::kDelete:
      return DeleteResult{};
    case OpCode::kSetData:
      return SetDataResult{take(SetDataResponse{}).stat};
    case OpCode::kCheck:
      return CheckResult{};
    case OpCode::kGetChildren:
      return GetChildrenResult{take(GetChildrenResponse{}).children};
    case OpCode::kGetData: {
      auto d = take(GetDataResponse{});
      return GetDataResult{std::move(d.data), d.stat};
    }
    case OpCode::kError:
      return ErrorResult{take(ErrorResponse{}).err};
    default:
      return std::nullopt;
  }
}

}  // namespace

bool multi_op_matches(OpCode type, const MultiOpRecord& record) {
  return std::visit(Overloaded{
                        [&](const CreateRequest&) {
                          return type == OpCode::kCreate || type == OpCode::kCreate2 ||
                                 type == OpCode::kCreateContainer;
                        },
                        [&](const CreateTtlRequest&) { return type == OpCode::kCreateTtl; },
                        [&](const DeleteRequest&) { return type == OpCode::kDelete; },
                        [&](const SetDataRequest&) { return type == OpCode::kSetData; },
                        [&](const CheckVersionRequest&) { return type == OpCode::kCheck; },
                        [&](const GetChildrenRequest&) { return type == OpCode::kGetChildren; },
                        [&](const GetDataRequest&) { return type == OpCode::kGetData; },
                    },
                    record);
}

bool is_read_op(OpCode type) {
  return type == OpCode::kGetChildren || type == OpCode::kGetData;
}

OpCode result_type(const OpResult& result) {
  return std::visit(Overloaded{
                        [](const CreateResult&) { return OpCode::kCreate; },
                        [](const Create2Result&) { return OpCode::kCreate2; },
                        [](const DeleteResult&) { return OpCode::kDelete; },
                        [](const SetDataResult&) { return OpCode::kSetData; },
                        [](const CheckResult&) { return OpCode::kCheck; },
                        [](const GetChildrenResult&) { return OpCode::kGetChildren; },
                        [](const GetDataResult&) { return OpCode::kGetData; },
                        [](const ErrorResult&) { return OpCode::kError; },
                    },
                    result);
}

void write(JuteWriter& w, const MultiHeader& h) {
  w.i32(static_cast<int32_t>(h.type));
  w.boolean(h.done);
  w.i32(h.err);
}

void read(JuteReader& r, MultiHeader& h) {
  h.type = static_cast<OpCode>(r.i32());
  h.done = r.boolean();
  h.err = r.i32();
}

// MultiOperationRecord.serialize: {type, false, -1} + record per op.
void write(JuteWriter& w, const MultiOperationRecord& m) {
  for (const auto& op : m.ops) {
    ZK_ASSERT_MSG(multi_op_matches(op.type, op.record), std::string(data::opcode_name(op.type)));
    write(w, MultiHeader{op.type, false, -1});
    std::visit([&](const auto& record) { write(w, record); }, op.record);
  }
  write(w, kDone);
}

// Every op starts with a 9-byte header, so the loop ends within the input's size.
void read(JuteReader& r, MultiOperationRecord& m) {
  m.ops.clear();
  MultiHeader h;
  read(r, h);
  while (r.ok() && !h.done) {
    auto record = read_op_record(r, h.type);
    if (!record) {
      r.reject(fmt::format("invalid type of op {} in a multi", static_cast<int32_t>(h.type)));
      return;
    }
    if (!m.ops.empty() && is_read_op(h.type) != is_read_op(m.ops.front().type)) {
      r.reject("mixing different kind of ops in a multi");
      return;
    }
    m.ops.push_back(MultiOp{h.type, std::move(*record)});
    read(r, h);
  }
}

// MultiResponse.serialize: {type, false, err} + body per result; err is the ErrorResult's code
// and 0 for every other result.
void write(JuteWriter& w, const MultiResponse& m) {
  for (const auto& result : m.results) {
    const auto* error = std::get_if<ErrorResult>(&result);
    write(w, MultiHeader{result_type(result), false, error ? error->err : 0});
    std::visit(Overloaded{
                   [&](const CreateResult& c) { write(w, CreateResponse{c.path}); },
                   [&](const Create2Result& c) {
                     write(w, Create2Response{c.path, c.stat});
                   },
                   [&](const DeleteResult&) {},
                   [&](const SetDataResult& s) { write(w, SetDataResponse{s.stat}); },
                   [&](const CheckResult&) {},
                   [&](const GetChildrenResult& g) { write(w, GetChildrenResponse{g.children}); },
                   [&](const GetDataResult& g) {
                     write(w, GetDataResponse{g.data, g.stat});
                   },
                   [&](const ErrorResult& e) { write(w, ErrorResponse{e.err}); },
               },
               result);
  }
  write(w, kDone);
}

// MultiResponse.deserialize: the header's err is not read back; an ErrorResult's code is its body.
void read(JuteReader& r, MultiResponse& m) {
  m.results.clear();
  MultiHeader h;
  read(r, h);
  while (r.ok() && !h.done) {
    auto result = read_result(r, h.type);
    if (!result) {
      r.reject(fmt::format("invalid type {} in a multi response", static_cast<int32_t>(h.type)));
      return;
    }
    m.results.push_back(std::move(*result));
    read(r, h);
  }
}

}  // namespace zab::wire
