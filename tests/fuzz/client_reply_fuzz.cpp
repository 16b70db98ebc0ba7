// The client's side of the client port (zabcli and the cluster tests' client read these): the
// connect response, replies to each kind of request, and watch notifications. Checks besides "no
// crash": what decodes encodes back to bytes that decode to the same thing.
#include "impl/wire/client_reply.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/wire/samples.h"

// The first byte picks the request the reply answers; the rest is the frame's payload.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace zab::wire;
  if (size == 0) return 0;
  // Every opcode a client may send, so that every reply body gets read.
  const auto& types = zab::wire::test::client_opcodes();
  OpCode type = types[data[0] % types.size()];
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
