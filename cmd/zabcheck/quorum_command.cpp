#include "cmd/zabcheck/quorum_command.h"

#include <fmt/format.h>
#include <z3++.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "checker/quorum/quorum_analysis.h"
#include "impl/config/zoo_cfg.h"

namespace zab::check {
namespace {

using flexible::DisjointQuorums;
using flexible::QuorumHierarchical;
using flexible::QuorumSystem;

// Everything asked about one file.
struct FileAnswers {
  config::ZooCfg cfg;
  QuorumSystem system;
  std::optional<SidSet> smallest_quorum;  // nullopt: no quorum can form
  SidSet fatal_loss;                      // the fewest voters whose loss leaves no quorum
  std::optional<std::vector<uint32_t>> fatal_groups;  // hierarchical only

  int failures_tolerated() const { return fatal_loss.size() - 1; }
};

struct PairAnswer {
  size_t first = 0, second = 0;  // indexes into the files; first <= second
  std::optional<DisjointQuorums> split;
};

struct QuorumReport {
  std::vector<FileAnswers> files;
  std::vector<PairAnswer> pairs;
  std::vector<std::string> warnings;  // across files
  double seconds = 0;

  bool counterexample() const {
    for (const FileAnswers& f : files)
      if (!f.smallest_quorum) return true;
    for (const PairAnswer& p : pairs)
      if (p.split) return true;
    return false;
  }
};

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw config::ZooCfgError(path, 0, fmt::format("cannot read: {}", std::strerror(errno)));
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string ids_text(SidSet set) {
  std::string out;
  set.for_each([&](NodeId sid) { out += fmt::format("{}{}", out.empty() ? "" : ",", sid.value); });
  return "{" + out + "}";
}

nlohmann::json ids_json(SidSet set) {
  auto out = nlohmann::json::array();
  set.for_each([&](NodeId sid) { out.push_back(sid.value); });
  return out;
}

// Servers are matched by id across files; say so when two files give one id different addresses.
void compare_addresses(const config::ZooCfg& a, const config::ZooCfg& b,
                       std::vector<std::string>& warnings) {
  for (const config::ServerLine& s : a.servers) {
    const config::ServerLine* t = b.server(s.sid);
    if (!t || (s.host == t->host && s.quorum_port == t->quorum_port &&
               s.election_port == t->election_port))
      continue;
    warnings.push_back(fmt::format(
        "server.{} is {}:{}:{} in {}:{} but {}:{}:{} in {}:{}; servers are matched by id",
        s.sid.value, s.host, s.quorum_port, s.election_port, a.file, s.line, t->host,
        t->quorum_port, t->election_port, b.file, t->line));
  }
}

QuorumReport check_files(const std::vector<std::string>& paths) {
  const auto start = std::chrono::steady_clock::now();
  QuorumReport report;
  for (const std::string& path : paths) {
    config::ZooCfg cfg = config::parse_zoo_cfg(read_text(path), path);
    QuorumSystem system = flexible::quorum_system(cfg);
    report.files.push_back(FileAnswers{std::move(cfg), std::move(system), {}, {}, {}});
  }
  for (FileAnswers& f : report.files) {
    f.smallest_quorum = flexible::smallest_quorum(f.system);
    f.fatal_loss = flexible::smallest_fatal_loss(f.system);
    f.fatal_groups = flexible::smallest_fatal_group_loss(f.system);
  }
  for (size_t i = 0; i < report.files.size(); ++i)
    for (size_t j = i; j < report.files.size(); ++j) {
      report.pairs.push_back(
          {i, j, flexible::disjoint_quorums(report.files[i].system, report.files[j].system)});
      if (i != j) compare_addresses(report.files[i].cfg, report.files[j].cfg, report.warnings);
    }
  report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

std::string describe(const QuorumSystem& s) {
  const std::string observers =
      s.observers.empty() ? "" : fmt::format(", observers {}", ids_text(s.observers));
  if (s.standalone)
    return fmt::format("standalone: participant {} alone (standaloneEnabled){}", ids_text(s.voters),
                       observers);
  const auto* h = std::get_if<QuorumHierarchical>(&s.verifier);
  if (!h)
    return fmt::format("majority of {} participants {}{}", s.voters.size(), ids_text(s.voters),
                       observers);
  std::string groups;
  for (const flexible::QuorumGroup& g : h->groups)
    groups += fmt::format("{}group.{}={} weighs {}", groups.empty() ? "" : "; ", g.gid,
                          ids_text(g.members), g.weight);
  return fmt::format("hierarchical, participants {}{}; {}", ids_text(s.voters), observers, groups);
}

std::string plural(int n, const char* word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

void print_file(const FileAnswers& f) {
  std::cout << fmt::format("{}: {}\n", f.system.file, describe(f.system));
  if (!f.smallest_quorum) {
    std::cout << "  NO QUORUM CAN FORM: no set of servers is a quorum, so no leader can ever be "
                 "established\n";
  } else {
    std::cout << fmt::format("  smallest quorum: {}, e.g. {}\n",
                             plural(f.smallest_quorum->size(), "server"),
                             ids_text(*f.smallest_quorum));
    std::cout << fmt::format("  tolerates {}: losing {} leaves no quorum\n",
                             plural(f.failures_tolerated(), "failed server"),
                             ids_text(f.fatal_loss));
    if (f.fatal_groups) {
      std::string gids;
      for (size_t i = 0; i < f.fatal_groups->size(); ++i)
        gids += fmt::format("{}group.{}",
                            i == 0                            ? ""
                            : i + 1 == f.fatal_groups->size() ? " and "
                                                              : ", ",
                            (*f.fatal_groups)[i]);
      std::cout << fmt::format("  tolerates {}: losing {} leaves no quorum\n",
                               plural(static_cast<int>(f.fatal_groups->size()) - 1, "failed group"),
                               gids);
    }
  }
  for (const std::string& w : f.system.warnings)
    std::cout << "  warning: " << w << "\n";
}

void print_human(const QuorumReport& report) {
  for (const FileAnswers& f : report.files)
    print_file(f);
  std::cout << "quorum intersection:\n";
  int splits = 0, empty = 0;
  for (const PairAnswer& p : report.pairs) {
    const std::string& a = report.files[p.first].system.file;
    const std::string& b = report.files[p.second].system.file;
    const std::string which = p.first == p.second ? a + " with itself" : a + " with " + b;
    if (!p.split) {
      // With no quorum on one side there is nothing to intersect; say so rather than "proved".
      const FileAnswers* none = !report.files[p.first].smallest_quorum    ? &report.files[p.first]
                                : !report.files[p.second].smallest_quorum ? &report.files[p.second]
                                                                          : nullptr;
      if (none)
        std::cout << fmt::format("  {}: no disjoint quorums, vacuously: {} has no quorum\n", which,
                                 none->system.file);
      else
        std::cout << fmt::format("  {}: every two quorums intersect (proved)\n", which);
      continue;
    }
    ++splits;
    std::cout << fmt::format(
        "  {}: SPLIT BRAIN: {} is a quorum by {} and {} is a quorum by {}, with no server in "
        "common\n",
        which, ids_text(p.split->first), a, ids_text(p.split->second), b);
  }
  for (const FileAnswers& f : report.files)
    empty += !f.smallest_quorum;
  for (const std::string& w : report.warnings)
    std::cout << "warning: " << w << "\n";
  if (report.counterexample())
    std::cout << fmt::format("result: COUNTEREXAMPLE: {}, {} without a quorum\n",
                             plural(splits, "split brain"), plural(empty, "configuration"));
  else
    std::cout << "result: safe: every two quorums intersect and every configuration can form one\n";
  std::cout << fmt::format("checked {} in {:.3f} s\n", plural(report.files.size(), "file"),
                           report.seconds);
}

nlohmann::json file_json(const FileAnswers& f) {
  const QuorumSystem& s = f.system;
  nlohmann::json j = {{"file", s.file},
                      {"kind", flexible::kind_name(s)},
                      {"standalone", s.standalone},
                      {"participants", ids_json(s.voters)},
                      {"observers", ids_json(s.observers)},
                      {"quorum_possible", f.smallest_quorum.has_value()},
                      {"smallest_quorum", nullptr},
                      {"failures_tolerated", f.failures_tolerated()},
                      {"smallest_fatal_loss", ids_json(f.fatal_loss)},
                      {"group_failures_tolerated", nullptr},
                      {"smallest_fatal_group_loss", nullptr},
                      {"groups", nlohmann::json::array()},
                      {"warnings", s.warnings}};
  if (f.smallest_quorum) j["smallest_quorum"] = ids_json(*f.smallest_quorum);
  if (f.fatal_groups) {
    j["group_failures_tolerated"] = static_cast<int>(f.fatal_groups->size()) - 1;
    j["smallest_fatal_group_loss"] = *f.fatal_groups;
  }
  if (const auto* h = std::get_if<QuorumHierarchical>(&s.verifier))
    for (const flexible::QuorumGroup& g : h->groups)
      j["groups"].push_back({{"id", g.gid},
                             {"members", ids_json(g.members)},
                             {"weight", g.weight},
                             {"line", g.line}});
  return j;
}

void print_json(const QuorumReport& report) {
  nlohmann::json j = {{"result", report.counterexample() ? "counterexample" : "safe"},
                      {"configurations", nlohmann::json::array()},
                      {"pairs", nlohmann::json::array()},
                      {"warnings", report.warnings},
                      {"seconds", report.seconds}};
  for (const FileAnswers& f : report.files)
    j["configurations"].push_back(file_json(f));
  for (const PairAnswer& p : report.pairs)
    j["pairs"].push_back({{"first", report.files[p.first].system.file},
                          {"second", report.files[p.second].system.file},
                          {"disjoint", p.split.has_value()},
                          {"first_quorum", p.split ? ids_json(p.split->first) : nullptr},
                          {"second_quorum", p.split ? ids_json(p.split->second) : nullptr}});
  std::cout << j.dump(2) << "\n";
}

// A configuration that cannot be checked: the message on stderr (and as JSON on stdout).
int refuse(const QuorumOptions& options, const std::string& message,
           const std::optional<config::ZooCfgError>& error) {
  std::cerr << "zabcheck quorum: " << message << "\n";
  if (options.json) {
    nlohmann::json j = {{"result", "error"}, {"error", message}};
    if (error) {
      j["file"] = error->file();
      j["line"] = error->line();
    }
    std::cout << j.dump(2) << "\n";
  }
  return 2;
}

}  // namespace

int run_quorum(const QuorumOptions& options) {
  QuorumReport report;
  try {
    report = check_files(options.files);
  } catch (const config::ZooCfgError& e) {
    return refuse(options, e.what(), e);
  } catch (const flexible::SolverError& e) {
    return refuse(options, e.what(), std::nullopt);
  } catch (const z3::exception& e) {
    return refuse(options, fmt::format("Z3: {}", e.msg()), std::nullopt);
  }
  if (options.json)
    print_json(report);
  else
    print_human(report);
  return report.counterexample() ? 1 : 0;
}

void add_quorum_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<QuorumOptions>();
  auto* cmd = app.add_subcommand(
      "quorum",
      "Prove with Z3 that zoo.cfg files' quorums intersect, and count the failures "
      "they tolerate");
  cmd->add_option("CFG", options->files,
                  "zoo.cfg files: one per server as deployed, or the old and new configuration")
      ->required();
  cmd->add_flag("--json", options->json, "print one JSON object instead of the summary");
  cmd->callback([options, &exit_code] { exit_code = run_quorum(*options); });
}

}  // namespace zab::check
