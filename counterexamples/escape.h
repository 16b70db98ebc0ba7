// Escaping for the formats the reports and JUnit files are written in. Every piece of text that
// comes from a trace (action names, findings, configuration) goes through one of these.
#pragma once

#include <string>
#include <string_view>

namespace zab::cx {

// XML 1.0 text and attribute values (also HTML and SVG): & < > " ' escaped, and control
// characters XML cannot carry at all replaced by U+FFFD.
std::string xml_escape(std::string_view text);
// A double-quoted DOT string: " and \ escaped, newlines as \n (centred lines).
std::string dot_escape(std::string_view text);
// Text inside a Markdown table cell code span: | escaped, newlines as spaces, backticks dropped.
std::string markdown_code(std::string_view text);

}  // namespace zab::cx
