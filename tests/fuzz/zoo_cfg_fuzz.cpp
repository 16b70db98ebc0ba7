// zoo.cfg and myid (impl/config): text a user wrote. Either it parses or it is refused with a
// ZooCfgError naming the file and line; any other exception, a crash or a sanitizer report is a
// finding. A configuration that parses is checked for what zabd relies on: each server's line is
// found by its id, and the quorum the core counts is built or refused with a ZooCfgError.
#include <string>

#include "impl/config/properties.h"
#include "impl/config/zoo_cfg.h"
#include "tests/fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace zab;
  using namespace zab::config;
  std::string_view text = zab::fuzz::bytes(data, size);

  parse_properties(text);
  try {
    ZooCfg cfg = parse_zoo_cfg(text, "fuzz.cfg");
    for (const auto& server : cfg.servers) {
      ZAB_FUZZ_CHECK(cfg.server(server.sid) != nullptr);
    }
    ZAB_FUZZ_CHECK(cfg.min_session_timeout() <= cfg.max_session_timeout());
    try {
      cfg.quorum_config();
    } catch (const ZooCfgError&) {
    }
  } catch (const ZooCfgError& e) {
    ZAB_FUZZ_CHECK(std::string(e.what()).find("fuzz.cfg") != std::string::npos);
  }
  try {
    parse_myid(text, "myid");
  } catch (const ZooCfgError&) {
  }
  return 0;
}
