#include "impl/server/boot.h"

#include <algorithm>

#include "impl/data/database.h"

namespace zab::server {

ServerLayer boot_layer(NodeId self, const StateImage& image, uint64_t now_ms,
                       uint64_t session_seed_ms) {
  ServerLayer layer;
  layer.enabled = true;
  layer.now_ms = now_ms;
  layer.session_ids = sessions::SessionIdGenerator::initial(self, session_seed_ms);
  for (const auto& [session, timeout] : static_cast<const data::ZkDatabase&>(image).sessions())
    if (sessions::creator_of_session(static_cast<uint64_t>(session)) == self.value)
      layer.session_ids.next_session_id =
          std::max(layer.session_ids.next_session_id, static_cast<uint64_t>(session) + 1);
  return layer;
}

}  // namespace zab::server
