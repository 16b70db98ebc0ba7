// The quorum port (wire.md §4.4): bytes from a peer -> QuorumPackets -> typed Zab messages, for a
// leader reading a learner and a learner reading its leader. Checks besides "no crash": chunked
// reading sees what whole reading sees, a packet re-encodes to itself, and a message that decodes
// turns back into a packet that decodes to the same message.
#include <variant>
#include <vector>

#include "impl/wire/quorum_message.h"
#include "impl/wire/quorum_packet.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/stream_reading.h"

namespace {

using namespace zab;
using namespace zab::wire;

void check_message(const QuorumPacket& packet, Sender sender) {
  auto message = from_packet(packet, sender);
  if (!message.ok()) return;
  ZAB_FUZZ_CHECK(sender_of(message.value()) == sender);
  auto again = from_packet(to_packet(message.value()), sender);
  ZAB_FUZZ_CHECK(again.ok() && again.value() == message.value());
}

}  // namespace

// The first byte picks the chunking; the rest is what a peer sent.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view input = zab::fuzz::bytes(data + 1, size - 1);

  auto whole = zab::fuzz::read_whole_and_in_chunks(QuorumPacketReader{}, input, data[0]);

  for (const auto& event : whole) {
    const auto* packet = std::get_if<QuorumPacket>(&event);
    if (!packet) continue;
    auto encoded = encode_quorum_packet(*packet);
    auto again = decode_quorum_packet(encoded);
    ZAB_FUZZ_CHECK(again.ok() && *again.value == *packet && again.consumed == encoded.size());
    check_message(*packet, Sender::kLeader);
    check_message(*packet, Sender::kLearner);
  }
  return 0;
}
