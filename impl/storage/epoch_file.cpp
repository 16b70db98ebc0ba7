#include "impl/storage/epoch_file.h"

#include <fmt/format.h>

namespace zab::storage {

std::string encode_epoch(Epoch epoch) {
  return std::to_string(epoch.value);
}

Result<Epoch> parse_epoch(std::string_view contents) {
  const std::string_view line = contents.substr(0, contents.find_first_of("\r\n"));
  // What QuorumPeer's IOException says: "Found <line> in <file>" (the caller names the file).
  auto found = [&](std::string_view why) {
    return make_error(Code::kMarshallingError, "found \"{}\": {}", line, why);
  };
  if (contents.empty()) return make_error(Code::kMarshallingError, "the file is empty");
  std::string_view digits = line;
  bool negative = false;
  if (!digits.empty() && (digits[0] == '-' || digits[0] == '+')) {
    negative = digits[0] == '-';
    digits.remove_prefix(1);
  }
  if (digits.empty()) return found("not a number");
  uint64_t value = 0;
  for (const char c : digits) {
    if (c < '0' || c > '9') return found("not a number");
    value = value * 10 + static_cast<uint64_t>(c - '0');
    if (value > UINT32_MAX) return found("out of range for an epoch");
  }
  if (negative && value != 0) return found("a negative epoch");
  return Epoch{static_cast<uint32_t>(value)};
}

}  // namespace zab::storage
