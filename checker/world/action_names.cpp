// The canonical name of each kind of action: the line a trace stores and replay matches exactly
// (action_parse.cpp reads them back). Changing a name breaks every stored trace that uses it.
#include <fmt/format.h>

#include "checker/world/world.h"

namespace zab::check {

std::string World::name(const Action& a) const {
  return std::visit([&](const auto& kind) { return name_of(kind); }, a);
}

std::string World::name_of(const Deliver& a) const {
  const Envelope* first = network_.head(a.from, a.to, a.channel);
  std::string what = "connection-closed";
  if (first && first->msg) what = zab::describe(*first->msg);
  return fmt::format("deliver {}->{} {} {}", to_string(a.from), to_string(a.to),
                     to_string(a.channel), what);
}

std::string World::name_of(const Fsync& a) const {
  return fmt::format("fsync {}", to_string(a.node));
}

std::string World::name_of(const DrainLog& a) const {
  return fmt::format("log-writer {}", to_string(a.node));
}

std::string World::name_of(const Apply& a) const {
  return fmt::format("apply {}", to_string(a.node));
}

std::string World::name_of(const Fire& a) const {
  return fmt::format("fire {} {}{}", to_string(a.node), to_string(a.timer),
                     a.costs_timeout ? " delay-fault" : "");
}

std::string World::name_of(const ClientWrite& a) const {
  return fmt::format("client write {}", to_string(a.node));
}

std::string World::name_of(const Crash& a) const {
  return fmt::format("crash {} keep-unsynced={}", to_string(a.node), a.keep);
}

std::string World::name_of(const Restart& a) const {
  return fmt::format("restart {}", to_string(a.node));
}

std::string World::name_of(const Partition& a) const {
  return fmt::format("partition {} {}", to_string(a.a), to_string(a.b));
}

std::string World::name_of(const Heal& a) const {
  return fmt::format("heal {} {}", to_string(a.a), to_string(a.b));
}

std::string World::name_of(const Drop& a) const {
  return fmt::format("drop-connection {} {}", to_string(a.a), to_string(a.b));
}

std::string World::name_of(const SettleElection&) const {
  return "settle-election";
}

std::string World::name_of(const ClientSend& a) const {
  const auto& c = client(server::ClientId{a.client});
  return fmt::format("client {} sends {}", server::to_string(c.id),
                     check::describe((*scripts_)[a.client - 1][c.next]));
}

std::string World::name_of(const ClientRecv& a) const {
  const auto& c = client(server::ClientId{a.client});
  const ClientMsg* m = c.server ? clients_->head(c.id, *c.server, false) : nullptr;
  std::string what = "connection-closed";
  if (m && m->payload) what = server::describe(std::get<server::ToClient>(*m->payload));
  return fmt::format("deliver {}->{} client {}", to_string(c.server.value_or(NodeId{})),
                     server::to_string(c.id), what);
}

std::string World::name_of(const ServerRead& a) const {
  const ClientMsg* m = clients_->head(server::ClientId{a.client}, a.node, true);
  std::string what = "connection-closed";
  if (m && m->payload) {
    const auto& r = std::get<server::ClientRequest>(*m->payload);
    what = fmt::format("{} cxid={}", server::describe(r.op), r.cxid);
  }
  return fmt::format("deliver {}->{} client {}", server::to_string(server::ClientId{a.client}),
                     to_string(a.node), what);
}

std::string World::name_of(const Prep& a) const {
  return fmt::format("prep {}", to_string(a.node));
}

std::string World::name_of(const Tick&) const {
  return fmt::format("tick to {} ms", now_ms_ + cfg_->quorum.tick_time_ms / 2);
}

// Reads the line's action, then accepts it only if it is enabled and named exactly so (its
// name also covers what the words alone do not: the packet a delivery reads, say).
std::optional<Action> World::parse(std::string_view line) const {
  const auto parsed = parse_action(line);
  if (!parsed) return std::nullopt;
  std::vector<Action> enabled;
  actions(enabled);
  if (std::find(enabled.begin(), enabled.end(), *parsed) == enabled.end()) return std::nullopt;
  if (name(*parsed) != line) return std::nullopt;
  return parsed;
}

}  // namespace zab::check
