// The client port's frame reader: frames out of arbitrary chunks, lengths refused as
// NIOServerCnxn.readLength refuses them, four-letter words at the start of a connection.
#include "impl/wire/framing.h"

#include <gtest/gtest.h>

#include "impl/wire/election.h"
#include "tests/wire/wire_test_util.h"

namespace zab::wire {
namespace {

using test::unhex;

std::vector<std::string> drain(FrameReader& reader) {
  std::vector<std::string> frames;
  while (true) {
    auto event = reader.next();
    if (auto* f = std::get_if<Frame>(&event)) {
      frames.push_back(f->payload);
      continue;
    }
    EXPECT_TRUE(std::holds_alternative<NeedMore>(event));
    return frames;
  }
}

TEST(Framing, FramesComeOutOfAnyChunking) {
  const std::vector<std::string> payloads = {"first", "", std::string(1000, 'x'), "last"};
  std::string stream;
  for (const auto& p : payloads)
    stream += frame(p);
  for (size_t chunk : {size_t{1}, size_t{3}, size_t{7}, stream.size()}) {
    FrameReader reader;
    std::vector<std::string> got;
    for (size_t at = 0; at < stream.size(); at += chunk) {
      reader.feed(std::string_view(stream).substr(at, chunk));
      for (auto& f : drain(reader))
        got.push_back(std::move(f));
    }
    EXPECT_EQ(got, payloads) << "chunk " << chunk;
    EXPECT_EQ(reader.buffered_bytes(), 0u);
  }
}

TEST(Framing, NegativeAndOversizeLengthsAreErrors) {
  FrameReader negative;
  negative.feed(unhex("80000000"));
  auto event = negative.next();
  ASSERT_TRUE(std::holds_alternative<Error>(event));
  EXPECT_EQ(std::get<Error>(event).code, Code::kMarshallingError);
  negative.feed("more");
  EXPECT_TRUE(std::holds_alternative<Error>(negative.next()));  // sticky

  FrameReader::Options small{16, true, true};
  FrameReader oversize(small);
  oversize.feed(unhex("00000011"));  // 17 > 16: refused before the payload arrives
  EXPECT_TRUE(std::holds_alternative<Error>(oversize.next()));

  FrameReader exact(small);
  exact.feed(unhex("00000010") + std::string(16, 'a'));
  EXPECT_TRUE(std::holds_alternative<Frame>(exact.next()));

  // The default is jute.maxbuffer: 0xfffff passes, 0x100000 does not.
  FrameReader at_max;
  at_max.feed(unhex("000fffff"));
  EXPECT_TRUE(std::holds_alternative<NeedMore>(at_max.next()));
  FrameReader over_max;
  over_max.feed(unhex("00100000"));
  EXPECT_TRUE(std::holds_alternative<Error>(over_max.next()));
}

TEST(Framing, FourLetterWordOnlyAtTheStartOfAConnection) {
  FrameReader reader;
  reader.feed("ru");
  EXPECT_TRUE(std::holds_alternative<NeedMore>(reader.next()));
  reader.feed("ok");
  auto event = reader.next();
  ASSERT_TRUE(std::holds_alternative<FourLetterCommand>(event));
  EXPECT_EQ(std::get<FourLetterCommand>(event).word, FourLetterWord::kRuok);
  reader.feed("more bytes");
  EXPECT_TRUE(std::holds_alternative<NeedMore>(reader.next()));

  // After a first frame the same bytes are a length (far over jute.maxbuffer).
  FrameReader later;
  later.feed(frame("connect") + "ruok");
  EXPECT_TRUE(std::holds_alternative<Frame>(later.next()));
  EXPECT_TRUE(std::holds_alternative<Error>(later.next()));

  // A client's reader never looks for words.
  FrameReader client(FrameReader::Options{kDefaultMaxFrameBytes, false, true});
  client.feed("srvr");
  EXPECT_TRUE(std::holds_alternative<Error>(client.next()));
}

TEST(Framing, EveryKnownWordAndStmkArgument) {
  for (std::string_view name :
       {"conf", "cons", "crst", "dirs", "dump", "envi", "gtmk", "ruok", "srst", "srvr", "stat",
        "wchc", "wchp", "wchs", "mntr", "isro", "hash"}) {
    FrameReader reader;
    reader.feed(name);
    auto event = reader.next();
    ASSERT_TRUE(std::holds_alternative<FourLetterCommand>(event)) << name;
    EXPECT_EQ(to_string(std::get<FourLetterCommand>(event).word), name);
    EXPECT_EQ(four_letter_word_from_name(name), std::get<FourLetterCommand>(event).word);
  }
  FrameReader stmk;
  stmk.feed("stmk" + unhex("00000000"));
  EXPECT_TRUE(std::holds_alternative<NeedMore>(stmk.next()));  // the 8-byte mask is not all here
  stmk.feed(unhex("000000ff"));
  auto event = stmk.next();
  ASSERT_TRUE(std::holds_alternative<FourLetterCommand>(event));
  EXPECT_EQ(std::get<FourLetterCommand>(event).trace_mask, 0xff);

  FrameReader telnet;
  telnet.feed(unhex("fff4fffd"));
  auto closing = telnet.next();
  ASSERT_TRUE(std::holds_alternative<FourLetterCommand>(closing));
  EXPECT_EQ(std::get<FourLetterCommand>(closing).word, FourLetterWord::kTelnetClose);

  EXPECT_FALSE(four_letter_word_from_name("nope").has_value());
  EXPECT_FALSE(four_letter_word_from_int(0x2d).has_value());  // an ordinary connect length
}

TEST(Framing, ElectionFramesRefuseEmptyAndOversize) {
  FrameReader empty = election_frame_reader();
  empty.feed(unhex("00000000"));
  EXPECT_TRUE(std::holds_alternative<Error>(empty.next()));
  FrameReader big = election_frame_reader();
  big.feed(unhex("00080001"));  // 512 KiB + 1
  EXPECT_TRUE(std::holds_alternative<Error>(big.next()));
  FrameReader ok = election_frame_reader();
  ok.feed(frame_election_message("x"));
  EXPECT_TRUE(std::holds_alternative<Frame>(ok.next()));
  // A four-letter word is not special on the election port.
  FrameReader word = election_frame_reader();
  word.feed("ruok");
  EXPECT_TRUE(std::holds_alternative<Error>(word.next()));
}

}  // namespace
}  // namespace zab::wire
