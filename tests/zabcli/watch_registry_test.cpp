// The client's watch table (ZKWatchManager): what a re-attached session sets again.
#include "cmd/zabcli/watch_registry.h"

#include <gtest/gtest.h>

#include "impl/core/watch_event.h"
#include "impl/server/client_ops.h"

namespace zab::zabcli {
namespace {

using Paths = std::vector<std::string>;

wire::SetWatches set_watches_of(const WatchRegistry& registry, Zxid zxid) {
  auto op = registry.set_watches(zxid);
  EXPECT_TRUE(op.has_value());
  if (!op) return {};
  const auto& request = std::get<server::RequestOp>(*op);
  EXPECT_EQ(request.type, data::OpCode::kSetWatches);
  return std::get<wire::SetWatches>(request.record);
}

TEST(WatchRegistry, EmptyUntilAWatchingReadSucceeds) {
  WatchRegistry registry;
  registry.on_reply(server::ops::get_data("/a", false), Code::kOk);
  registry.on_reply(server::ops::get_data("/b", true), Code::kNoNode);
  registry.on_reply(server::ops::get_children("/c", true), Code::kNoAuth);
  EXPECT_TRUE(registry.empty());
  EXPECT_FALSE(registry.set_watches(Zxid{5}).has_value());
}

TEST(WatchRegistry, EachReadSetsItsKind) {
  WatchRegistry registry;
  registry.on_reply(server::ops::get_data("/d", true), Code::kOk);
  registry.on_reply(server::ops::exists("/e", true), Code::kOk);
  registry.on_reply(server::ops::exists("/missing", true), Code::kNoNode);
  registry.on_reply(server::ops::get_children("/c", true), Code::kOk);
  registry.on_reply(server::ops::get_children2("/c2", true), Code::kOk);
  const auto sw = set_watches_of(registry, Zxid{0x100000007});
  EXPECT_EQ(sw.relative_zxid, 0x100000007);
  EXPECT_EQ(sw.data_watches, (Paths{"/d", "/e"}));
  EXPECT_EQ(sw.exist_watches, Paths{"/missing"});
  EXPECT_EQ(sw.child_watches, (Paths{"/c", "/c2"}));
}

TEST(WatchRegistry, NotificationsClearWhatTheyFired) {
  WatchRegistry registry;
  registry.on_reply(server::ops::get_data("/a", true), Code::kOk);
  registry.on_reply(server::ops::get_children("/a", true), Code::kOk);
  registry.on_reply(server::ops::exists("/n", true), Code::kNoNode);
  registry.on_event(wire::WatcherEvent{static_cast<int32_t>(EventType::kNodeDataChanged), 3, "/a"});
  auto sw = set_watches_of(registry, Zxid{1});
  EXPECT_TRUE(sw.data_watches.empty());
  EXPECT_EQ(sw.child_watches, Paths{"/a"});
  registry.on_event(wire::WatcherEvent{static_cast<int32_t>(EventType::kNodeCreated), 3, "/n"});
  registry.on_event(wire::WatcherEvent{static_cast<int32_t>(EventType::kNodeDeleted), 3, "/a"});
  EXPECT_TRUE(registry.empty());
}

}  // namespace
}  // namespace zab::zabcli
