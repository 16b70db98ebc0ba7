// Escaping for the formats the reports, traces, JUnit files and messages are written in. Every
// piece of text that comes from a trace or a command line (action names, findings, file names)
// goes through one of these before it reaches an output.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace zab::cx {

// The text with every byte sequence that is not valid UTF-8 replaced by U+FFFD, so that JSON,
// XML and HTML writers never see one.
std::string valid_utf8(std::string_view text);

// XML 1.0 text and attribute values (also HTML and SVG): & < > " ' escaped, control characters
// XML cannot carry and invalid UTF-8 replaced by U+FFFD.
std::string xml_escape(std::string_view text);
// A double-quoted DOT string: " and \ escaped, newlines as \n (centred lines), carriage returns
// as spaces, invalid UTF-8 replaced.
std::string dot_escape(std::string_view text);
// Text inside a Markdown code span (or a table cell's): | escaped, newlines as spaces, backticks
// dropped, invalid UTF-8 replaced. A code span shows HTML and links as text.
std::string markdown_code(std::string_view text);
// One shell word that reads back as `text`: as it is when it is plain (letters, digits,
// _@%+=:,./-), in single quotes otherwise, and in bash's $'...' form when it holds control
// characters or invalid UTF-8 (as \n, \t, \xHH), so the word is always one printable line.
std::string shell_quote(std::string_view text);
// `text` for a one-line message: control characters and invalid UTF-8 as \xHH, and cut after
// `bytes_max` bytes with a note of the full length (a 10 MB action line must not be echoed).
std::string brief(std::string_view text, size_t bytes_max = 160);

}  // namespace zab::cx
