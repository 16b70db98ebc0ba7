#include "tests/wire/capture_check.h"

#include <fmt/format.h>

#include <sstream>

#include "impl/core/overloaded.h"
#include "impl/wire/client_reply.h"
#include "impl/wire/client_request.h"
#include "impl/wire/election.h"
#include "impl/wire/quorum_message.h"
#include "tests/wire/wire_test_util.h"

namespace zab::wire::test {
namespace {

struct Connection {
  std::string kind;
  int id = 0;
  std::string c2s;  // from the side that connected
  std::string s2c;
};

class Checker {
 public:
  explicit Checker(CaptureReport& report) : report_(report) {}

  void client(const Connection& c);
  void quorum(const Connection& c);
  void election(const Connection& c);

 private:
  void fail(const Connection& c, std::string_view dir, std::string_view what) {
    report_.failures.push_back(fmt::format("{} #{} {}: {}", c.kind, c.id, dir, what));
  }
  // Counts a decoded item and compares its re-encoding with the captured bytes.
  void decoded(const Connection& c, std::string_view dir, const std::string& what,
               std::string_view captured, const std::string& reencoded) {
    ++report_.decoded;
    ++report_.seen[what];
    if (reencoded == captured) {
      ++report_.reencoded_equal;
    } else {
      fail(c, dir,
           fmt::format("{} re-encodes to {} instead of {}", what, hex(reencoded), hex(captured)));
    }
  }
  // Runs `on_frame` on every frame of `stream`; a cut-off last frame is the capture's tail.
  template <class OnFrame>
  void frames(const Connection& c, std::string_view dir, const std::string& stream,
              FrameReader reader, OnFrame on_frame) {
    reader.feed(stream);
    for (bool first = true;; first = false) {
      auto event = reader.next();
      if (auto* f = std::get_if<Frame>(&event)) {
        on_frame(f->payload, first);
        continue;
      }
      if (auto* e = std::get_if<Error>(&event)) fail(c, dir, e->message);
      if (std::holds_alternative<FourLetterCommand>(event)) fail(c, dir, "four-letter word");
      report_.tail_bytes += reader.buffered_bytes();
      return;
    }
  }

