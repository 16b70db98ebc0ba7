#include "cmd/zabcli/watch_registry.h"

#include "impl/core/overloaded.h"
#include "impl/core/watch_event.h"
#include "impl/server/client_ops.h"

namespace zab::zabcli {

void WatchRegistry::on_reply(const server::ClientOp& op, Code err) {
  const auto* request = std::get_if<server::RequestOp>(&op);
  if (request == nullptr) return;
  const bool ok = err == Code::kOk;
  std::visit(Overloaded{
                 [&](const wire::GetDataRequest& r) {
                   if (r.watch && ok) data_.insert(r.path);
                 },
                 [&](const wire::ExistsRequest& r) {
                   // ExistsWatchRegistration: a data watch on a node that exists, an exist watch
                   // on one that does not.
                   if (r.watch && ok) data_.insert(r.path);
                   if (r.watch && err == Code::kNoNode) exist_.insert(r.path);
                 },
                 [&](const wire::GetChildrenRequest& r) {
                   if (r.watch && ok) child_.insert(r.path);
                 },
                 [&](const wire::GetChildren2Request& r) {
                   if (r.watch && ok) child_.insert(r.path);
                 },
                 [](const auto&) {},
             },
             request->record);
}

void WatchRegistry::on_event(const wire::WatcherEvent& event) {
  const auto type = event_type_from_int(event.type);
  if (!type) return;
  switch (*type) {
    case EventType::kNodeCreated:
    case EventType::kNodeDataChanged:
      data_.erase(event.path);
      exist_.erase(event.path);
      return;
    case EventType::kNodeDeleted:
      data_.erase(event.path);
      exist_.erase(event.path);
      child_.erase(event.path);
      return;
    case EventType::kNodeChildrenChanged:
      child_.erase(event.path);
      return;
    case EventType::kNone:
    case EventType::kDataWatchRemoved:
    case EventType::kChildWatchRemoved:
    case EventType::kPersistentWatchRemoved:
      return;
  }
}

std::optional<server::ClientOp> WatchRegistry::set_watches(Zxid last_zxid_seen) const {
  if (empty()) return std::nullopt;
  return server::ops::set_watches(last_zxid_seen, {data_.begin(), data_.end()},
                                  {exist_.begin(), exist_.end()}, {child_.begin(), child_.end()});
}

}  // namespace zab::zabcli
