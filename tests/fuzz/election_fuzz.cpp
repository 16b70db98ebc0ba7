// The election port (wire.md §5): the connecting peer's initial message, then framed
// notifications. Checks besides "no crash": chunked framing sees what whole framing sees, and
// what decodes encodes back to bytes that decode to the same thing.
#include <variant>
#include <vector>

#include "impl/wire/election.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/stream_reading.h"

namespace {

using namespace zab;
using namespace zab::wire;

void check_notification(std::string_view payload) {
  auto notification = decode_notification_message(payload);
  if (!notification.ok()) return;
  const Notification& n = notification.value();
  // buildMsg writes the versioned layout only for version > 1 (an older version is read from a
  // message, never written), so those notifications have no bytes of their own to compare.
  if (n.layout == NotificationLayout::kVersioned && n.version <= 1) return;
  auto again = decode_notification_message(encode_notification_message(n));
  ZAB_FUZZ_CHECK(again.ok());
  Notification expected = n;
  // The config is written empty when absent, and an empty one reads back as "".
  if (expected.layout == NotificationLayout::kVersioned && !expected.config) expected.config = "";
  ZAB_FUZZ_CHECK(again.value() == expected);
}

}  // namespace

// The first byte picks the chunking; the rest is the connecting peer's stream.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view input = zab::fuzz::bytes(data + 1, size - 1);

  auto initial = decode_initial_message(input);
  ZAB_FUZZ_CHECK(initial.consumed <= input.size());
  if (initial.ok()) {
    const InitialMessage& message = *initial.value;
    if (message.protocol_version >= 0 || !message.addresses.empty()) {
      auto again = decode_initial_message(encode_initial_message(message));
      ZAB_FUZZ_CHECK(again.ok() && *again.value == message);
    }
    input.remove_prefix(initial.consumed);
  }

  auto whole = zab::fuzz::read_whole_and_in_chunks(election_frame_reader(), input, data[0]);
  for (const auto& event : whole) {
    if (const auto* frame = std::get_if<Frame>(&event)) check_notification(frame->payload);
  }
  check_notification(input);
  return 0;
}