  CaptureReport& report_;
};

void Checker::client(const Connection& c) {
  std::map<int32_t, OpCode> ops = {{kPingXid, OpCode::kPing}, {kAuthXid, OpCode::kAuth}};
  frames(c, "c2s", c.c2s, FrameReader(), [&](const std::string& payload, bool first) {
    if (first) {
      auto request = decode_connect_request(payload);
      if (!request) return fail(c, "c2s", request.error().message);
      return decoded(c, "c2s", "client connect", payload, encode_connect_request(*request));
    }
    auto request = decode_request(payload);
    if (!request) return fail(c, "c2s", request.error().message);
    const auto& [header, record, trailing] = *request;
    ops[header.xid] = header.type;
    if (!record.ok() && record.code() == Code::kUnimplemented) {
      ++report_.seen[fmt::format("client unknown opcode {}", static_cast<int32_t>(header.type))];
      return;
    }
    if (!record.ok()) return fail(c, "c2s", record.error().message);
    if (trailing != 0) fail(c, "c2s", fmt::format("{} trailing bytes", trailing));
    // The C client's setWatches carries xid -8 (the Java client's gets an ordinary xid).
    const std::string xid_note = header.xid == kSetWatchesXid ? " (xid -8)" : "";
    decoded(c, "c2s", fmt::format("client {}{}", data::opcode_name(header.type), xid_note), payload,
            encode_request(header, record.value()));
  });
  FrameReader replies(FrameReader::Options{kDefaultMaxFrameBytes, false, true});
  frames(c, "s2c", c.s2c, replies, [&](const std::string& payload, bool first) {
    if (first) {
      auto response = decode_connect_response(payload);
      if (!response) return fail(c, "s2c", response.error().message);
      return decoded(c, "s2c", "client connect response", payload,
                     encode_connect_response(*response));
    }
    auto header = decode_reply_header(payload);
    if (!header) return fail(c, "s2c", header.error().message);
    if (header->xid == kNotificationXid) {
      auto event = decode_notification(payload);
      if (!event) return fail(c, "s2c", event.error().message);
      return decoded(c, "s2c", fmt::format("client notification type={}", event->type), payload,
                     encode_notification(*event));
    }
    const auto op = ops.find(header->xid);
    if (op == ops.end()) return fail(c, "s2c", fmt::format("reply to unknown xid {}", header->xid));
    auto reply = decode_reply(op->second, payload);
    if (!reply) return fail(c, "s2c", reply.error().message);
    decoded(c, "s2c",
            fmt::format("client reply {} err={}", data::opcode_name(op->second), reply->header.err),
            payload, encode_reply(reply->header, reply->body));
  });
}

std::string describe_packet(const QuorumMessage& m) {
  auto txn_type = [](const TxnEntry& t) { return std::string(data::opcode_name(t.header.type)); };
  const QuorumPacket p = to_packet(m);
  return std::visit(Overloaded{
                        [&](const Proposal& x) { return "PROPOSAL " + txn_type(x.txn); },
                        [&](const Inform& x) { return "INFORM " + txn_type(x.txn); },
                        [&](const LearnerRequest& x) {
                          return "REQUEST " + std::string(data::opcode_name(x.type));
                        },
                        [&](const LearnerPing& x) {
                          return std::string(x.touches.empty() ? "PING from learner"
                                                               : "PING from learner with touches");
                        },
                        [&](const auto&) { return to_string(p.type); },
                    },
                    m);
}

// The re-encoding of a PROPOSAL or INFORM whose create/setData txn has empty data, with that data
// written as null instead: what ZooKeeper sent if the client gave null data.
std::optional<std::string> with_null_data(const QuorumMessage& m, std::string reencoded) {
  const TxnEntry* txn = nullptr;
  if (const auto* p = std::get_if<Proposal>(&m)) txn = &p->txn;
  if (const auto* i = std::get_if<Inform>(&m)) txn = &i->txn;
  if (!txn || !txn->record) return std::nullopt;
  const auto path_and_data = std::visit(
      [](const auto& r) -> std::optional<std::pair<std::string, std::string>> {
        if constexpr (requires {
                        r.path;
                        r.data;
                      }) {
          return std::pair{r.path, r.data};
        } else {
          return std::nullopt;
        }
      },
      *txn->record);
  if (!path_and_data || !path_and_data->second.empty()) return std::nullopt;
  // QuorumPacket {type, zxid, data length} + TxnHeader + the path's length and bytes.
  const size_t at = 16 + 32 + 4 + path_and_data->first.size();
  if (reencoded.compare(at, 4, std::string(4, '\0')) != 0) return std::nullopt;
  reencoded.replace(at, 4, std::string(4, '\xff'));
  return reencoded;
}

void Checker::quorum(const Connection& c) {
  for (const auto& [dir, stream, sender] :
       {std::tuple{"c2s", &c.c2s, Sender::kLearner}, std::tuple{"s2c", &c.s2c, Sender::kLeader}}) {
    size_t at = 0;
    while (at < stream->size()) {
      const std::string_view rest = std::string_view(*stream).substr(at);
      auto packet = decode_quorum_packet(rest);
      if (packet.need_more()) {
        report_.tail_bytes += rest.size();
        break;
      }
      if (packet.error) {
        fail(c, dir, packet.error->message);
        break;
      }
      const std::string_view raw = rest.substr(0, packet.consumed);
      at += packet.consumed;
      auto message = from_packet(*packet.value, sender);
      if (!message) {
        fail(c, dir, message.error().message);
        continue;
      }
      const std::string reencoded = encode_quorum_packet(to_packet(message.value()));
      if (reencoded != raw && with_null_data(message.value(), reencoded) == raw) {
        ++report_.decoded;
        ++report_.null_data_txns;
        ++report_.seen["quorum " + describe_packet(message.value())];
      } else {
        decoded(c, dir, "quorum " + describe_packet(message.value()), raw, reencoded);
      }
      if (!std::holds_alternative<Snap>(message.value())) continue;
      // The serialized database comes next (not ours to parse here), then the signature.
      const std::string signature = encode_snap_signature();
      const size_t end = stream->find(signature, at);
      if (end == std::string::npos) {
        report_.tail_bytes += stream->size() - at;
        break;
      }
      ++report_.seen["quorum snapshot and signature"];
      at = end + signature.size();
    }
  }
}

void Checker::election(const Connection& c) {
  auto initial = decode_initial_message(c.c2s);
  if (initial.need_more()) {
    report_.tail_bytes += c.c2s.size();
    return;
  }
  if (initial.error) return fail(c, "c2s", initial.error->message);
  decoded(c, "c2s", "election initial message", std::string_view(c.c2s).substr(0, initial.consumed),
          encode_initial_message(*initial.value));
  for (const auto& [dir, stream] :
       {std::pair{"c2s", c.c2s.substr(initial.consumed)}, std::pair{"s2c", c.s2c}}) {
    frames(c, dir, stream, election_frame_reader(), [&](const std::string& payload, bool) {
      auto n = decode_notification_message(payload);
      if (!n) return fail(c, dir, n.error().message);
      decoded(c, dir, fmt::format("election notification {}", to_string(n->state)), payload,
              encode_notification_message(*n));
    });
  }
}

}  // namespace

CaptureReport check_capture(std::string_view capture_text) {
  CaptureReport report;
  std::map<std::pair<std::string, int>, Connection> connections;
  std::istringstream in{std::string(capture_text)};
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    Connection key;
    std::string dir;
    std::string bytes;
    fields >> key.kind >> key.id >> dir >> bytes;
    auto& c = connections.try_emplace({key.kind, key.id}, key).first->second;
    (dir == "c2s" ? c.c2s : c.s2c) += unhex(bytes);
  }
  Checker checker(report);
  for (const auto& [key, c] : connections) {
    if (c.kind == "client") {
      checker.client(c);
    } else if (c.kind == "quorum") {
      checker.quorum(c);
    } else if (c.kind == "election") {
      checker.election(c);
    } else {
      report.failures.push_back("unknown connection kind " + c.kind);
    }
  }
  return report;
}

}  // namespace zab::wire::test
