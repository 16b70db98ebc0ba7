#include "impl/runtime/peer_messages.h"

#include <fmt/format.h>

#include <limits>

#include "impl/core/check.h"
#include "impl/core/overloaded.h"
#include "impl/data/database.h"
#include "impl/data/txn.h"
#include "impl/storage/database_codec.h"
#include "impl/wire/election.h"
#include "impl/wire/quorum_message.h"

namespace zab::runtime {
namespace {

// An observer that has not learnt of a leader votes for Long.MIN_VALUE.
constexpr int64_t kNoLeader = std::numeric_limits<int64_t>::min();

Error malformed(std::string message) {
  return Error{Code::kMarshallingError, std::move(message)};
}

Result<NodeId> node_id(int64_t sid, std::string_view what) {
  if (sid < 1 || sid > kMaxServers)
    return malformed(fmt::format("{} names server {}, outside 1..{}", what, sid, kMaxServers));
  return NodeId{static_cast<uint8_t>(sid)};
}

// zab::Txn's payload is impl/data's TxnHeader without the zxid plus the record; ZooKeeper's
// entry (Util.marshallTxnEntry) carries the zxid in the header.
wire::TxnEntry to_entry(const Txn& txn) {
  const auto decoded = data::decode_txn(txn.payload());
  ZK_ASSERT_MSG(decoded.ok(), "a txn of the core does not decode: " + to_string(txn.zxid()));
  const auto& h = decoded->header;
  wire::TxnEntry entry;
  entry.header = wire::TxnHeader{h.client_id, h.cxid, static_cast<int64_t>(txn.zxid().value),
                                 h.time_ms, h.type};
  entry.record = decoded->record;
  entry.digest = decoded->digest;
  return entry;
}

Result<TxnRef> from_entry(const wire::TxnEntry& entry) {
  // A closeSession without its record (an old writer) deletes the same ephemerals as an empty
  // CloseSessionTxn.
  const data::TxnRecord record =
      entry.record ? *entry.record : data::TxnRecord{data::CloseSessionTxn{}};
  return make_txn(Zxid{static_cast<uint64_t>(entry.header.zxid)},
                  data::encode_txn(entry.header.without_zxid(), record, entry.digest));
}

Zxid zxid_of(int64_t value) {
  return Zxid{static_cast<uint64_t>(value)};
}

// REQUEST. The server layer's payload (impl/server/request_codec.h: session, cxid, origin, auth
// ids, type, record) is ZooKeeper's LearnerRequest plus the origin, which on the wire is implicit:
// it is the learner the connection belongs to. The record's bytes pass through untouched.
wire::LearnerRequest to_learner_request(const Request& r) {
  data::JuteReader in(r.payload);
  wire::LearnerRequest out;
  out.session_id = in.i64();
  out.cxid = in.i32();
  in.i32();  // the origin
  std::vector<data::Id> ids;
  const int32_t count = in.vector_count(8, "auth id");
  for (int32_t i = 0; i < count && in.ok(); ++i)
    ids.push_back(in.id());
  out.type = static_cast<data::OpCode>(in.i32());
  ZK_ASSERT_MSG(in.ok(), "the server layer's REQUEST payload does not decode");
  out.request = r.payload.substr(in.position());
  out.authinfo = std::move(ids);
  return out;
}

Request from_learner_request(const wire::LearnerRequest& r, NodeId origin) {
  data::JuteWriter w;
  w.i64(r.session_id);
  w.i32(r.cxid);
  w.i32(origin.value);
  const std::vector<data::Id> none;
  const auto& ids = r.authinfo ? *r.authinfo : none;
  w.i32(static_cast<int32_t>(ids.size()));
  for (const auto& id : ids)
    w.id(id);
  w.i32(static_cast<int32_t>(r.type));
  w.raw(r.request);
  return Request{w.take()};
}
int64_t wire_zxid(Zxid zxid) {
  return static_cast<int64_t>(zxid.value);
}

}  // namespace

std::string quorum_verifier_text(const QuorumConfig& cfg) {
  std::string out;
  for (const auto& s : cfg.servers)
    out +=
        fmt::format("server.{}={}:{}:{}:{}\n", s.sid.value, s.host, s.quorum_port, s.election_port,
                    s.type == LearnerType::kObserver ? "observer" : "participant");
  out += "version=0";
  return out;
}

std::string encode_election_message(const Notification& n, const std::string& config_text) {
  wire::Notification w;
  w.state = n.state;
  w.leader = n.vote.leader ? n.vote.leader->value : kNoLeader;
  w.zxid = wire_zxid(n.vote.zxid);
  w.election_epoch = static_cast<int64_t>(n.election_epoch);
  w.peer_epoch = n.vote.peer_epoch.value;
  w.config = config_text;
  return wire::frame_election_message(wire::encode_notification_message(w));
}

Result<Notification> decode_election_payload(std::string_view payload) {
  auto decoded = wire::decode_notification_message(payload);
  if (!decoded.ok()) return decoded.error();
  const wire::Notification& w = *decoded;
  Notification n;
  n.state = static_cast<ServerState>(static_cast<int32_t>(w.state));
  if (w.leader != kNoLeader) {
    auto leader = node_id(w.leader, "a notification's vote");
    if (!leader.ok()) return leader.error();
    n.vote.leader = *leader;
  }
  n.vote.zxid = zxid_of(w.zxid);
  if (w.peer_epoch < 0 || w.peer_epoch > std::numeric_limits<uint32_t>::max() ||
      w.election_epoch < 0)
    return malformed(
        fmt::format("a notification's epochs are out of range (peerEpoch {}, "
                    "electionEpoch {})",
                    w.peer_epoch, w.election_epoch));
  n.vote.peer_epoch = Epoch{static_cast<uint32_t>(w.peer_epoch)};
  n.election_epoch = static_cast<uint64_t>(w.election_epoch);
  return n;
}

std::string encode_quorum_message(const Message& m, const QuorumWriter& writer) {
  std::string tail;  // after a SNAP: the database and the signature
  const wire::QuorumMessage w = std::visit(
      Overloaded{
          [&](const Notification&) -> wire::QuorumMessage {
            ZK_UNREACHABLE("a notification on the quorum port");
          },
          [&](const FollowerInfo& f) -> wire::QuorumMessage {
            return wire::FollowerInfo{
                f.type == LearnerType::kObserver, wire_zxid(Zxid::make(f.accepted_epoch, 0)),
                wire::LearnerInfo{writer.self.value, wire::kZab10ProtocolVersion, 0}};
          },
          [&](const LeaderInfo& l) -> wire::QuorumMessage {
            return wire::LeaderInfo{wire_zxid(Zxid::make(l.new_epoch, 0))};
          },
          [&](const AckEpoch& a) -> wire::QuorumMessage {
            return wire::AckEpoch{
                wire_zxid(a.last_zxid),
                a.current_epoch ? static_cast<int32_t>(a.current_epoch->value) : -1};
          },
          [&](const Diff& d) -> wire::QuorumMessage { return wire::Diff{wire_zxid(d.zxid)}; },
          [&](const Trunc& t) -> wire::QuorumMessage { return wire::Trunc{wire_zxid(t.zxid)}; },
          [&](const Snap& s) -> wire::QuorumMessage {
            const auto& db = dynamic_cast<const data::ZkDatabase&>(*s.snapshot->image);
            tail = storage::encode_snap_stream(db);
            return wire::Snap{wire_zxid(s.snapshot->zxid)};
          },
          [&](const Proposal& p) -> wire::QuorumMessage {
            return wire::Proposal{wire_zxid(p.txn->zxid()), to_entry(*p.txn)};
          },
          [&](const Commit& c) -> wire::QuorumMessage { return wire::Commit{wire_zxid(c.zxid)}; },
          [&](const Inform& i) -> wire::QuorumMessage {
            return wire::Inform{wire_zxid(i.txn->zxid()), to_entry(*i.txn)};
          },
          [&](const NewLeader& n) -> wire::QuorumMessage {
            return wire::NewLeader{wire_zxid(n.zxid), writer.config_text};
          },
          [&](const UpToDate&) -> wire::QuorumMessage { return wire::UpToDate{}; },
          [&](const Ack& a) -> wire::QuorumMessage { return wire::Ack{wire_zxid(a.zxid)}; },
          [&](const Ping& p) -> wire::QuorumMessage {
            if (writer.leader) return wire::LeaderPing{wire_zxid(p.zxid)};
            wire::LearnerPing ping{wire_zxid(p.zxid), {}};
            for (const auto& [session, timeout] : p.sessions)
              ping.touches.push_back(
                  wire::SessionTouch{static_cast<int64_t>(session), static_cast<int32_t>(timeout)});
            return ping;
          },
          [&](const Request& r) -> wire::QuorumMessage { return to_learner_request(r); },
          [&](const Revalidate& r) -> wire::QuorumMessage {
            return wire::Revalidate{static_cast<int64_t>(r.session_id),
                                    static_cast<int32_t>(r.timeout_ms)};
          },
          [&](const RevalidateReply& r) -> wire::QuorumMessage {
            return wire::RevalidateReply{static_cast<int64_t>(r.session_id), r.valid};
          },
          [&](const SyncReply&) -> wire::QuorumMessage { return wire::Sync{}; },
      },
      m);
  return wire::encode_quorum_packet(wire::to_packet(w)) + tail;
}

}  // namespace zab::runtime

