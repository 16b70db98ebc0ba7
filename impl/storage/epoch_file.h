// acceptedEpoch and currentEpoch: QuorumPeer.writeLongToFile writes Long.toString(epoch), no
// newline; readLongFromFile parses the first line with Long.parseLong.
#pragma once

#include <string>
#include <string_view>

#include "impl/core/errors.h"
#include "impl/core/ids.h"

namespace zab::storage {

std::string encode_epoch(Epoch epoch);

// The first line (up to "\n", "\r" or the end) as an optionally signed decimal, as
// Long.parseLong reads it (no spaces), and then in range for an epoch (0..2^32-1: the high half
// of a zxid). MARSHALLINGERROR quoting what was found.
Result<Epoch> parse_epoch(std::string_view contents);

}  // namespace zab::storage
