// Mutational fuzzing of the trace reader, through the binary as a user runs it: mutants of the
// corpus traces (text and JSON forms) go through `replay`, `replay --json`, `shrink` and
// `report`. Every run must end with 0, 1 or 2 within its time bound: never a crash, a hang or an
// internal error; and whatever `replay --json` prints is one JSON document. Seeded, so a failure
// replays; the failing mutant is kept in the scratch folder.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>

#include "tests/checker/cli_util.h"

namespace {

using namespace zab::cli_testing;

constexpr int kShards = 6;
constexpr int kMutantsPerShard = 50;  // 300 in all

std::vector<std::string> corpus_texts() {
  std::vector<fs::path> paths;
  for (const auto& entry : fs::directory_iterator(ZAB_CORPUS_DIR))
    if (entry.path().extension() == ".trace") paths.push_back(entry.path());
  std::sort(paths.begin(), paths.end());
  std::vector<std::string> texts;
  for (const auto& p : paths)
    texts.push_back(slurp(p));
  return texts;
}

// The JSON form of a corpus trace, as `replay --json` prints it minus its own findings.
std::string json_form(const std::string& text) {
  spit(scratch() / "to-json.trace", text);
  const CommandRun r = zabcheck("replay to-json.trace --json");
  auto j = nlohmann::json::parse(r.out);
  j.erase("replay");
  return j.dump(2);
}

class Mutator {
 public:
  Mutator(uint64_t seed, std::vector<std::string> donors)
      : rng_(seed), donors_(std::move(donors)) {}

  std::string mutate(std::string text) {
    if (text.starts_with("{") && below(2) == 0) return structural(text);
    const int rounds = 1 + static_cast<int>(below(3));
    for (int i = 0; i < rounds; ++i)
      text = once(std::move(text));
    return text;
  }

 private:
  size_t below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(rng_() % n); }

