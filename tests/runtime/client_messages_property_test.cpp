// RapidCheck properties of the client port's translation: any bytes a client sends (random, or a
// valid request truncated, flipped or padded) are read as a request or refused, never a crash;
// a request read once is written back and read again to the same value; the same for replies.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "impl/core/check.h"
#include "impl/runtime/client_messages.h"
#include "impl/wire/client_reply.h"
#include "impl/wire/client_request.h"
#include "impl/wire/framing.h"
#include "tests/wire/samples.h"

namespace zab::runtime {
namespace {

// A failed ZK_ASSERT throws, so RapidCheck reports it with the input instead of aborting.
const bool kAssertionsThrow = (set_assertions_throw(true), true);

rc::Gen<std::string> gen_bytes() {
  return rc::gen::oneOf(
      rc::gen::container<std::string>(rc::gen::arbitrary<char>()),
      rc::gen::container<std::string>(rc::gen::element<char>('\0', '\x01', '\x02', '\xff', '/')));
}

// Mutations a broken client or a torn connection produce.
std::string mutate(std::string bytes) {
  if (bytes.empty()) return bytes;
  const size_t at = *rc::gen::inRange<size_t>(0, bytes.size());
  switch (*rc::gen::inRange(0, 5)) {
    case 0:  // truncate
      return bytes.substr(0, at);
    case 1:  // flip one byte
      bytes[at] = static_cast<char>(bytes[at] ^ *rc::gen::inRange(1, 256));
      return bytes;
    case 2:  // a length-sized field turned into -1 or a huge value
      for (size_t k = 0; k < 4 && at + k < bytes.size(); ++k)
        bytes[at + k] = *rc::gen::element<char>('\xff', '\x7f');
      return bytes;
    case 3:  // garbage appended
      return bytes + *gen_bytes();
    default:  // unchanged
      return bytes;
  }
}

std::string sample_request_bytes() {
  static const auto requests = wire::test::sample_requests();
  const auto& [header, record] = *rc::gen::elementOf(requests);
  return wire::encode_request(header, record);
}

// The payload of a frame made by frame_to_client or frame_client_request.
std::string payload_of(const std::string& frame) {
  RC_ASSERT(frame.size() >= 4u);
  return frame.substr(4);
}

// Reads `payload`; when it is a request, writing it back and reading again must give it again.
void check_request(const std::string& payload) {
  auto read = read_client_request(payload, 4096);
  if (const auto* refused = std::get_if<RequestRefused>(&read)) {
    RC_ASSERT(refused->err == Code::kUnimplemented || refused->err == Code::kMarshallingError);
    RC_ASSERT(!refused->why.empty());
    const std::string answer = frame_refusal(*refused, Zxid{7});
    RC_ASSERT(answer.size() == (refused->reply ? 20u : 0u));
    return;
  }
  const auto& request = std::get<server::ClientRequest>(read);
  auto again = read_client_request(payload_of(frame_client_request(request)), 4096);
  RC_ASSERT(std::holds_alternative<server::ClientRequest>(again));
  RC_ASSERT(std::get<server::ClientRequest>(again) == request);
}

RC_GTEST_PROP(ClientMessagesProperty, RandomBytesAreReadOrRefused, ()) {
  const std::string bytes = *gen_bytes();
  check_request(bytes);
  auto connect = read_connect_request(bytes, "10.1.2.3", 4096);
  if (connect) {
    auto again = read_connect_request(
        payload_of(frame_client_request(server::ClientRequest{0, *connect})), "10.1.2.3");
    RC_ASSERT(again.ok() && again.value() == connect.value());
  } else {
    RC_ASSERT(connect.code() == Code::kMarshallingError);
  }
}

RC_GTEST_PROP(ClientMessagesProperty, MutatedRequestsAreReadOrRefused, ()) {
  check_request(mutate(sample_request_bytes()));
}

RC_GTEST_PROP(ClientMessagesProperty, ServerFramesReadBackToTheSameMessage, ()) {
  static const auto replies = wire::test::sample_replies();
  const auto& [type, reply] = *rc::gen::elementOf(replies);
  const std::string payload = mutate(wire::encode_reply(reply.header, reply.body));
  auto message = read_server_message(payload, type);
  if (!message) {
    RC_ASSERT(message.code() == Code::kMarshallingError);
    return;
  }
  auto again = read_server_message(payload_of(frame_to_client(message.value())), type);
  RC_ASSERT(again.ok());
  RC_ASSERT(again.value() == message.value());
}

}  // namespace
}  // namespace zab::runtime
