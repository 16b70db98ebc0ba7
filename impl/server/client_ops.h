// The request each call of ZooKeeper's client API sends (ZooKeeper.java, zkCli's commands), as a
// ClientOp: what the checker's scripted clients, the tests and the project's own client build.
// Defaults are the API's: version -1 (any), no watch, OPEN_ACL_UNSAFE.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "impl/core/ids.h"
#include "impl/data/acl.h"
#include "impl/server/client_protocol.h"

namespace zab::server::ops {

// ConnectRequest for a new session (session 0, 16 zero bytes), with the readOnly byte.
ClientOp connect(int32_t timeout_ms = 4000);
// ConnectRequest re-attaching to `session_id` with its password.
ClientOp reattach(uint64_t session_id, std::string passwd, int32_t timeout_ms = 4000,
                  Zxid last_zxid_seen = {});

// create (1); create2 (15) when `with_stat`; `flags` is CreateMode's (1 ephemeral, 2
// sequential, 4 container, 5/6 TTL).
ClientOp create(std::string path, std::string data = "", int32_t flags = 0,
                data::AclList acl = data::open_acl_unsafe());
ClientOp create2(std::string path, std::string data = "", int32_t flags = 0,
                 data::AclList acl = data::open_acl_unsafe());
ClientOp create_container(std::string path, std::string data = "");  // createContainer (19)
ClientOp create_ttl(std::string path, std::string data, int32_t flags, int64_t ttl_ms);  // 21
ClientOp delete_node(std::string path, int32_t version = -1);
ClientOp set_data(std::string path, std::string data, int32_t version = -1);
ClientOp check(std::string path, int32_t version);
ClientOp set_acl(std::string path, data::AclList acl, int32_t version = -1);
// multi (14) of creates, deletes, setData and checks built by the calls above.
ClientOp multi(const std::vector<ClientOp>& ops);
ClientOp close_session();  // closeSession (-11)
ClientOp reconfig(std::string joining, std::string leaving, std::string members);

ClientOp exists(std::string path, bool watch = false);
ClientOp get_data(std::string path, bool watch = false);
ClientOp get_children(std::string path, bool watch = false);   // getChildren (8)
ClientOp get_children2(std::string path, bool watch = false);  // getChildren2 (12): and the stat
ClientOp get_acl(std::string path);
ClientOp get_ephemerals(std::string prefix_path);
ClientOp get_all_children_number(std::string path);
// multiRead (22) of getData / getChildren built by the calls above.
ClientOp multi_read(const std::vector<ClientOp>& ops);
ClientOp sync(std::string path);
ClientOp ping();
ClientOp who_am_i();
ClientOp add_auth(std::string scheme, std::string auth);  // auth (100): "user:password"

ClientOp set_watches(Zxid relative_zxid, std::vector<std::string> data,
                     std::vector<std::string> exist, std::vector<std::string> child);
ClientOp set_watches2(Zxid relative_zxid, std::vector<std::string> data,
                      std::vector<std::string> exist, std::vector<std::string> child,
                      std::vector<std::string> persistent,
                      std::vector<std::string> persistent_recursive);
ClientOp add_watch(std::string path, int32_t mode);  // AddWatchMode: 0 persistent, 1 recursive
// WatcherType: 1 children, 2 data, 3 any.
ClientOp remove_watches(std::string path, int32_t watcher_type);
ClientOp check_watches(std::string path, int32_t watcher_type);

}  // namespace zab::server::ops
