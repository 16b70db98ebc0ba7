#include "impl/data/txn.h"

#include <gtest/gtest.h>

#include <random>

#include "impl/core/check.h"
#include "impl/data/jute.h"

namespace zab::data {
namespace {

std::string hex(std::string_view bytes) {
  std::string out;
  for (unsigned char c : bytes)
    out += fmt::format("{:02x}", c);
  return out;
}

std::string unhex(std::string_view text) {
  std::string out;
  for (size_t i = 0; i + 1 < text.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(std::string(text.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

const TxnHeader kHeader{0x100000000000001, 7, 1'700'000'000'000, OpCode::kCreate};

std::vector<DecodedTxn> one_of_each() {
  auto h = [](OpCode type) {
    TxnHeader header = kHeader;
    header.type = type;
    return header;
  };
  const AclList acl = {Acl{perms::kAll, Id{"world", "anyone"}},
                       Acl{perms::kRead, Id{"digest", "alice:aYXlLOpEooaV1cRAvUL1fp9Qt7E="}}};
  return {
      {h(OpCode::kCreate), CreateTxn{"/a", "data", acl, true, 3}},
      {h(OpCode::kCreate2), CreateTxn{"/b", "", acl, false, 0}},
      {h(OpCode::kCreateContainer), CreateContainerTxn{"/c", "x", acl, 9}},
      {h(OpCode::kCreateTtl), CreateTtlTxn{"/t", "x", acl, 2, 60000}},
      {h(OpCode::kDelete), DeleteTxn{"/a"}},
      {h(OpCode::kDeleteContainer), DeleteTxn{"/c"}},
      {h(OpCode::kSetData), SetDataTxn{"/a", std::string(1000, 'z'), 4}},
      {h(OpCode::kSetAcl), SetAclTxn{"/a", acl, 2}},
      {h(OpCode::kCheck), CheckVersionTxn{"/a", 5}},
      {h(OpCode::kCreateSession), CreateSessionTxn{30000}},
      {h(OpCode::kCloseSession), CloseSessionTxn{{"/e1", "/e2"}}},
      {h(OpCode::kError), ErrorTxn{Code::kNoNode}},
      {h(OpCode::kMulti),
       MultiTxn{{SubTxn{OpCode::kCreate, CreateTxn{"/m", "", acl, false, 1}},
                 SubTxn{OpCode::kSetData, SetDataTxn{"/m", "v", 1}},
                 SubTxn{OpCode::kCheck, CheckVersionTxn{"/m", 2}},
                 SubTxn{OpCode::kDelete, DeleteTxn{"/m"}},
                 SubTxn{OpCode::kError, ErrorTxn{Code::kRuntimeInconsistency}}}}},
      {h(OpCode::kMulti), MultiTxn{}},
  };
}

TEST(DataTxnCodec, EveryRecordRoundTrips) {
  for (const auto& txn : one_of_each()) {
    const std::string payload = encode_txn(txn);
    const auto decoded = decode_txn(payload);
    ASSERT_TRUE(decoded.ok()) << describe(txn) << ": " << to_string(decoded.error());
    EXPECT_EQ(decoded.value(), txn) << describe(txn);
  }
}

TEST(DataTxnCodec, JuteBytesAreBigEndianAndInDeclarationOrder) {
  const TxnHeader header{1, 2, 3, OpCode::kCreate};
  const CreateTxn create{"/a", "x", open_acl_unsafe(), true, 5};
  EXPECT_EQ(hex(encode_txn(header, create)),
            "0000000000000001"
            "00000002"
            "0000000000000003"
            "00000001"
            "000000022f61"
            "0000000178"
            "00000001"
            "0000001f"
            "00000005776f726c64"
            "00000006616e796f6e65"
            "01"
            "00000005");
  EXPECT_EQ(hex(encode_record(ErrorTxn{Code::kNoNode})), "ffffff9b");
  EXPECT_EQ(hex(encode_record(MultiTxn{{SubTxn{OpCode::kDelete, DeleteTxn{"/a"}}}})),
            "00000001"
            "00000002"
            "00000006000000022f61");
}

TEST(DataTxnCodec, EveryTruncationIsRejected) {
  for (const auto& txn : one_of_each()) {
    const std::string payload = encode_txn(txn);
    for (size_t len = 0; len < payload.size(); ++len) {
      const auto decoded = decode_txn(std::string_view(payload).substr(0, len));
      // An empty CloseSessionTxn list or MultiTxn is 4 bytes; no prefix may decode to the
      // original.
      if (decoded.ok()) {
        EXPECT_NE(decoded.value(), txn) << describe(txn) << " prefix " << len;
      } else {
        EXPECT_EQ(decoded.error().code, Code::kMarshallingError);
      }
    }
  }
}

TEST(DataTxnCodec, TrailingBytesAreRejected) {
  const std::string payload = encode_txn(kHeader, CreateTxn{"/a", "", {}, false, 1}) + "B";
  const auto decoded = decode_txn(payload);
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error().code, Code::kMarshallingError);
  EXPECT_NE(decoded.error().message.find("trailing"), std::string::npos);
}

TEST(DataTxnCodec, ATxnDigestAfterTheRecordRoundTrips) {
  DecodedTxn txn{kHeader, CreateTxn{"/a", "", {}, false, 1}, TxnDigest{2, -7}};
  const std::string payload = encode_txn(txn);
  EXPECT_EQ(payload.substr(payload.size() - kTxnDigestBytes),
            unhex("00000002fffffffffffffff9"));  // {int version, long treeDigest}
  EXPECT_EQ(decode_txn(payload).value(), txn);
  // Anything but exactly 12 bytes after the record is rejected.
  EXPECT_FALSE(decode_txn(payload.substr(0, payload.size() - 1)).ok());
  EXPECT_FALSE(decode_txn(payload + "B").ok());
}

Result<TxnRecord> decode_hex(OpCode type, std::string_view text) {
  return decode_record(type, unhex(text));
}

TEST(DataTxnCodec, BadLengthsAreRejectedWithoutAllocating) {
  // Path length -2, -1 (null path), 0x7fffffff, and longer than the buffer.
  EXPECT_EQ(decode_hex(OpCode::kDelete, "fffffffe").code(), Code::kMarshallingError);
  EXPECT_EQ(decode_hex(OpCode::kDelete, "ffffffff").code(), Code::kMarshallingError);
  EXPECT_EQ(decode_hex(OpCode::kDelete, "7fffffff2f61").code(), Code::kMarshallingError);
  EXPECT_EQ(decode_hex(OpCode::kDelete, "000000032f61").code(), Code::kMarshallingError);
  // A null data buffer (-1) reads as empty data, as ZooKeeper allows.
  const auto null_data = decode_hex(OpCode::kSetData, "000000022f61ffffffff00000001");
  ASSERT_TRUE(null_data.ok());
  EXPECT_EQ(std::get<SetDataTxn>(null_data.value()).data, "");
  // Data length beyond jute.maxbuffer + extra.
  EXPECT_EQ(decode_hex(OpCode::kSetData, "000000022f6100200000").code(), Code::kMarshallingError);
  // ACL and path-list counts that cannot fit, and negative ones.
  EXPECT_EQ(decode_hex(OpCode::kSetAcl, "000000022f617fffffff").code(), Code::kMarshallingError);
  EXPECT_EQ(decode_hex(OpCode::kSetAcl, "000000022f61fffffff0").code(), Code::kMarshallingError);
  EXPECT_EQ(decode_hex(OpCode::kCloseSession, "7fffffff").code(), Code::kMarshallingError);
  EXPECT_EQ(decode_hex(OpCode::kMulti, "7fffffff").code(), Code::kMarshallingError);
  EXPECT_EQ(decode_hex(OpCode::kMulti, "80000000").code(), Code::kMarshallingError);
  const auto reason = decode_hex(OpCode::kSetAcl, "000000022f617fffffff").error().message;
  EXPECT_NE(reason.find("count"), std::string::npos) << reason;
}

TEST(DataTxnCodec, TypesThatCannotAppearAreRejected) {
  EXPECT_EQ(decode_record(static_cast<OpCode>(77), "").code(), Code::kMarshallingError);
  EXPECT_EQ(decode_record(OpCode::kGetData, "").code(), Code::kMarshallingError);
  // A multi holding a multi, a createSession, or a setACL.
  for (const auto& [type, body] : std::vector<std::pair<OpCode, std::string>>{
           {OpCode::kMulti, encode_record(MultiTxn{})},
           {OpCode::kCreateSession, encode_record(CreateSessionTxn{1})},
           {OpCode::kSetAcl, encode_record(SetAclTxn{"/a", {}, 1})}}) {
    JuteWriter w;
    w.i32(1);
    w.i32(static_cast<int32_t>(type));
    w.buffer(body);
    EXPECT_EQ(decode_record(OpCode::kMulti, w.bytes()).code(), Code::kMarshallingError)
        << opcode_name(type);
  }
  // A sub-txn whose bytes are malformed.
  JuteWriter w;
  w.i32(1);
  w.i32(static_cast<int32_t>(OpCode::kDelete));
  w.buffer(unhex("000000092f61"));
  const auto bad_sub = decode_record(OpCode::kMulti, w.bytes());
  ASSERT_FALSE(bad_sub.ok());
  EXPECT_NE(bad_sub.error().message.find("sub-txn 0"), std::string::npos);
}

TEST(DataTxnCodec, RandomBytesNeverCrashTheDecoder) {
  std::mt19937 rng(7);
  const auto valid = one_of_each();
  int rejected = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string bytes = encode_txn(valid[round % valid.size()]);
    // Flip a few bytes of a valid payload, or use pure noise.
    if (round % 4 == 0) {
      bytes.assign(rng() % 64, '\0');
      for (auto& c : bytes)
        c = static_cast<char>(rng());
    } else {
      for (int k = 0; k < 3; ++k)
        bytes[rng() % bytes.size()] = static_cast<char>(rng());
    }
    const auto decoded = decode_txn(bytes);
    if (!decoded.ok()) {
      ++rejected;
      EXPECT_EQ(decoded.error().code, Code::kMarshallingError);
    } else {
      // Whatever decodes re-encodes to the same bytes (no hidden state), unless a boolean byte
      // other than 0/1 was read, which jute treats as true.
      EXPECT_EQ(decode_txn(encode_txn(decoded.value())).value(), decoded.value());
    }
  }
  EXPECT_GT(rejected, 1000);
}

TEST(DataTxnCodec, EncodingAMismatchedRecordIsABug) {
  set_assertions_throw(true);
  EXPECT_THROW(encode_txn(TxnHeader{1, 1, 1, OpCode::kDelete}, CreateSessionTxn{1}),
               AssertionFailure);
  EXPECT_TRUE(record_matches(OpCode::kCreate2, CreateTxn{}));
  EXPECT_TRUE(record_matches(OpCode::kDeleteContainer, DeleteTxn{}));
  EXPECT_FALSE(record_matches(OpCode::kCreate, CreateContainerTxn{}));
}

TEST(DataTxnCodec, DescribeNamesTheTypeAndPath) {
  EXPECT_EQ(describe(DecodedTxn{TxnHeader{0x1f, 3, 0, OpCode::kDelete}, DeleteTxn{"/x"}}),
            "delete /x session=0x1f cxid=3");
}

}  // namespace
}  // namespace zab::data
