// Running the zabcheck binary from a test, as a user or a CI job would: its exit code, stdout
// and stderr. The binary is the one built with the tests, or $ZABCHECK_BIN (to run the same
// tests against another build, e.g. an older main).
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace zab::cli_testing {

namespace fs = std::filesystem;

inline std::string zabcheck_bin() {
  const char* override_bin = std::getenv("ZABCHECK_BIN");
  return override_bin && *override_bin ? override_bin : ZABCHECK_BIN;
}

// A fresh folder for this test process.
inline fs::path scratch() {
  static const fs::path dir = [] {
    auto d = fs::temp_directory_path() / ("zab_cli_" + std::to_string(::getpid()));
    fs::remove_all(d);
    fs::create_directories(d);
    return d;
  }();
  return dir;
}

inline std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void spit(const fs::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

// A path as one shell word (the test paths hold no single quote).
inline std::string quoted(const fs::path& path) {
  return "'" + path.string() + "'";
}

struct CommandRun {
  int exit_code = -1;  // -1: killed by a signal (a crash)
  std::string out, err;
};

// Runs `zabcheck <args>` (bash syntax) in the scratch folder, where default trace files land,
// bounded by `timeout_seconds`. `prefix` goes before the binary (e.g. "prlimit --as=...").
inline CommandRun zabcheck(const std::string& args, int timeout_seconds = 600,
                           const std::string& prefix = "") {
  const fs::path err = scratch() / "stderr.txt";
  const std::string command = "cd '" + scratch().string() + "' && timeout -s KILL " +
                              std::to_string(timeout_seconds) + " " + prefix + " '" +
                              zabcheck_bin() + "' " + args + " 2>'" + err.string() + "'";
  CommandRun r;
  // bash, not sh: the tests pass file names with bytes that only $'...' can spell.
  ::setenv("ZAB_CLI_COMMAND", command.c_str(), 1);
  FILE* pipe = ::popen("exec bash -c \"$ZAB_CLI_COMMAND\"", "r");
  if (!pipe) return r;
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof buf, pipe)) > 0;)
    r.out.append(buf, n);
  const int status = ::pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  if (r.exit_code == 137) r.exit_code = -1;  // timeout's SIGKILL, or a crash in the shell
  r.err = slurp(err);
  return r;
}

// A zabcheck process started in the background (stdout and stderr to files), for signals.
class Background {
 public:
  explicit Background(const std::vector<std::string>& args) {
    out_ = scratch() / ("bg" + std::to_string(++count()) + ".out");
    err_ = out_;
    err_.replace_extension(".err");
    pid_ = ::fork();
    if (pid_ == 0) {
      if (::chdir(scratch().c_str()) != 0) ::_exit(127);
      std::freopen(out_.c_str(), "w", stdout);
      std::freopen(err_.c_str(), "w", stderr);
      std::vector<char*> argv;
      const std::string bin = zabcheck_bin();
      argv.push_back(const_cast<char*>(bin.c_str()));
      for (const auto& a : args)
        argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      ::execv(bin.c_str(), argv.data());
      ::_exit(127);
    }
  }
  ~Background() {
    if (pid_ > 0 && !reaped_) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }

  // Waits (at most `seconds`) until the process catches `signal` (its SigCgt mask in
  // /proc/<pid>/status), i.e. until it is ready to be interrupted.
  bool wait_until_catching(int signal, double seconds) const {
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < until) {
      std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
      for (std::string line; std::getline(status, line);)
        if (line.starts_with("SigCgt:") &&
            (std::stoull(line.substr(7), nullptr, 16) >> (signal - 1)) & 1u)
          return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
  }
  void send(int signal) const { ::kill(pid_, signal); }
  // The exit code, or -1 when it was killed by a signal or did not end within `seconds`.
  int wait(double seconds) {
    const auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    int status = 0;
    while (std::chrono::steady_clock::now() < until) {
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        reaped_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return -1;
  }
  std::string out() const { return slurp(out_); }
  std::string err() const { return slurp(err_); }

 private:
  static int& count() {
    static int n = 0;
    return n;
  }
  pid_t pid_ = -1;
  bool reaped_ = false;
  fs::path out_, err_;
};

}  // namespace zab::cli_testing