namespace zab::runtime {

std::variant<QuorumMessageReader::NeedMore, Message, Error> QuorumMessageReader::next() {
  if (error_) return *error_;
  auto fail = [&](Error e) -> std::variant<NeedMore, Message, Error> {
    error_ = e;
    return e;
  };
  if (snap_pending_) return read_snap_body(*snap_pending_);
  auto event = packets_.next();
  if (std::holds_alternative<wire::NeedMore>(event)) return NeedMore{};
  if (auto* e = std::get_if<Error>(&event)) return fail(*e);
  const auto& packet = std::get<wire::QuorumPacket>(event);
  auto decoded =
      wire::from_packet(packet, from_leader_ ? wire::Sender::kLeader : wire::Sender::kLearner);
  if (!decoded.ok()) return fail(decoded.error());
  auto unsupported = [&](std::string_view what) {
    return fail(malformed(
        fmt::format("{} ({}) is not supported by zabd", what, wire::to_string(packet.type))));
  };
  using R = std::variant<NeedMore, Message, Error>;
  return std::visit(
      Overloaded{
          [&](const wire::FollowerInfo& f) -> R {
            learner_sid_ = f.info.server_id;
            return Message{FollowerInfo{zxid_of(f.zxid).epoch(), f.observer
                                                                     ? LearnerType::kObserver
                                                                     : LearnerType::kParticipant}};
          },
          [&](const wire::LeaderInfo& l) -> R {
            return Message{LeaderInfo{zxid_of(l.zxid).epoch()}};
          },
          [&](const wire::AckEpoch& a) -> R {
            AckEpoch out;
            out.last_zxid = zxid_of(a.last_logged_zxid);
            if (a.current_epoch >= 0)
              out.current_epoch = Epoch{static_cast<uint32_t>(a.current_epoch)};
            return Message{out};
          },
          [&](const wire::Diff& d) -> R { return Message{Diff{zxid_of(d.zxid)}}; },
          [&](const wire::Trunc& t) -> R { return Message{Trunc{zxid_of(t.zxid)}}; },
          [&](const wire::Snap& s) -> R {
            // The database follows on the stream, outside any packet.
            snap_pending_ = zxid_of(s.zxid);
            snap_buffer_ = packets_.take_buffered();
            snap_tried_at_ = 0;
            return read_snap_body(*snap_pending_);
          },
          [&](const wire::NewLeader& n) -> R { return Message{NewLeader{zxid_of(n.zxid)}}; },
          [&](const wire::UpToDate&) -> R { return Message{UpToDate{}}; },
          [&](const wire::Proposal& p) -> R {
            auto txn = from_entry(p.txn);
            if (!txn.ok()) return fail(txn.error());
            return Message{Proposal{*txn}};
          },
          [&](const wire::Ack& a) -> R { return Message{Ack{zxid_of(a.zxid)}}; },
          [&](const wire::Commit& c) -> R { return Message{Commit{zxid_of(c.zxid)}}; },
          [&](const wire::LeaderPing& p) -> R {
            return Message{Ping{zxid_of(p.zxid), {}}};
          },
          [&](const wire::LearnerPing& p) -> R {
            Ping ping{zxid_of(p.zxid), {}};
            for (const auto& t : p.touches)
              ping.sessions.emplace_back(static_cast<uint64_t>(t.session_id),
                                         static_cast<uint32_t>(t.timeout_ms));
            return Message{ping};
          },
          [&](const wire::Inform& i) -> R {
            auto txn = from_entry(i.txn);
            if (!txn.ok()) return fail(txn.error());
            return Message{Inform{*txn}};
          },
          [&](const wire::LearnerRequest& r) -> R {
            if (!learner_sid_) return fail(malformed("a REQUEST before FOLLOWERINFO"));
            return Message{from_learner_request(r, NodeId{static_cast<uint8_t>(*learner_sid_)})};
          },
          [&](const wire::Sync&) -> R { return Message{SyncReply{}}; },
          [&](const wire::Revalidate& r) -> R {
            if (r.timeout_ms < 0) return fail(malformed("a REVALIDATE with a negative timeout"));
            return Message{Revalidate{static_cast<uint64_t>(r.session_id),
                                      static_cast<uint32_t>(r.timeout_ms)}};
          },
          [&](const wire::RevalidateReply& r) -> R {
            return Message{RevalidateReply{static_cast<uint64_t>(r.session_id), r.valid}};
          },
          [&](const wire::CommitAndActivate&) -> R { return unsupported("reconfiguration"); },
          [&](const wire::InformAndActivate&) -> R { return unsupported("reconfiguration"); },
      },
      *decoded);
}

void QuorumMessageReader::feed(std::string_view bytes, bool more_available) {
  more_available_ = more_available;
  if (snap_pending_)
    snap_buffer_.append(bytes);
  else
    packets_.feed(bytes);
}

// The serialized database after a SNAP packet. Decoding restarts from the beginning each time, so
// while the socket has more to read it is retried only once the buffer has doubled since the last
// attempt: a large snapshot read in socket-sized pieces costs linear, not quadratic, time. When
// the socket has nothing more for now, it is tried at once: the leader may be waiting for our
// answer to the NEWLEADER that ends the stream.
std::variant<QuorumMessageReader::NeedMore, Message, Error> QuorumMessageReader::read_snap_body(
    Zxid zxid) {
  if (more_available_ && snap_buffer_.size() < 2 * snap_tried_at_) return NeedMore{};
  snap_tried_at_ = std::max<size_t>(snap_buffer_.size(), 1);
  auto read = storage::decode_snap_stream(snap_buffer_);
  if (std::holds_alternative<storage::SnapStreamIncomplete>(read)) {
    if (snap_buffer_.size() > snap_bytes_max_) {
      error_ = malformed(fmt::format("the database after SNAP passed {} bytes", snap_bytes_max_));
      return *error_;
    }
    return NeedMore{};
  }
  if (auto* e = std::get_if<Error>(&read)) {
    error_ = *e;
    return *error_;
  }
  auto& body = std::get<storage::SnapStreamBody>(read);
  // The learner keeps no history of how the leader's database came to be (ZKDatabase
  // .deserializeSnapshot clears the committed log), so the snapshot's ghost history is empty.
  Message m{Snap{std::make_shared<const Snapshot>(Snapshot{zxid, body.database, TxnLog{}})}};
  const std::string rest = snap_buffer_.substr(body.consumed);
  snap_buffer_.clear();
  snap_pending_.reset();
  packets_.feed(rest);
  return m;
}

}  // namespace zab::runtime
