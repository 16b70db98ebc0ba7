// zkCli's command-line reading: ZooKeeperMain's word splitting and commons-cli's option parsing,
// case by case as the Java code behaves.
#include "cmd/zabcli/command_line.h"

#include <gtest/gtest.h>

namespace zab::zabcli {
namespace {

using Words = std::vector<std::string>;

CommandLine parsed(const Words& words, OptionSpec spec) {
  auto result = parse_command_line(words, spec);
  if (auto* error = std::get_if<std::string>(&result)) ADD_FAILURE() << *error;
  return std::get_if<CommandLine>(&result) ? std::get<CommandLine>(result) : CommandLine{};
}

std::string error_of(const Words& words, OptionSpec spec) {
  auto result = parse_command_line(words, spec);
  return std::get_if<std::string>(&result) ? std::get<std::string>(result) : "(parsed)";
}

TEST(SplitCommand, WhitespaceSeparatesWords) {
  EXPECT_EQ(split_command("  ls   -w\t/a  "), (Words{"ls", "-w", "/a"}));
  EXPECT_EQ(split_command(""), Words{});
  EXPECT_EQ(split_command(" \t "), Words{});
}

TEST(SplitCommand, QuotedWordsKeepSpacesAndLoseQuotes) {
  EXPECT_EQ(split_command("create /a \"hello world\""), (Words{"create", "/a", "hello world"}));
  EXPECT_EQ(split_command("set /a 'it is \"x\"'"), (Words{"set", "/a", "it is \"x\""}));
  EXPECT_EQ(split_command("set /a \"\""), (Words{"set", "/a", ""}));
}

TEST(SplitCommand, QuotesInsideAWordStay) {
  // ARGS_PATTERN's first branch: a word that starts with another character runs to whitespace.
  EXPECT_EQ(split_command("set /a x\"y z\""), (Words{"set", "/a", "x\"y", "z\""}));
}

TEST(SplitCommand, UnmatchedQuoteIsSkipped) {
  EXPECT_EQ(split_command("create /a \"open"), (Words{"create", "/a", "open"}));
  EXPECT_EQ(split_command("get 'x"), (Words{"get", "x"}));
}

TEST(SplitCommand, QuotedWordMayBeFollowedDirectly) {
  EXPECT_EQ(split_command("\"a b\"c"), (Words{"a b", "c"}));
}

TEST(ParseCommandLine, SwitchesAnywhere) {
  const OptionSpec ls{"swR", ""};
  auto line = parsed({"ls", "-s", "/a", "-w"}, ls);
  EXPECT_EQ(line.name, "ls");
  EXPECT_TRUE(line.has('s'));
  EXPECT_TRUE(line.has('w'));
  EXPECT_FALSE(line.has('R'));
  EXPECT_EQ(line.args, Words{"/a"});
}

TEST(ParseCommandLine, ConcatenatedSwitches) {
  auto line = parsed({"create", "-se", "/a", "x"}, {"sec", "t"});
  EXPECT_TRUE(line.has('s'));
  EXPECT_TRUE(line.has('e'));
  EXPECT_EQ(line.args, (Words{"/a", "x"}));
}

TEST(ParseCommandLine, ValuedOptionTakesNextWordOrTheRest) {
  const OptionSpec set{"s", "v"};
  EXPECT_EQ(parsed({"set", "-v", "3", "/a", "x"}, set).value('v'), "3");
  EXPECT_EQ(parsed({"set", "-v3", "/a", "x"}, set).value('v'), "3");
  EXPECT_EQ(parsed({"set", "-sv3", "/a", "x"}, set).value('v'), "3");
  EXPECT_EQ(parsed({"set", "-sv", "4", "/a", "x"}, set).value('v'), "4");
  auto line = parsed({"set", "-v", "-1", "/a", "x"}, set);  // a negative number is a value
  EXPECT_EQ(line.value('v'), "-1");
  EXPECT_EQ(line.args, (Words{"/a", "x"}));
}

TEST(ParseCommandLine, ValuedOptionTakesAWordThatIsNotAnOptionOfTheCommand) {
  // DefaultParser.isArgument: "-q" is no option of set, so it is the value.
  EXPECT_EQ(parsed({"set", "-v", "-q", "/a", "x"}, {"s", "v"}).value('v'), "-q");
}

TEST(ParseCommandLine, MissingArgument) {
  EXPECT_EQ(error_of({"set", "/a", "x", "-v"}, {"s", "v"}), "Missing argument for option: v");
  EXPECT_EQ(error_of({"set", "-v", "-s", "/a", "x"}, {"s", "v"}), "Missing argument for option: v");
}

TEST(ParseCommandLine, UnrecognizedOptions) {
  EXPECT_EQ(error_of({"ls", "-x", "/a"}, {"swR", ""}), "Unrecognized option: -x");
  EXPECT_EQ(error_of({"ls", "-sx", "/a"}, {"swR", ""}), "Unrecognized option: -sx");
  EXPECT_EQ(error_of({"ls", "--watch", "/a"}, {"swR", ""}), "Unrecognized option: --watch");
  // A negative number where no option takes it is an option zkCli does not know either.
  EXPECT_EQ(error_of({"set", "/a", "-1"}, {"s", "v"}), "Unrecognized option: -1");
}

TEST(ParseCommandLine, DoubleDashEndsOptionsAndLoneDashIsAWord) {
  auto line = parsed({"set", "--", "/a", "-s"}, {"s", "v"});
  EXPECT_FALSE(line.has('s'));
  EXPECT_EQ(line.args, (Words{"/a", "-s"}));
  EXPECT_EQ(parsed({"set", "/a", "-"}, {"s", "v"}).args, (Words{"/a", "-"}));
}

TEST(ParseCommandLine, NoWords) {
  EXPECT_EQ(error_of({}, {"", ""}), "No command entered");
}

TEST(ParseNumbers, AsJavaParsesThem) {
  EXPECT_EQ(parse_int("42"), 42);
  EXPECT_EQ(parse_int("-1"), -1);
  EXPECT_EQ(parse_int("+7"), 7);
  EXPECT_EQ(parse_int("2147483647"), 2147483647);
  EXPECT_EQ(parse_int("2147483648"), std::nullopt);
  EXPECT_EQ(parse_int(""), std::nullopt);
  EXPECT_EQ(parse_int("+"), std::nullopt);
  EXPECT_EQ(parse_int("+-1"), std::nullopt);
  EXPECT_EQ(parse_int("1x"), std::nullopt);
  EXPECT_EQ(parse_int(" 1"), std::nullopt);
  EXPECT_EQ(parse_long("1099511627775"), 1099511627775LL);
  EXPECT_EQ(parse_long("9223372036854775808"), std::nullopt);
}

}  // namespace
}  // namespace zab::zabcli
