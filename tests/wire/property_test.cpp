// RapidCheck properties of every decoder: random bytes, truncated and mutated frames never crash
// one and always end in a value or an error; valid streams cut into random chunks come out whole.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "impl/core/check.h"
#include "impl/wire/client_reply.h"
#include "impl/wire/client_request.h"
#include "impl/wire/election.h"
#include "impl/wire/quorum_message.h"
#include "tests/wire/samples.h"

namespace zab::wire {
namespace {

// A failed ZK_ASSERT throws, so RapidCheck reports it with the input instead of aborting.
const bool kAssertionsThrow = (set_assertions_throw(true), true);

// Bytes biased towards what breaks decoders: small lengths, -1, and the start of real records.
rc::Gen<std::string> gen_bytes() {
  return rc::gen::oneOf(
      rc::gen::container<std::string>(rc::gen::arbitrary<char>()),
      rc::gen::container<std::string>(rc::gen::element<char>('\0', '\x01', '\x02', '\xff', '/')));
}

// A valid encoding of a random sample, as (what kind, bytes).
std::string sample_bytes(size_t pick) {
  const auto requests = test::sample_requests();
  const auto replies = test::sample_replies();
  const auto messages = test::sample_quorum_messages();
  const auto notes = test::sample_notifications();
  const size_t total = requests.size() + replies.size() + messages.size() + notes.size();
  pick %= total;
  if (pick < requests.size()) return encode_request(requests[pick].first, requests[pick].second);
  pick -= requests.size();
  if (pick < replies.size())
    return encode_reply(replies[pick].second.header, replies[pick].second.body);
  pick -= replies.size();
  if (pick < messages.size()) return encode_quorum_packet(to_packet(messages[pick]));
  return encode_notification_message(notes[pick - messages.size()]);
}

// Mutations a broken peer or a torn connection produce.
std::string mutate(std::string bytes) {
  const int kind = *rc::gen::inRange(0, 4);
  if (bytes.empty()) return bytes;
  const size_t at = *rc::gen::inRange<size_t>(0, bytes.size());
  switch (kind) {
    case 0:  // truncate
      return bytes.substr(0, at);
    case 1:  // flip one byte
      bytes[at] = static_cast<char>(bytes[at] ^ *rc::gen::inRange(1, 256));
      return bytes;
    case 2:  // a length-sized field turned into -1 or a huge value
      for (size_t k = 0; k < 4 && at + k < bytes.size(); ++k)
        bytes[at + k] = *rc::gen::element<char>('\xff', '\x7f');
      return bytes;
    default:  // garbage appended
      return bytes + *gen_bytes();
  }
}

// Runs every decoder on `bytes`; each must return (not throw, not abort).
void decode_everything(const std::string& bytes) {
  auto request = decode_request(bytes);
  if (request.ok()) (void)request->record.ok();
  (void)decode_connect_request(bytes).ok();
  for (OpCode op : test::client_opcodes())
    (void)decode_reply(op, bytes).ok();
  (void)decode_notification(bytes).ok();
  (void)decode_connect_response(bytes).ok();
  (void)decode_txn_entry(bytes).ok();
  (void)decode_learner_info(bytes).ok();
  (void)decode_notification_message(bytes).ok();
  auto initial = decode_initial_message(bytes);
  RC_ASSERT(initial.need_more() || initial.ok() != initial.error.has_value());
  auto packet = decode_quorum_packet(bytes);
  RC_ASSERT(packet.need_more() || packet.ok() != packet.error.has_value());
  if (packet.ok()) {
    RC_ASSERT(packet.consumed <= bytes.size());
    (void)from_packet(*packet.value, Sender::kLeader).ok();
    (void)from_packet(*packet.value, Sender::kLearner).ok();
  }
  (void)decode_snap_signature(bytes).need_more();
  FrameReader frames;
  frames.feed(bytes);
  for (int k = 0; k < 1000 && std::holds_alternative<Frame>(frames.next()); ++k) {
  }
}

RC_GTEST_PROP(WireProperty, RandomBytesNeverCrashAnyDecoder, ()) {
  decode_everything(*gen_bytes());
}

RC_GTEST_PROP(WireProperty, MutatedValidEncodingsNeverCrashAnyDecoder, ()) {
  const std::string bytes = mutate(sample_bytes(*rc::gen::arbitrary<size_t>()));
  decode_everything(bytes);
  // The same bytes as a request record of every opcode (what a REQUEST packet carries).
  for (OpCode op : test::client_opcodes())
    (void)decode_request_record(op, bytes).ok();
}

// Decoding a successful decode's re-encoding gives the same value (nothing is lost or invented
// between the two directions).
RC_GTEST_PROP(WireProperty, DecodedRequestsReencodeToTheSameValue, ()) {
  const auto requests = test::sample_requests();
  const auto& [h, record] = *rc::gen::elementOf(requests);
  const std::string bytes = mutate(encode_request(h, record));
  auto decoded = decode_request(bytes);
  if (!decoded.ok() || !decoded->record.ok()) return;
  auto again = decode_request(encode_request(decoded->header, decoded->record.value()));
  RC_ASSERT(again.ok() && again->record.ok());
  RC_ASSERT(again->header == decoded->header);
  RC_ASSERT(again->record.value() == decoded->record.value());
}

// A stream of valid packets cut at random points: the reader yields exactly the packets, and a
// prefix is never an error.
RC_GTEST_PROP(WireProperty, QuorumStreamInRandomChunks, ()) {
  const auto messages = test::sample_quorum_messages();
  const auto picks =
      *rc::gen::container<std::vector<size_t>>(rc::gen::inRange<size_t>(0, messages.size()));
  std::string stream;
  for (size_t p : picks)
    stream += encode_quorum_packet(to_packet(messages[p]));
  QuorumPacketReader reader;
  size_t at = 0;
  size_t got = 0;
  while (at < stream.size() || reader.buffered_bytes() > 0) {
    const size_t chunk = *rc::gen::inRange<size_t>(1, 64);
    reader.feed(std::string_view(stream).substr(at, chunk));
    at = std::min(stream.size(), at + chunk);
    while (true) {
      auto out = reader.next();
      RC_ASSERT(!std::holds_alternative<Error>(out));
      if (std::holds_alternative<NeedMore>(out)) break;
      RC_ASSERT(got < picks.size());
      RC_ASSERT(std::get<QuorumPacket>(out) == to_packet(messages[picks[got]]));
      ++got;
    }
    if (at == stream.size() && reader.buffered_bytes() > 0) RC_FAIL("bytes left over");
  }
  RC_ASSERT(got == picks.size());
}

RC_GTEST_PROP(WireProperty, ClientFramesInRandomChunks, ()) {
  const auto payloads = *rc::gen::container<std::vector<std::string>>(gen_bytes());
  std::string stream;
  for (const auto& p : payloads)
    stream += frame(p);
  FrameReader reader(FrameReader::Options{kDefaultMaxFrameBytes, false, true});
  std::vector<std::string> got;
  size_t at = 0;
  while (at < stream.size()) {
    const size_t chunk = *rc::gen::inRange<size_t>(1, 32);
    reader.feed(std::string_view(stream).substr(at, chunk));
    at += chunk;
    for (auto out = reader.next(); std::holds_alternative<Frame>(out); out = reader.next())
      got.push_back(std::get<Frame>(out).payload);
  }
  RC_ASSERT(got == payloads);
}

}  // namespace
}  // namespace zab::wire
