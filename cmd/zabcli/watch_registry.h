// The client's side of one-shot watches, as ZooKeeper's ZKWatchManager keeps it: which paths have
// a data, exist or child watch set on the server, so that a session re-attached on another server
// sets them again (SetWatches, ClientCnxn.primeConnection) and a notification clears what it
// fired. A watch counts once the server answered the read that set it: getData and getChildren
// when they succeed, exists also when the node is missing (an exist watch).
#pragma once

#include <optional>
#include <set>
#include <string>

#include "impl/core/errors.h"
#include "impl/core/ids.h"
#include "impl/server/client_protocol.h"
#include "impl/wire/records.h"

namespace zab::zabcli {

class WatchRegistry {
 public:
  // The reply `err` to `op` came: records the watch the op set, if any (ZKWatchManager's
  // WatchRegistration.register, called from ClientCnxn.finishPacket).
  void on_reply(const server::ClientOp& op, Code err);
  // A notification: drops the watches it fired (ZKWatchManager.materialize).
  void on_event(const wire::WatcherEvent& event);
  // The SetWatches request that sets every watch again on a new server, relative to the last
  // zxid the client saw; nullopt when there is none.
  std::optional<server::ClientOp> set_watches(Zxid last_zxid_seen) const;

  bool empty() const { return data_.empty() && exist_.empty() && child_.empty(); }

 private:
  std::set<std::string> data_;
  std::set<std::string> exist_;
  std::set<std::string> child_;
};

}  // namespace zab::zabcli
