// The response half of client_records.h.
#include <fmt/format.h>

#include "impl/core/overloaded.h"
#include "impl/runtime/client_records.h"

namespace zab::runtime {

using data::OpCode;

namespace {

// MultiResponse.serialize writes each OpResult under its type; a create result carries a stat
// exactly when its type is create2 (OpResult.CreateResult(path, stat)), and the server layer
// names container and TTL creates create2 as well.
wire::OpResult op_result_record(const server::OpResult& r) {
  auto stat = [&]() {
    ZK_ASSERT_MSG(r.stat.has_value(), fmt::format("a multi result of type {} without a stat",
                                                  data::opcode_name(r.type)));
    return *r.stat;
  };
  switch (r.type) {
    case OpCode::kCreate:
      return wire::CreateResult{r.path};
    case OpCode::kCreate2:
    case OpCode::kCreateContainer:
    case OpCode::kCreateTtl:
      return wire::Create2Result{r.path, stat()};
    case OpCode::kDelete:
      return wire::DeleteResult{};
    case OpCode::kSetData:
      return wire::SetDataResult{stat()};
    case OpCode::kCheck:
      return wire::CheckResult{};
    case OpCode::kGetData:
      return wire::GetDataResult{r.data, stat()};
    case OpCode::kGetChildren:
      return wire::GetChildrenResult{r.children};
    case OpCode::kError:
      return wire::ErrorResult{static_cast<int32_t>(r.err)};
    default:
      ZK_ASSERT_MSG(false, fmt::format("no multi result of type {}", data::opcode_name(r.type)));
      return wire::ErrorResult{static_cast<int32_t>(Code::kSystemError)};
  }
}

server::OpResult op_result_from_record(const wire::OpResult& r) {
  using server::OpResult;
  return std::visit(Overloaded{
                        [](const wire::CreateResult& c) {
                          return OpResult{OpCode::kCreate, Code::kOk, c.path, {}, {}, {}};
                        },
                        [](const wire::Create2Result& c) {
                          return OpResult{OpCode::kCreate2, Code::kOk, c.path, c.stat, {}, {}};
                        },
                        [](const wire::DeleteResult&) {
                          return OpResult{OpCode::kDelete, Code::kOk, {}, {}, {}, {}};
                        },
                        [](const wire::SetDataResult& s) {
                          return OpResult{OpCode::kSetData, Code::kOk, {}, s.stat, {}, {}};
                        },
                        [](const wire::CheckResult&) {
                          return OpResult{OpCode::kCheck, Code::kOk, {}, {}, {}, {}};
                        },
                        [](const wire::GetChildrenResult& g) {
                          return OpResult{OpCode::kGetChildren, Code::kOk, {}, {}, {}, g.children};
                        },
                        [](const wire::GetDataResult& g) {
                          return OpResult{OpCode::kGetData, Code::kOk,           {},
                                          g.stat,           g.data.value_or(""), {}};
                        },
                        [](const wire::ErrorResult& e) {
                          return OpResult{OpCode::kError, static_cast<Code>(e.err), {}, {}, {}, {}};
                        },
                    },
                    r);
}

}  // namespace

wire::ClientResponseRecord response_record_from(const server::Response& response) {
  using W = wire::ClientResponseRecord;
  return std::visit(
      Overloaded{
          [](const server::NoResponse&) -> W { return wire::EmptyResponse{}; },
          [](const server::ConnectResponse&) -> W {
            ZK_ASSERT_MSG(false, "a ConnectResponse goes out without a ReplyHeader");
            return wire::EmptyResponse{};
          },
          [](const server::CreateResponse& c) -> W { return wire::CreateResponse{c.path}; },
          [](const server::Create2Response& c) -> W {
            return wire::Create2Response{c.path, c.stat};
          },
          [](const server::StatResponse& s) -> W { return wire::ExistsResponse{s.stat}; },
          [](const server::GetDataResponse& g) -> W {
            return wire::GetDataResponse{g.data, g.stat};
          },
          [](const server::GetChildrenResponse& g) -> W {
            return wire::GetChildrenResponse{g.children};
          },
          [](const server::GetChildren2Response& g) -> W {
            return wire::GetChildren2Response{g.children, g.stat};
          },
          [](const server::GetAclResponse& g) -> W {
            return wire::GetAclResponse{g.acl, g.stat};
          },
          [](const server::SyncResponse& s) -> W { return wire::SyncResponse{s.path}; },
          [](const server::MultiResponse& m) -> W {
            wire::MultiResponse out;
            for (const auto& r : m.results)
              out.results.push_back(op_result_record(r));
            return out;
          },
          [](const server::GetEphemeralsResponse& g) -> W {
            return wire::GetEphemeralsResponse{g.ephemerals};
          },
          [](const server::GetAllChildrenNumberResponse& g) -> W {
            return wire::GetAllChildrenNumberResponse{g.total_number};
          },
          [](const server::WhoAmIResponse& w) -> W {
            wire::WhoAmIResponse out;
            for (const auto& info : w.client_info)
              out.client_info.push_back(wire::ClientInfo{info.auth_scheme, info.user});
            return out;
          },
          [](const server::ErrorResponse& e) -> W {
            return wire::ErrorResponse{static_cast<int32_t>(e.err)};
          },
      },
      response);
}

wire::ConnectResponse connect_response_record(const server::ConnectResponse& r) {
  return wire::ConnectResponse{r.protocol_version, r.timeout_ms, static_cast<int64_t>(r.session_id),
                               r.passwd, r.read_only};
}

Result<server::Response> response_from_record(const wire::ClientResponseRecord& record) {
  using R = Result<server::Response>;
  using server::Response;
  return std::visit(
      Overloaded{
          [](const wire::EmptyResponse&) -> R { return Response{server::NoResponse{}}; },
          [](const wire::CreateResponse& c) -> R {
            return Response{server::CreateResponse{c.path}};
          },
          [](const wire::Create2Response& c) -> R {
            return Response{server::Create2Response{c.path, c.stat}};
          },
          [](const wire::ExistsResponse& s) -> R { return Response{server::StatResponse{s.stat}}; },
          [](const wire::GetDataResponse& g) -> R {
            return Response{server::GetDataResponse{g.data.value_or(""), g.stat}};
          },
          [](const wire::SetDataResponse& s) -> R {
            return Response{server::StatResponse{s.stat}};
          },
          [](const wire::GetAclResponse& g) -> R {
            return Response{server::GetAclResponse{g.acl, g.stat}};
          },
          [](const wire::SetAclResponse& s) -> R { return Response{server::StatResponse{s.stat}}; },
          [](const wire::GetChildrenResponse& g) -> R {
            return Response{server::GetChildrenResponse{g.children}};
          },
          [](const wire::GetChildren2Response& g) -> R {
            return Response{server::GetChildren2Response{g.children, g.stat}};
          },
          [](const wire::SyncResponse& s) -> R { return Response{server::SyncResponse{s.path}}; },
          [](const wire::MultiResponse& m) -> R {
            server::MultiResponse out;
            for (const auto& r : m.results)
              out.results.push_back(op_result_from_record(r));
            return Response{std::move(out)};
          },
          [](const wire::ErrorResponse& e) -> R {
            return Response{server::ErrorResponse{static_cast<Code>(e.err)}};
          },
          [](const wire::SetSaslResponse&) -> R {
            return make_error(Code::kMarshallingError,
                              "SetSASLResponse: the server layer has no such response");
          },
          [](const wire::GetEphemeralsResponse& g) -> R {
            return Response{server::GetEphemeralsResponse{g.ephemerals}};
          },
          [](const wire::GetAllChildrenNumberResponse& g) -> R {
            return Response{server::GetAllChildrenNumberResponse{g.total_number}};
          },
          [](const wire::WhoAmIResponse& w) -> R {
            server::WhoAmIResponse out;
            for (const auto& info : w.client_info)
              out.client_info.push_back(server::ClientInfo{info.auth_scheme, info.user});
            return Response{std::move(out)};
          },
      },
      record);
}

server::ConnectResponse connect_response_from_record(const wire::ConnectResponse& r) {
  return server::ConnectResponse{r.protocol_version, r.time_out,
                                 static_cast<uint64_t>(r.session_id), r.passwd,
                                 r.read_only.value_or(false)};
}

}  // namespace zab::runtime
