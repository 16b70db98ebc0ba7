// zabcli's shell, ZooKeeperMain's command loop without its terminal: one command line in, its
// output and errors out, in zkCli's words. It owns the session: `connect` opens a new one (on the
// same servers without an argument), `close` ends it ("Not connected" for the commands after it),
// `quit` asks the caller to stop. The commands that talk to the ensemble are in commands.h.
#pragma once

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "cmd/zabcli/client_session.h"

namespace zab::zabcli {

class Shell {
 public:
  Shell(std::string hosts, int32_t timeout_ms, std::ostream& out, std::ostream& err);

  // Opens a session on `hosts` (the last ones when empty), closing the one open. Returns
  // kCommandOk, or kCommandNoSession after printing why no server took it.
  int connect(const std::string& hosts = "");
  // Runs one command (words[0] is its name) and returns its status (commands.h's kCommand*).
  int run(const std::vector<std::string>& words);

  bool quit_requested() const { return quit_; }
  int last_status() const { return last_status_; }
  // The session, when one is open and alive; nullptr otherwise.
  ClientSession* session();
  // zkCli's prompt: "[zabcli: 127.0.0.1:2181(CONNECTED) 3] ".
  std::string prompt(int number) const;
  // The events the session queued, as zkCli's watcher prints each ("\nWATCHER::\n\nWatchedEvent
  // state:SyncConnected type:NodeDataChanged path:/x\n"); "" when there are none.
  std::string take_events();
  // Hands every event to `print` as soon as the session queues it (interactive mode), for this
  // session and the ones `connect` opens later.
  void print_events_at_once(std::function<void(const std::string&)> print);
  // Runs `step` (a ping, a read of the socket) on the open session; if the session ends meanwhile
  // the reason goes to err.
  template <class Step>
  void keep_alive(Step step) {
    if (ClientSession* s = session()) {
      try {
        step(*s);
      } catch (const ClientError& e) {
        err_ << "zabcli: " << e.what() << "\n";
      }
    }
  }

 private:
  int dispatch(const std::vector<std::string>& words);

  std::string hosts_;
  int32_t timeout_ms_;
  std::ostream& out_;
  std::ostream& err_;
  std::unique_ptr<ClientSession> session_;
  std::vector<WatchedEvent> pending_;  // events of sessions already replaced
  std::function<void(const std::string&)> print_;
  bool quit_ = false;
  int last_status_ = 0;
};

// The commands and their options, one per line, as zkCli's usage lists them.
std::string command_help();

}  // namespace zab::zabcli
