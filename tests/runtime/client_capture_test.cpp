// Real ZooKeeper 3.8 client traffic (tests/wire/data/zk38_capture.txt: kazoo, zkCli, the C
// client and hand-built frames against a 3-server ensemble) through this layer: every request a
// client sent is read as the server layer's request and written back by the project's client to
// the same bytes; every frame the servers sent is read as the server layer's reply or event and
// framed again by frame_to_client to the same bytes, null znode data included (the server layer
// holds impl/wire's records; only impl/data's tree keeps data as a string).
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "impl/core/overloaded.h"
#include "impl/runtime/client_messages.h"
#include "impl/wire/client_reply.h"
#include "impl/wire/client_request.h"
#include "impl/wire/framing.h"
#include "tests/wire/wire_test_util.h"

namespace zab::runtime {
namespace {

using data::OpCode;
using wire::test::hex;
using wire::test::unhex;

struct Streams {
  std::string c2s;
  std::string s2c;
};

std::map<int, Streams> client_connections() {
  std::ifstream in(ZK38_CAPTURE_FILE);
  EXPECT_TRUE(in.good()) << ZK38_CAPTURE_FILE;
  std::map<int, Streams> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string kind, dir, bytes;
    int id = 0;
    fields >> kind >> id >> dir >> bytes;
    if (kind != "client") continue;
    (dir == "c2s" ? out[id].c2s : out[id].s2c) += unhex(bytes);
  }
  return out;
}

std::vector<std::string> frames_of(const std::string& stream) {
  wire::FrameReader reader(wire::FrameReader::Options{wire::kDefaultMaxFrameBytes, false});
  reader.feed(stream);
  std::vector<std::string> out;
  for (auto event = reader.next(); std::holds_alternative<wire::Frame>(event);
       event = reader.next())
    out.push_back(std::get<wire::Frame>(event).payload);
  return out;
}

struct Tally {
  int requests = 0;
  int replies = 0;
  int notifications = 0;
  int connects = 0;
  int refused = 0;
  std::vector<std::string> failures;
};

void check_requests(int id, const Streams& s, std::map<int32_t, OpCode>& ops,
                    std::map<int32_t, RequestRefused>& refusals, Tally& t) {
  auto fail = [&](const std::string& what) {
    t.failures.push_back(fmt::format("client #{} c2s: {}", id, what));
  };
  const auto frames = frames_of(s.c2s);
  for (size_t i = 0; i < frames.size(); ++i) {
    const std::string& payload = frames[i];
    if (i == 0) {
      auto connect = read_connect_request(payload, "127.0.0.1");
      if (!connect) return fail(connect.error().message);
      ++t.connects;
      if (!connect->request.read_only) fail("connect without readOnly byte");
      const std::string ours = frame_client_request(server::ClientRequest{0, *connect});
      if (ours != wire::frame(payload)) fail("connect re-encodes to " + hex(ours));
      continue;
    }
    const auto decoded = wire::decode_request(payload);
    if (!decoded) return fail(decoded.error().message);
    ops[decoded->header.xid] = decoded->header.type;
    auto read = read_client_request(payload);
    if (auto* r = std::get_if<RequestRefused>(&read)) {
      ++t.refused;
      refusals[r->xid] = *r;
      continue;
    }
    ++t.requests;
    const std::string ours = frame_client_request(std::get<server::ClientRequest>(read));
    if (ours != wire::frame(payload))
      fail(fmt::format("{} re-encodes to {} instead of {}", data::opcode_name(decoded->header.type),
                       hex(ours), hex(payload)));
  }
}

void check_replies(int id, const Streams& s, const std::map<int32_t, OpCode>& ops,
                   const std::map<int32_t, RequestRefused>& refusals, Tally& t) {
  auto fail = [&](const std::string& what) {
    t.failures.push_back(fmt::format("client #{} s2c: {}", id, what));
  };
  const auto frames = frames_of(s.s2c);
  for (size_t i = 0; i < frames.size(); ++i) {
    const std::string& payload = frames[i];
    if (i == 0) {
      auto connect = read_connect_response(payload);
      if (!connect) return fail(connect.error().message);
      ++t.connects;
      if (frame_to_client(connect.value()) != wire::frame(payload)) fail("connect response");
      continue;
    }
    auto xid = read_reply_xid(payload);
    if (!xid) return fail(xid.error().message);
    if (auto r = refusals.find(*xid); r != refusals.end()) {
      // The refusal carries the server's zxid only for MARSHALLINGERROR; read it back from there.
      const auto header = wire::decode_reply_header(payload).value();
      if (frame_refusal(r->second, Zxid{static_cast<uint64_t>(header.zxid)}) !=
          wire::frame(payload))
        fail(fmt::format("refusal of xid {}: ZooKeeper sent {}", *xid, hex(payload)));
      ++t.replies;
      continue;
    }
    const auto op = ops.find(*xid);
    const OpCode type = *xid == wire::kNotificationXid ? OpCode::kNotification
                        : op != ops.end()              ? op->second
                                                       : OpCode::kError;
    if (*xid != wire::kNotificationXid && op == ops.end())
      return fail(fmt::format("reply to unknown xid {}", *xid));
    auto message = read_server_message(payload, type);
    if (!message) return fail(message.error().message);
    ++(*xid == wire::kNotificationXid ? t.notifications : t.replies);
    const std::string ours = frame_to_client(message.value());
    if (ours != wire::frame(payload))
      fail(fmt::format("reply to {} re-encodes to {} instead of {}", data::opcode_name(type),
                       hex(ours), hex(payload)));
  }
}

TEST(ClientCapture, RealClientTrafficRoundTripsThroughTheServerLayersMessages) {
  Tally t;
  const auto connections = client_connections();
  for (const auto& [id, streams] : connections) {
    std::map<int32_t, OpCode> ops = {{wire::kPingXid, OpCode::kPing},
                                     {wire::kAuthXid, OpCode::kAuth}};
    std::map<int32_t, RequestRefused> refusals;
    check_requests(id, streams, ops, refusals, t);
    check_replies(id, streams, ops, refusals, t);
  }
  for (const auto& f : t.failures)
    ADD_FAILURE() << f;
  // The kept capture's figures: kazoo, zkCli, the C client and hand-built frames on 6 client
  // connections (a re-recorded capture changes them; the failures above must stay empty).
  EXPECT_EQ(connections.size(), 6u);
  EXPECT_EQ(t.connects, 12);  // each connection's ConnectRequest and ConnectResponse
  EXPECT_EQ(t.requests, 75);
  EXPECT_EQ(t.replies, 76);  // the 75 and the UNIMPLEMENTED answer to opcode 99
  EXPECT_EQ(t.notifications, 9);
  EXPECT_EQ(t.refused, 1);
  std::printf(
      "capture: %zu client connections, %d connects, %d requests, %d replies, "
      "%d notifications, %d refused, all byte for byte\n",
      connections.size(), t.connects, t.requests, t.replies, t.notifications, t.refused);
}

}  // namespace
}  // namespace zab::runtime
