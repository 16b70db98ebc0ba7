// `zabcheck quorum CFG [CFG...] [--json]`: the quorum systems of zoo.cfg files, checked with Z3.
//
// Each file is read exactly as zabd reads it (impl/config) and judged as ZooKeeper 3.8 would
// (checker/quorum): majorities of participants, observers, hierarchical groups and weights. For
// every file: can a quorum form at all, how many servers (and, hierarchical, how many whole
// groups) may fail before none can. For every pair of files, each file with itself included: can
// a quorum by one file's rules be disjoint from a quorum by the other's (split brain)? Give one
// file per server as deployed, or the old and the new configuration of a change.
//
// Exit 0: proved safe (no disjoint quorums, a quorum can form everywhere); 1: a counterexample
// (two disjoint quorums, or a configuration where no quorum can form); 2: a file that cannot be
// read or a configuration error (the message names file and line), or Z3 undecided (never seen at
// these sizes).
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace zab::check {

struct QuorumOptions {
  std::vector<std::string> files;
  bool json = false;  // one JSON object on stdout instead of the human summary
};

void add_quorum_command(CLI::App& app, int& exit_code);

// Checks the files and prints the answers; returns the exit code.
int run_quorum(const QuorumOptions& options);

}  // namespace zab::check
