// The client port's framing (wire.md §1.2): every message is a 4-byte big-endian length and that
// many bytes. A FrameReader takes whatever chunks a socket delivers and yields whole frames; it
// refuses a negative length or one over jute.maxbuffer as NIOServerCnxn.readLength does, and
// recognises a four-letter word in the first 4 bytes of a connection
// (NIOServerCnxn.checkFourLetterWord reads them as the int a known word spells before treating
// them as a length).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "impl/core/errors.h"
#include "impl/data/jute.h"

namespace zab::wire {

// NIOServerCnxn.readLength refuses len > jute.maxbuffer (not the extra allowance BinaryInputArchive
// adds for fields).
inline constexpr int32_t kDefaultMaxFrameBytes = data::kJuteMaxBuffer;

// payload -> length + payload.
std::string frame(std::string_view payload);

// FourLetterCommands' known words (3.8.0), plus the bytes telnet sends when it closes, which
// ZooKeeper lists as a known command so that it closes quietly.
enum class FourLetterWord : uint8_t {
  kConf,
  kCons,
  kCrst,
  kDirs,
  kDump,
  kEnvi,
  kGtmk,
  kRuok,
  kStmk,  // followed by an 8-byte trace mask
  kSrst,
  kSrvr,
  kStat,
  kWchc,
  kWchp,
  kWchs,
  kMntr,
  kIsro,
  kHash,
  kTelnetClose,  // 0xfff4fffd
};
// The word the first 4 bytes spell, read as one big-endian int; nullopt for anything else.
std::optional<FourLetterWord> four_letter_word_from_int(int32_t value);
std::optional<FourLetterWord> four_letter_word_from_name(std::string_view name);
std::string_view to_string(FourLetterWord word);  // "ruok", ..., "telnet close"
int32_t to_int(FourLetterWord word);

struct NeedMore {
  bool operator==(const NeedMore&) const = default;
};
struct Frame {
  std::string payload;  // without the length
  bool operator==(const Frame&) const = default;
};
struct FourLetterCommand {
  FourLetterWord word = FourLetterWord::kRuok;
  std::optional<int64_t> trace_mask;  // stmk's argument
  bool operator==(const FourLetterCommand&) const = default;
};
using FrameEvent = std::variant<NeedMore, Frame, FourLetterCommand, Error>;

class FrameReader {
 public:
  struct Options {
    int32_t max_frame_bytes = kDefaultMaxFrameBytes;
    // Servers look for a word at the start of a connection; clients reading replies do not.
    bool four_letter_words = true;
    // The client port takes a 0-length frame (the record read from it then fails); the election
    // port refuses one (QuorumCnxManager.RecvWorker: length <= 0).
    bool allow_empty = true;
  };
  FrameReader() : FrameReader(Options{}) {}
  explicit FrameReader(Options options) : options_(options) {}

  void feed(std::string_view bytes);
  // The next frame or command, NeedMore until one is complete. After a FourLetterCommand the
  // connection carries nothing else (the server writes its answer and closes): later calls
  // return NeedMore. After an Error every call returns the same Error.
  FrameEvent next();
  size_t buffered_bytes() const { return buffer_.size() - start_; }

 private:
  enum class Phase : uint8_t { kFirstLength, kFrames, kCommandDone, kFailed };
  FrameEvent fail(Error error);
  FrameEvent four_letter_word(FourLetterWord word);

  Options options_;
  Phase phase_ = Phase::kFirstLength;
  std::string buffer_;
  size_t start_ = 0;  // bytes of buffer_ already handed out
  Error error_;
};

}  // namespace zab::wire
