#include "cmd/zabcli/line_reader.h"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <optional>

#ifdef ZABCLI_HAVE_EDITLINE
#include <editline/readline.h>
#endif

namespace zab::zabcli {
namespace {

// What libedit's callback interface handed over: the line (nullopt for end of input) once one is
// complete. One reader at a time, so one slot.
std::optional<std::optional<std::string>> g_edited_line;

#ifdef ZABCLI_HAVE_EDITLINE
void on_edited_line(char* line) {
  if (line == nullptr) {
    g_edited_line.emplace(std::nullopt);
    return;
  }
  g_edited_line.emplace(std::string(line));
  std::free(line);
}
#endif

// Polls stdin and (if >= 0) the socket; 1 stdin, 2 socket, 0 timeout.
int wait_inputs(int socket_fd, int idle_ms) {
  pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {socket_fd, POLLIN, 0}};
  while (true) {
    const int ready = ::poll(fds, socket_fd >= 0 ? 2 : 1, idle_ms);
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return 0;
    if (fds[0].revents != 0) return 1;
    return 2;
  }
}

}  // namespace

LineReader::LineReader(bool edit) {
#ifdef ZABCLI_HAVE_EDITLINE
  edit_ = edit;
  if (edit_) {
    if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
      history_path_ = std::string(home) + "/.zabcli_history";
      read_history(history_path_.c_str());
    }
    stifle_history(1000);
  }
#else
  (void)edit;
#endif
}

LineReader::~LineReader() {
#ifdef ZABCLI_HAVE_EDITLINE
  if (edit_) {
    if (prompted_) rl_callback_handler_remove();
    if (!history_path_.empty()) write_history(history_path_.c_str());
  }
#endif
}

LineReader::Wait LineReader::next(const std::string& prompt, int socket_fd, int idle_ms,
                                  std::string& line) {
  return edit_ ? wait_edited(prompt, socket_fd, idle_ms, line)
               : wait_plain(prompt, socket_fd, idle_ms, line);
}

// A whole line from buffer_ (a last line without '\n' once input ended).
bool LineReader::plain_line(std::string& line) {
  const size_t newline = buffer_.find('\n');
  if (newline == std::string::npos) {
    if (!input_ended_ || buffer_.empty()) return false;
    line = std::move(buffer_);
    buffer_.clear();
    return true;
  }
  line = buffer_.substr(0, newline);
  buffer_.erase(0, newline + 1);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return true;
}

LineReader::Wait LineReader::wait_plain(const std::string& prompt, int socket_fd, int idle_ms,
                                        std::string& line) {
  if (!prompt.empty() && !prompted_) {
    std::fputs(prompt.c_str(), stdout);
    std::fflush(stdout);
    prompted_ = true;
  }
  while (true) {
    if (plain_line(line)) {
      prompted_ = false;
      return Wait::kLine;
    }
    if (input_ended_) return Wait::kEnd;
    const int ready = wait_inputs(socket_fd, idle_ms);
    if (ready == 0) return Wait::kIdle;
    if (ready == 2) return Wait::kSocket;
    char chunk[4096];
    const ssize_t got = ::read(STDIN_FILENO, chunk, sizeof chunk);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {
      input_ended_ = true;
    } else {
      buffer_.append(chunk, static_cast<size_t>(got));
    }
  }
}

LineReader::Wait LineReader::wait_edited(const std::string& prompt, int socket_fd, int idle_ms,
                                         std::string& line) {
#ifdef ZABCLI_HAVE_EDITLINE
  if (!prompted_) {
    // After a line libedit's callback mode falls back to buffered reads: install it anew for
    // each line (which also shows the new prompt).
    rl_callback_handler_install(prompt.c_str(), on_edited_line);
    prompted_ = true;
  }
  while (true) {
    const int ready = wait_inputs(socket_fd, idle_ms);
    if (ready == 0) return Wait::kIdle;
    if (ready == 2) return Wait::kSocket;
    rl_callback_read_char();
    if (!g_edited_line) continue;
    auto got = std::move(*g_edited_line);
    g_edited_line.reset();
    rl_callback_handler_remove();
    prompted_ = false;
    if (!got) {
      std::fputs("\n", stdout);
      return Wait::kEnd;
    }
    line = std::move(*got);
    if (line.find_first_not_of(" \t") != std::string::npos) add_history(line.c_str());
    return Wait::kLine;
  }
#else
  return wait_plain(prompt, socket_fd, idle_ms, line);
#endif
}

void LineReader::print(const std::string& text) {
  if (text.empty()) return;
#ifdef ZABCLI_HAVE_EDITLINE
  if (edit_ && prompted_) {
    // Below the line being edited, then the prompt and the line again.
    std::fputs("\n", stdout);
    std::fputs(text.c_str(), stdout);
    std::fflush(stdout);
    rl_forced_update_display();
    return;
  }
#endif
  std::fputs(text.c_str(), stdout);
  std::fflush(stdout);
}

}  // namespace zab::zabcli
