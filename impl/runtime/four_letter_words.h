// The four-letter words (wire.md §5): what ZooKeeper 3.8's FourLetterCommands and *Command classes
// write for a word sent as the first 4 bytes of a client connection, character for character,
// from a ServerStatus the runtime fills (server_status.h). The runtime detects the word
// (wire::FrameReader), counts it as a received packet (NIOServerCnxn.checkFourLetterWord), writes
// the answer's text as-is (no length prefix) and closes the connection. Pure: no sockets, no
// clocks.
//
// Served: ruok, srvr, stat, mntr, conf, envi, isro, cons, crst, srst, wchs, wchc, wchp, dirs,
// dump, and hash when the runtime keeps a digest log. Not served (the connection closes with no
// answer, as ZooKeeper does for a known word its CommandExecutor has no command for): gtmk and
// stmk (these servers have no trace mask), telnet's close sequence.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "impl/core/errors.h"
#include "impl/runtime/server_status.h"
#include "impl/wire/framing.h"

namespace zab::runtime {

// 4lw.commands.whitelist (FourLetterCommands.isEnabled): a comma-separated list of words, or "*"
// for all; blanks around names are ignored. `srvr` is always allowed (zkServer.sh depends on it),
// so ZooKeeper's default, an unset whitelist, allows srvr alone. Unlike ZooKeeper, which lets an
// unknown name through silently, a name that is not a four-letter word is an error naming it (a
// typo such as "mtnr" would otherwise disable the word without a trace).
class FourLetterWhitelist {
 public:
  FourLetterWhitelist();  // ZooKeeper's default: srvr only
  static Result<FourLetterWhitelist> parse(std::string_view value);
  // The words as impl/config's ZooCfg::four_letter_words holds them (already split and trimmed).
  static Result<FourLetterWhitelist> from_words(const std::vector<std::string>& words);
  static FourLetterWhitelist all();

  bool allows(wire::FourLetterWord word) const;
  bool operator==(const FourLetterWhitelist&) const = default;

 private:
  void allow(wire::FourLetterWord word);
  Status add(std::string_view name);
  uint32_t bits_ = 0;
};

struct FourLetterAnswer {
  std::string text;  // written as-is, then the connection closes; empty: just close
  // Side effects the runtime performs when set (the text is the same either way):
  bool reset_connection_stats = false;  // crst: ConnectionStats::reset on every connection
  bool reset_server_stats = false;      // srst: ServerStats::reset and the leader's proposal sizes
};

// The answer to `command` on a server in `status`. A word the whitelist does not allow answers
// "<word> is not executed because it is not in the whitelist.\n" (NopCommand).
FourLetterAnswer answer_four_letter_word(const wire::FourLetterCommand& command,
                                         const FourLetterWhitelist& whitelist,
                                         const ServerStatus& status);

// What most words answer while the server is not serving (AbstractFourLetterCommand).
inline constexpr std::string_view kNotServing =
    "This ZooKeeper instance is not currently serving requests";

// The answers, one per word, for a serving server (answer_four_letter_word checks the whitelist
// and `serving` first). Exposed for tests and for the runtime's own logs.
std::string srvr_text(const ServerStatus& status, bool with_clients);  // srvr; stat when true
std::string cons_text(const ServerStatus& status);
std::string mntr_text(const ServerStatus& status);
std::string conf_text(const ServerStatus& status);
std::string envi_text(const ServerStatus& status);
std::string dirs_text(const ServerStatus& status);
std::string wchs_text(const ServerStatus& status);
std::string wchc_text(const ServerStatus& status);
std::string wchp_text(const ServerStatus& status);
std::string dump_text(const ServerStatus& status);
std::string hash_text(const std::vector<ZxidDigest>& digest_log);

}  // namespace zab::runtime
