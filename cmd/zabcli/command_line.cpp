#include "cmd/zabcli/command_line.h"

#include <charconv>

namespace zab::zabcli {
namespace {

// java.util.regex's \s.
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\x0b' || c == '\f' || c == '\r';
}

template <class T>
std::optional<T> parse_number(std::string_view text) {
  // Java takes one leading '+' as well as a '-'.
  if (text.size() > 1 && text[0] == '+' && text[1] != '-') text.remove_prefix(1);
  T value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

bool is_negative_number(std::string_view word) {
  // DefaultParser.isNegativeNumber: Double.parseDouble succeeds; integers are what zkCli's
  // options take.
  return word.size() > 1 && word[0] == '-' && parse_number<int64_t>(word).has_value();
}

bool known(OptionSpec spec, char c) {
  return spec.switches.find(c) != std::string_view::npos ||
         spec.valued.find(c) != std::string_view::npos;
}

// DefaultParser.isArgument: a word that is not one of the command's options, or a negative number.
bool is_argument(std::string_view word, OptionSpec spec) {
  const bool option = word.size() >= 2 && word[0] == '-' && known(spec, word[1]);
  return !option || is_negative_number(word);
}

struct Parser {
  OptionSpec spec;
  CommandLine line;
  std::optional<char> awaiting_value;  // a valued option whose value is the next word
  bool only_args = false;              // after "--"

  // DefaultParser.handleShortAndLongOption for "-x...", x a letter of the command or not.
  std::optional<std::string> option_word(const std::string& word) {
    const char first = word[1];
    if (spec.valued.find(first) != std::string_view::npos) {
      if (word.size() == 2) {
        awaiting_value = first;
      } else {
        line.options[first] = word.substr(2);  // "-v3"
      }
      return std::nullopt;
    }
    // Switches, possibly concatenated ("-se"); a valued letter takes the rest of the word.
    for (size_t i = 1; i < word.size(); ++i) {
      const char c = word[i];
      if (spec.switches.find(c) != std::string_view::npos) {
        line.options[c] = "";
      } else if (spec.valued.find(c) != std::string_view::npos) {
        if (i + 1 < word.size()) {
          line.options[c] = word.substr(i + 1);
        } else {
          awaiting_value = c;
        }
        return std::nullopt;
      } else {
        return "Unrecognized option: " + word;
      }
    }
    return std::nullopt;
  }

  std::optional<std::string> take(const std::string& word) {
    if (only_args) {
      line.args.push_back(word);
    } else if (word == "--") {
      only_args = true;
    } else if (awaiting_value) {
      if (!is_argument(word, spec)) return missing();
      line.options[*awaiting_value] = word;
      awaiting_value.reset();
    } else if (word.size() > 1 && word[0] == '-') {
      // "--long" options: zkCli's commands have none.
      if (word[1] == '-') return "Unrecognized option: " + word;
      return option_word(word);
    } else {
      line.args.push_back(word);
    }
    return std::nullopt;
  }

  std::string missing() const {
    return std::string("Missing argument for option: ") + *awaiting_value;
  }
};

}  // namespace

std::vector<std::string> split_command(std::string_view line) {
  std::vector<std::string> words;
  size_t i = 0;
  while (i < line.size()) {
    const char c = line[i];
    if (is_space(c)) {
      ++i;
    } else if (c == '"' || c == '\'') {
      const size_t close = line.find(c, i + 1);
      if (close == std::string_view::npos) {
        ++i;  // no match here: the regex's next try starts one character later
        continue;
      }
      words.emplace_back(line.substr(i + 1, close - i - 1));
      i = close + 1;
    } else {
      size_t end = i;
      while (end < line.size() && !is_space(line[end]))
        ++end;
      words.emplace_back(line.substr(i, end - i));
      i = end;
    }
  }
  return words;
}

std::optional<std::string> CommandLine::value(char option) const {
  const auto it = options.find(option);
  if (it == options.end()) return std::nullopt;
  return it->second;
}

std::variant<CommandLine, std::string> parse_command_line(const std::vector<std::string>& words,
                                                          OptionSpec spec) {
  Parser parser{spec, {}, {}, false};
  if (words.empty()) return std::string("No command entered");
  parser.line.name = words[0];
  for (size_t i = 1; i < words.size(); ++i) {
    if (auto error = parser.take(words[i])) return *error;
  }
  if (parser.awaiting_value) return parser.missing();
  return std::move(parser.line);
}

std::optional<int32_t> parse_int(std::string_view text) {
  return parse_number<int32_t>(text);
}
std::optional<int64_t> parse_long(std::string_view text) {
  return parse_number<int64_t>(text);
}

}  // namespace zab::zabcli
