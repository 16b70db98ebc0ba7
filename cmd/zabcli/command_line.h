// How zkCli reads a command line: ZooKeeperMain.MyCommandOptions.parseCommand splits it into
// words, then each command hands its words to Apache commons-cli's DefaultParser with its own
// options. Pure functions, unit-tested in tests/zabcli.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace zab::zabcli {

// ZooKeeperMain's ARGS_PATTERN: a word is either "double quoted" or 'single quoted' (the quotes
// dropped, spaces kept) or runs from a character that is not a quote to the next whitespace
// (quotes inside it kept). An unmatched opening quote is skipped.
std::vector<std::string> split_command(std::string_view line);

// The options a command takes: single letters, `switches` without a value, `valued` with one.
struct OptionSpec {
  std::string_view switches;
  std::string_view valued;
};

// A parsed command: its name (the first word), its options and its other words in order.
struct CommandLine {
  std::string name;
  std::map<char, std::string> options;  // "" for a switch
  std::vector<std::string> args;        // without the name
  bool has(char option) const { return options.contains(option); }
  std::optional<std::string> value(char option) const;
};

// DefaultParser.parse (stopAtNonOption false) over `words` (words[0] is the command): options may
// come anywhere; "-s -e", "-se" and "-v 3", "-v3" all work; "--" ends the options; a valued
// option takes the next word unless that is one of the command's options (a negative number is
// a value). Errors in commons-cli's words: "Unrecognized option: -x", "Missing argument for
// option: v".
std::variant<CommandLine, std::string> parse_command_line(const std::vector<std::string>& words,
                                                          OptionSpec spec);

// Integer.parseInt / Long.parseLong: an optional sign and decimal digits, in range; nullopt
// otherwise.
std::optional<int32_t> parse_int(std::string_view text);
std::optional<int64_t> parse_long(std::string_view text);

}  // namespace zab::zabcli