  std::string once(std::string t) {
    const size_t at = below(t.size() + 1);
    switch (below(11)) {
      case 0:  // flip a byte
        if (!t.empty()) t[below(t.size())] = static_cast<char>(below(256));
        return t;
      case 1: {  // insert a few interesting bytes
        static constexpr std::array<char, 12> kBytes = {'\xff', '\0', '\n', '{', '[',    '"',
                                                        '#',    ':',  '-',  ' ', '\xc3', '\r'};
        std::string bytes;
        for (size_t n = 1 + below(8); n > 0; --n)
          bytes += kBytes[below(kBytes.size())];
        return t.insert(at, bytes);
      }
      case 2:  // delete a range
        return t.erase(at, below(64));
      case 3:  // truncate
        return t.substr(0, at);
      case 4:
      case 5:
        return edit_lines(std::move(t));
      case 6:
      case 7:
        return replace_number(std::move(t));
      case 8: {  // nesting far deeper than any trace
        const size_t depth = below(2) ? 100 : 100'000;
        return t.insert(at, std::string(depth, '[') + std::string(depth, ']'));
      }
      case 9:  // a very long line
        return t.insert(at, std::string(200'000, 'a'));
      default: {  // a line from another trace
        const std::string& donor = donors_[below(donors_.size())];
        const size_t start = donor.rfind('\n', below(donor.size())) + 1;
        const size_t end = donor.find('\n', start);
        return t.insert(t.rfind('\n', at) + 1, donor.substr(start, end - start) + "\n");
      }
    }
  }

  // A JSON trace that still parses, with one field's value replaced by something hostile: deep
  // nesting, a huge or negative number, bytes that are not UTF-8, the wrong type.
  std::string structural(const std::string& text) {
    auto j = nlohmann::json::parse(text);
    std::vector<nlohmann::json::json_pointer> fields;
    collect(j, nlohmann::json::json_pointer(), fields);
    const auto& at = fields[below(fields.size())];
    constexpr const char* kMark = "@@hostile@@";
    j[at] = kMark;
    static constexpr std::array<const char*, 9> kValues = {
        "-1", "4294967299", "18446744073709551616",   "1e400", "null",
        "{}", "[\"x\", 3]", "\"bad \xff\xfe bytes\"", "\"\""};
    std::string value;
    switch (below(3)) {
      case 0: {
        const size_t depth = below(2) ? 100 : 100'000;
        value = std::string(depth, '[') + std::string(depth, ']');
        break;
      }
      case 1:
        value = "\"" + std::string(200'000, 'z') + "\"";
        break;
      default:
        value = kValues[below(kValues.size())];
    }
    std::string out = j.dump(2);
    const std::string quoted_mark = std::string("\"") + kMark + "\"";
    return out.replace(out.find(quoted_mark), quoted_mark.size(), value);
  }

  static void collect(const nlohmann::json& j, const nlohmann::json::json_pointer& here,
                      std::vector<nlohmann::json::json_pointer>& out) {
    if (!here.empty()) out.push_back(here);
    if (j.is_object())
      for (const auto& [key, value] : j.items())
        collect(value, here / key, out);
    if (j.is_array())
      for (size_t i = 0; i < j.size(); ++i)
        collect(j[i], here / i, out);
  }

  std::string edit_lines(std::string t) {
    std::vector<std::string> lines;
    for (size_t start = 0; start <= t.size();) {
      const size_t end = std::min(t.find('\n', start), t.size());
      lines.push_back(t.substr(start, end - start));
      start = end + 1;
    }
    const size_t i = below(lines.size()), k = below(lines.size());
    switch (below(3)) {
      case 0:
        lines.insert(lines.begin() + static_cast<long>(i), lines[i]);
        break;
      case 1:
        lines.erase(lines.begin() + static_cast<long>(i));
        break;
      default:
        std::swap(lines[i], lines[k]);
    }
    std::string out;
    for (size_t n = 0; n < lines.size(); ++n)
      out += lines[n] + (n + 1 < lines.size() ? "\n" : "");
    return out;
  }

  std::string replace_number(std::string t) {
    static constexpr std::array<const char*, 8> kNumbers = {
        "-1",         "0", "4294967299", "18446744073709551616", "1e400", "-9223372036854775809",
        "2147483648", "7"};
    const size_t from = t.find_first_of("0123456789", below(t.size()));
    if (from == std::string::npos) return t;
    const size_t end = std::min(t.find_first_not_of("0123456789", from), t.size());
    return t.replace(from, end - from, kNumbers[below(kNumbers.size())]);
  }

  std::mt19937_64 rng_;
  std::vector<std::string> donors_;
};

// How often each command ended with each exit code, to show the mutants reach past the parser.
std::map<std::string, std::map<int, int>>& tally() {
  static std::map<std::string, std::map<int, int>> counts;
  return counts;
}

void expect_sane(const CommandRun& r, const std::string& what, const fs::path& mutant) {
  tally()[what][r.exit_code] += 1;
  EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1 || r.exit_code == 2)
      << what << " exited " << r.exit_code << " on " << mutant << "\n"
      << r.err.substr(0, 2000);
}

class TraceFuzz : public ::testing::TestWithParam<int> {};

TEST_P(TraceFuzz, MutantsNeverCrashTheReaders) {
  const int shard = GetParam();
  std::vector<std::string> seeds = corpus_texts();
  ASSERT_GE(seeds.size(), 5u);
  const size_t text_forms = seeds.size();
  for (size_t i = 0; i < text_forms; ++i)
    seeds.push_back(json_form(seeds[i]));
  Mutator mutator(0x5eed0000u + static_cast<uint64_t>(shard), seeds);
  const fs::path dir = scratch() / ("fuzz" + std::to_string(shard));
  fs::create_directories(dir);
  int failures_before = ::testing::UnitTest::GetInstance()->failed_test_count();
  for (int m = 0; m < kMutantsPerShard; ++m) {
    const std::string& seed = seeds[static_cast<size_t>(m) % seeds.size()];
    const fs::path mutant = dir / ("mutant" + std::to_string(m) + ".trace");
    spit(mutant, mutator.mutate(seed));
    const std::string file = quoted(mutant);
    expect_sane(zabcheck("replay " + file, 120), "replay", mutant);
    const CommandRun json = zabcheck("replay " + file + " --json", 120);
    expect_sane(json, "replay --json", mutant);
    if (!json.out.empty()) {
      EXPECT_TRUE(nlohmann::json::accept(json.out)) << "not JSON on " << mutant;
    }
    expect_sane(
        zabcheck("shrink " + file + " --replays 100 -o " + quoted(dir / "shrunk.trace"), 120),
        "shrink", mutant);
    expect_sane(zabcheck("report " + file + " -o " + quoted(dir / "report"), 120), "report",
                mutant);
    if (::testing::UnitTest::GetInstance()->failed_test_count() == failures_before)
      fs::remove(mutant);  // keep only the mutants that failed
    failures_before = ::testing::UnitTest::GetInstance()->failed_test_count();
  }
}

// Printed once all shards ran in this process (a shard alone prints its own share).
class TallyPrinter : public ::testing::Environment {
 public:
  void TearDown() override {
    for (const auto& [what, codes] : tally()) {
      std::cout << "  " << what << ":";
      for (const auto& [code, n] : codes)
        std::cout << " exit " << code << " x" << n;
      std::cout << "\n";
    }
  }
};
const auto* const kTally = ::testing::AddGlobalTestEnvironment(new TallyPrinter);

INSTANTIATE_TEST_SUITE_P(Shards, TraceFuzz, ::testing::Range(0, kShards),
                         [](const auto& info) { return "shard" + std::to_string(info.param); });

}  // namespace
