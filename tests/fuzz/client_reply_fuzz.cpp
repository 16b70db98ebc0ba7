// The client's side of the client port (zabcli and the cluster tests' client read these): the
// connect response, replies to each kind of request, and watch notifications. Checks besides "no
// crash": what decodes encodes back to bytes that decode to the same thing.
#include <array>

#include "impl/wire/client_reply.h"
#include "tests/fuzz/fuzz_check.h"

namespace {

using namespace zab;
using namespace zab::wire;
using data::OpCode;

// Every opcode a client may send, so every reply body gets read.
constexpr std::array kRequestTypes = {
    OpCode::kCreate,
    OpCode::kDelete,
    OpCode::kExists,
    OpCode::kGetData,
    OpCode::kSetData,
    OpCode::kGetAcl,
    OpCode::kSetAcl,
    OpCode::kGetChildren,
    OpCode::kSync,
    OpCode::kPing,
    OpCode::kGetChildren2,
    OpCode::kCheck,
    OpCode::kMulti,
    OpCode::kCreate2,
    OpCode::kReconfig,
    OpCode::kCheckWatches,
    OpCode::kRemoveWatches,
    OpCode::kCreateContainer,
    OpCode::kDeleteContainer,
    OpCode::kCreateTtl,
    OpCode::kMultiRead,
    OpCode::kAuth,
    OpCode::kSetWatches,
    OpCode::kSasl,
    OpCode::kGetEphemerals,
    OpCode::kGetAllChildrenNumber,
    OpCode::kSetWatches2,
    OpCode::kAddWatch,
    OpCode::kWhoAmI,
    OpCode::kCloseSession,
};

}  // namespace

// The first byte picks the request the reply answers; the rest is the frame's payload.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  OpCode type = kRequestTypes[data[0] % kRequestTypes.size()];
  std::string_view payload = zab::fuzz::bytes(data + 1, size - 1);

  if (auto response = decode_connect_response(payload); response.ok()) {
    auto again = decode_connect_response(encode_connect_response(response.value()));
    ZAB_FUZZ_CHECK(again.ok() && again.value() == response.value());
  }
  if (auto header = decode_reply_header(payload); header.ok()) {
    auto reply = decode_reply(type, payload);
    if (reply.ok()) {
      ZAB_FUZZ_CHECK(reply.value().header == header.value());
      auto again = decode_reply(type, encode_reply(reply.value().header, reply.value().body));
      ZAB_FUZZ_CHECK(again.ok() && again.value() == reply.value());
    }
  }
  if (auto event = decode_notification(payload); event.ok()) {
    auto again = decode_notification(encode_notification(event.value()));
    ZAB_FUZZ_CHECK(again.ok() && again.value() == event.value());
  }
  return 0;
}
