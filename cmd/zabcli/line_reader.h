// Command lines from stdin for the interactive shell, waiting on the session's socket at the same
// time (a notification is printed as it comes, as zkCli's event thread does, and a server that
// goes away is noticed at once) and returning when the session needs a ping. On a terminal the
// line is edited with libedit (BSD editline: arrows, Ctrl-R, history kept in ~/.zabcli_history);
// otherwise stdin is read as plain lines.
#pragma once

#include <string>

namespace zab::zabcli {

class LineReader {
 public:
  enum class Wait {
    kLine,    // a whole line is in `line`
    kSocket,  // the socket is readable
    kIdle,    // nothing for idle_ms
    kEnd,     // stdin ended (Ctrl-D)
  };

  // `edit`: edit lines with libedit (only when stdin is a terminal and zabcli was built with it).
  explicit LineReader(bool edit);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // Waits at most `idle_ms` for a line, showing `prompt` (when editing or `show_prompt`);
  // `socket_fd` < 0 for none.
  Wait next(const std::string& prompt, int socket_fd, int idle_ms, std::string& line);
  // Prints `text` (whole lines) to stdout without garbling a line being edited.
  void print(const std::string& text);
  bool editing() const { return edit_; }

 private:
  bool plain_line(std::string& line);
  Wait wait_plain(const std::string& prompt, int socket_fd, int idle_ms, std::string& line);
  Wait wait_edited(const std::string& prompt, int socket_fd, int idle_ms, std::string& line);

  bool edit_ = false;
  bool prompted_ = false;     // the prompt of the line being read is shown
  std::string buffer_;        // plain mode: bytes read past the last whole line
  bool input_ended_ = false;  // plain mode: read() returned 0
  std::string history_path_;
};

}  // namespace zab::zabcli
