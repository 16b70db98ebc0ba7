#include "impl/wire/quorum_message.h"

#include <fmt/format.h>

#include "impl/core/overloaded.h"
#include "impl/data/jute.h"

namespace zab::wire {
namespace {

using data::JuteReader;
using data::JuteWriter;

QuorumPacket packet(PacketType type, int64_t zxid, MaybeBuffer data = std::nullopt) {
  return QuorumPacket{type, zxid, std::move(data), std::nullopt};
}

template <class Write>
std::string bytes_of(Write write) {
  JuteWriter w;
  write(w);
  return w.take();
}

std::string with_leader(int64_t designated_leader, std::string_view rest = {}) {
  return bytes_of([&](JuteWriter& w) {
    w.i64(designated_leader);
    w.raw(rest);
  });
}

Error bad(const QuorumPacket& p, std::string_view why) {
  return make_error(Code::kMarshallingError, "{} packet: {}", to_string(p.type), why);
}

// The packet's data, which the type's reader needs: a null buffer is malformed.
Result<std::string_view> need_data(const QuorumPacket& p) {
  if (!p.data) return bad(p, "no data");
  return std::string_view(*p.data);
}

// Reads fixed fields from the front of `data`, as Java's ByteBuffer/DataInputStream readers do
// (bytes after them are never read).
template <class T, class Read>
Result<T> read_front(const QuorumPacket& p, Read read) {
  auto data = need_data(p);
  if (!data) return data.error();
  JuteReader r(*data);
  T out = read(r);
  if (!r.ok()) return bad(p, r.status().error().message);
  return out;
}

Result<TxnEntry> read_txn(const QuorumPacket& p, std::string_view bytes) {
  auto txn = decode_txn_entry(bytes);
  if (!txn) return bad(p, txn.error().message);
  return std::move(txn).value();
}

Result<QuorumMessage> from_learner(const QuorumPacket& p);
Result<QuorumMessage> from_leader(const QuorumPacket& p);

}  // namespace

std::string encode_learner_info(const LearnerInfo& info) {
  return bytes_of([&](JuteWriter& w) {
    w.i64(info.server_id);
    w.i32(info.protocol_version);
    if (info.config_version) w.i64(*info.config_version);
  });
}

// LearnerHandler.run: >= 8 bytes give the sid, >= 12 the protocol version, >= 20 the config
// version; anything beyond is not read.
Result<LearnerInfo> decode_learner_info(std::string_view data) {
  if (data.size() < 8) {
    return make_error(Code::kMarshallingError, "LearnerInfo of {} bytes (at least 8)", data.size());
  }
  JuteReader r(data);
  LearnerInfo info;
  info.server_id = r.i64();
  info.protocol_version = data.size() >= 12 ? r.i32() : 0x1;
  if (data.size() >= 20) info.config_version = r.i64();
  return info;
}

Sender sender_of(const QuorumMessage& message) {
  return std::visit(Overloaded{
                        [](const FollowerInfo&) { return Sender::kLearner; },
                        [](const AckEpoch&) { return Sender::kLearner; },
                        [](const Ack&) { return Sender::kLearner; },
                        [](const LearnerPing&) { return Sender::kLearner; },
                        [](const Revalidate&) { return Sender::kLearner; },
                        [](const LearnerRequest&) { return Sender::kLearner; },
                        [](const auto&) { return Sender::kLeader; },
                    },
                    message);
}

QuorumPacket to_packet(const QuorumMessage& message) {
  return std::visit(
      Overloaded{
          [](const FollowerInfo& m) {
            return packet(m.observer ? PacketType::kObserverInfo : PacketType::kFollowerInfo,
                          m.zxid, encode_learner_info(m.info));
          },
          [](const LeaderInfo& m) {
            return packet(PacketType::kLeaderInfo, m.zxid,
                          bytes_of([&](JuteWriter& w) { w.i32(m.protocol_version); }));
          },
          [](const AckEpoch& m) {
            return packet(PacketType::kAckEpoch, m.last_logged_zxid,
                          bytes_of([&](JuteWriter& w) { w.i32(m.current_epoch); }));
          },
          [](const Diff& m) { return packet(PacketType::kDiff, m.zxid); },
          [](const Trunc& m) { return packet(PacketType::kTrunc, m.zxid); },
          [](const Snap& m) { return packet(PacketType::kSnap, m.zxid); },
          [](const NewLeader& m) { return packet(PacketType::kNewLeader, m.zxid, m.config); },
          [](const UpToDate&) { return packet(PacketType::kUpToDate, -1); },
          [](const Proposal& m) {
            return packet(PacketType::kProposal, m.zxid, encode_txn_entry(m.txn));
          },
          [](const Ack& m) { return packet(PacketType::kAck, m.zxid); },
          [](const Commit& m) { return packet(PacketType::kCommit, m.zxid); },
          [](const LeaderPing& m) { return packet(PacketType::kPing, m.zxid); },
          [](const LearnerPing& m) {
            return packet(PacketType::kPing, m.zxid, bytes_of([&](JuteWriter& w) {
                            for (const auto& t : m.touches) {
                              w.i64(t.session_id);
                              w.i32(t.timeout_ms);
                            }
                          }));
          },
          [](const Revalidate& m) {
            return packet(PacketType::kRevalidate, -1, bytes_of([&](JuteWriter& w) {
                            w.i64(m.session_id);
                            w.i32(m.timeout_ms);
                          }));
          },
          [](const RevalidateReply& m) {
            return packet(PacketType::kRevalidate, -1, bytes_of([&](JuteWriter& w) {
                            w.i64(m.session_id);
                            w.boolean(m.valid);
                          }));
          },
          [](const LearnerRequest& m) {
            QuorumPacket p = packet(PacketType::kRequest, -1, bytes_of([&](JuteWriter& w) {
                                      w.i64(m.session_id);
                                      w.i32(m.cxid);
                                      w.i32(static_cast<int32_t>(m.type));
                                      w.raw(m.request);
                                    }));
            p.authinfo = m.authinfo;
            return p;
          },
          [](const Sync&) { return packet(PacketType::kSync, 0); },
          [](const Inform& m) {
            return packet(PacketType::kInform, m.zxid, encode_txn_entry(m.txn));
          },
          [](const CommitAndActivate& m) {
            return packet(PacketType::kCommitAndActivate, m.zxid, with_leader(m.designated_leader));
          },
          [](const InformAndActivate& m) {
            return packet(PacketType::kInformAndActivate, m.zxid,
                          with_leader(m.designated_leader, encode_txn_entry(m.txn)));
          },
      },
      message);
}

Result<QuorumMessage> from_packet(const QuorumPacket& p, Sender sender) {
  if (!is_known_packet_type(p.type)) return bad(p, "unknown packet type");
  return sender == Sender::kLearner ? from_learner(p) : from_leader(p);
}

namespace {

Result<QuorumMessage> from_learner(const QuorumPacket& p) {
  switch (p.type) {
    case PacketType::kFollowerInfo:
    case PacketType::kObserverInfo: {
      auto data = need_data(p);
      if (!data) return data.error();
      auto info = decode_learner_info(*data);
      if (!info) return bad(p, info.error().message);
      return QuorumMessage{FollowerInfo{p.type == PacketType::kObserverInfo, p.zxid, *info}};
    }
    case PacketType::kAckEpoch:
      return read_front<QuorumMessage>(p, [&](JuteReader& r) { return AckEpoch{p.zxid, r.i32()}; });
    case PacketType::kAck:
      return QuorumMessage{Ack{p.zxid}};
    case PacketType::kPing: {
      // LearnerHandler reads pairs while bytes are available: a partial pair is malformed.
      auto data = need_data(p);
      if (!data) return data.error();
      if (data->size() % 12 != 0)
        return bad(p, fmt::format("{} bytes of session touches", data->size()));
      JuteReader r(*data);
      LearnerPing ping{p.zxid, {}};
      while (r.remaining() > 0) {
        const int64_t session = r.i64();
        ping.touches.push_back(SessionTouch{session, r.i32()});
      }
      return QuorumMessage{ping};
    }
    case PacketType::kRevalidate:
      return read_front<QuorumMessage>(p, [](JuteReader& r) {
        const int64_t session = r.i64();
        return Revalidate{session, r.i32()};
      });
    case PacketType::kRequest:
      return read_front<QuorumMessage>(p, [&](JuteReader& r) {
        LearnerRequest m;
        m.session_id = r.i64();
        m.cxid = r.i32();
        m.type = static_cast<OpCode>(r.i32());
        m.request = r.raw(r.remaining());
        m.authinfo = p.authinfo;
        return m;
      });
    default:
      return bad(p, "not sent by a learner");
  }
}

Result<QuorumMessage> from_leader(const QuorumPacket& p) {
  switch (p.type) {
    case PacketType::kLeaderInfo:
      return read_front<QuorumMessage>(p, [&](JuteReader& r) {
        return LeaderInfo{p.zxid, r.i32()};
      });
    case PacketType::kDiff:
      return QuorumMessage{Diff{p.zxid}};
    case PacketType::kTrunc:
      return QuorumMessage{Trunc{p.zxid}};
    case PacketType::kSnap:
      return QuorumMessage{Snap{p.zxid}};
    case PacketType::kNewLeader:
      return QuorumMessage{NewLeader{p.zxid, p.data}};
    case PacketType::kUpToDate:
      return QuorumMessage{UpToDate{}};
    case PacketType::kProposal:
    case PacketType::kInform: {
      auto data = need_data(p);
      if (!data) return data.error();
      auto txn = read_txn(p, *data);
      if (!txn) return txn.error();
      if (p.type == PacketType::kProposal)
        return QuorumMessage{Proposal{p.zxid, std::move(txn).value()}};
      return QuorumMessage{Inform{p.zxid, std::move(txn).value()}};
    }
    case PacketType::kCommit:
      return QuorumMessage{Commit{p.zxid}};
    case PacketType::kPing:
      return QuorumMessage{LeaderPing{p.zxid}};
    case PacketType::kRevalidate:
      return read_front<QuorumMessage>(p, [](JuteReader& r) {
        const int64_t session = r.i64();
        return RevalidateReply{session, r.boolean()};
      });
    case PacketType::kSync:
      return QuorumMessage{Sync{}};
    case PacketType::kCommitAndActivate:
      return read_front<QuorumMessage>(p, [&](JuteReader& r) {
        return CommitAndActivate{p.zxid, r.i64()};
      });
    case PacketType::kInformAndActivate: {
      auto data = need_data(p);
      if (!data) return data.error();
      if (data->size() < 8) return bad(p, "no designated leader");
      JuteReader r(*data);
      const int64_t leader = r.i64();
      auto txn = read_txn(p, data->substr(8));
      if (!txn) return txn.error();
      return QuorumMessage{InformAndActivate{p.zxid, leader, std::move(txn).value()}};
    }
    default:
      return bad(p, "not sent by a leader");
  }
}

}  // namespace
}  // namespace zab::wire
