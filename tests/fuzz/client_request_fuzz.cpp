// The server's side of the client port: bytes off a socket -> frames -> the connect request and
// client requests (wire.md §1). Besides "no crash, no sanitizer report", it checks that a reader
// fed in chunks sees what a reader fed everything at once sees, and that whatever decodes encodes
// back to bytes that decode to the same thing.
#include <variant>
#include <vector>

#include "impl/wire/client_request.h"
#include "impl/wire/framing.h"
#include "tests/fuzz/fuzz_check.h"
#include "tests/fuzz/stream_reading.h"

namespace {

using namespace zab;
using namespace zab::wire;

void check_connect_request(std::string_view payload) {
  auto request = decode_connect_request(payload);
  if (!request.ok()) return;
  auto again = decode_connect_request(encode_connect_request(request.value()));
  ZAB_FUZZ_CHECK(again.ok() && again.value() == request.value());
}

void check_request(std::string_view payload) {
  auto decoded = decode_request(payload);
  if (!decoded.ok()) return;
  ZAB_FUZZ_CHECK(decoded.value().trailing_bytes <= payload.size());
  const auto& record = decoded.value().record;
  if (!record.ok()) return;
  const RequestHeader& header = decoded.value().header;
  ZAB_FUZZ_CHECK(request_record_matches(header.type, record.value()));
  auto again = decode_request(encode_request(header, record.value()));
  ZAB_FUZZ_CHECK(again.ok() && again.value().header == header);
  ZAB_FUZZ_CHECK(again.value().record.ok() && again.value().record.value() == record.value());
  ZAB_FUZZ_CHECK(again.value().trailing_bytes == 0);
}

}  // namespace

// The first byte picks the chunking; the rest is what a client sent.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view input = zab::fuzz::bytes(data + 1, size - 1);

  auto whole = zab::fuzz::read_whole_and_in_chunks(FrameReader{}, input, data[0]);

  bool first = true;
  for (const auto& event : whole) {
    const auto* frame = std::get_if<Frame>(&event);
    if (!frame) continue;
    if (first) {
      check_connect_request(frame->payload);
    } else {
      check_request(frame->payload);
    }
    first = false;
  }
  // The whole input as one payload too, so the decoders see inputs no framing shaped.
  check_connect_request(input);
  check_request(input);
  return 0;
}
