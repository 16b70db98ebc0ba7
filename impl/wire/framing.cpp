#include "impl/wire/framing.h"

#include <array>
#include <utility>

#include "impl/data/jute.h"

namespace zab::wire {
namespace {

struct KnownWord {
  FourLetterWord word;
  std::string_view name;
  uint32_t value;
};

constexpr uint32_t spell(std::string_view name) {
  uint32_t v = 0;
  for (char c : name)
    v = (v << 8) | static_cast<unsigned char>(c);
  return v;
}

// FourLetterCommands.cmd2String.
constexpr std::array<KnownWord, 19> kWords = {{
    {FourLetterWord::kConf, "conf", spell("conf")},
    {FourLetterWord::kCons, "cons", spell("cons")},
    {FourLetterWord::kCrst, "crst", spell("crst")},
    {FourLetterWord::kDirs, "dirs", spell("dirs")},
    {FourLetterWord::kDump, "dump", spell("dump")},
    {FourLetterWord::kEnvi, "envi", spell("envi")},
    {FourLetterWord::kGtmk, "gtmk", spell("gtmk")},
    {FourLetterWord::kRuok, "ruok", spell("ruok")},
    {FourLetterWord::kStmk, "stmk", spell("stmk")},
    {FourLetterWord::kSrst, "srst", spell("srst")},
    {FourLetterWord::kSrvr, "srvr", spell("srvr")},
    {FourLetterWord::kStat, "stat", spell("stat")},
    {FourLetterWord::kWchc, "wchc", spell("wchc")},
    {FourLetterWord::kWchp, "wchp", spell("wchp")},
    {FourLetterWord::kWchs, "wchs", spell("wchs")},
    {FourLetterWord::kMntr, "mntr", spell("mntr")},
    {FourLetterWord::kIsro, "isro", spell("isro")},
    {FourLetterWord::kHash, "hash", spell("hash")},
    {FourLetterWord::kTelnetClose, "telnet close", 0xfff4fffdU},
}};

const KnownWord& entry(FourLetterWord word) {
  for (const auto& w : kWords) {
    if (w.word == word) return w;
  }
  ZK_UNREACHABLE("four-letter word missing from the table");
}

int32_t read_length(std::string_view bytes) {
  data::JuteReader r(bytes.substr(0, 4));
  return r.i32();
}

}  // namespace

std::string frame(std::string_view payload) {
  data::JuteWriter w;
  w.buffer(payload);
  return w.take();
}

std::optional<FourLetterWord> four_letter_word_from_int(int32_t value) {
  for (const auto& w : kWords) {
    if (w.value == static_cast<uint32_t>(value)) return w.word;
  }
  return std::nullopt;
}

std::optional<FourLetterWord> four_letter_word_from_name(std::string_view name) {
  for (const auto& w : kWords) {
    if (w.name == name) return w.word;
  }
  return std::nullopt;
}

std::string_view to_string(FourLetterWord word) {
  return entry(word).name;
}

int32_t to_int(FourLetterWord word) {
  return static_cast<int32_t>(entry(word).value);
}

void FrameReader::feed(std::string_view bytes) {
  if (phase_ == Phase::kFailed || phase_ == Phase::kCommandDone) return;
  // Drop what was handed out once it is most of the buffer, so memory stays near one frame.
  if (start_ > 0 && start_ >= buffer_.size() / 2) {
    buffer_.erase(0, start_);
    start_ = 0;
  }
  buffer_.append(bytes);
}

FrameEvent FrameReader::fail(Error error) {
  phase_ = Phase::kFailed;
  error_ = std::move(error);
  buffer_.clear();
  start_ = 0;
  return error_;
}

FrameEvent FrameReader::four_letter_word(FourLetterWord word) {
  FourLetterCommand command{word, std::nullopt};
  if (word == FourLetterWord::kStmk) {
    // NIOServerCnxn reads the trace mask as the next 8 bytes.
    if (buffered_bytes() < 12) return NeedMore{};
    data::JuteReader r(std::string_view(buffer_).substr(start_ + 4, 8));
    command.trace_mask = r.i64();
  }
  phase_ = Phase::kCommandDone;
  buffer_.clear();
  start_ = 0;
  return command;
}

FrameEvent FrameReader::next() {
  switch (phase_) {
    case Phase::kFailed:
      return error_;
    case Phase::kCommandDone:
      return NeedMore{};
    case Phase::kFirstLength:
    case Phase::kFrames:
      break;
  }
  if (buffered_bytes() < 4) return NeedMore{};
  const std::string_view pending = std::string_view(buffer_).substr(start_);
  const int32_t len = read_length(pending);
  if (phase_ == Phase::kFirstLength && options_.four_letter_words) {
    if (auto word = four_letter_word_from_int(len)) return four_letter_word(*word);
  }
  phase_ = Phase::kFrames;
  if (len < (options_.allow_empty ? 0 : 1) || len > options_.max_frame_bytes) {
    return fail(make_error(Code::kMarshallingError, "frame length {} is out of range (max {})", len,
                           options_.max_frame_bytes));
  }
  if (pending.size() - 4 < static_cast<size_t>(len)) return NeedMore{};
  Frame out{std::string(pending.substr(4, static_cast<size_t>(len)))};
  start_ += 4 + static_cast<size_t>(len);
  return out;
}

}  // namespace zab::wire
