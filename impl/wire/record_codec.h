// The jute encoding of every client protocol record in records.h: one write and one read per
// record, fields in zookeeper.jute's order. Reads never throw and never read past the input; a
// failure is the reader's status (JuteReader: the first failure is sticky).
#pragma once

#include "impl/data/jute.h"
#include "impl/wire/records.h"

namespace zab::wire {

using data::JuteReader;
using data::JuteWriter;

// ConnectRequest and ConnectResponse are whole frames: the read takes the trailing readOnly byte
// when one is left (ZooKeeperServer.processConnectRequest, ClientCnxnSocket.readConnectResult).
void write(JuteWriter& w, const ConnectRequest& r);
void read(JuteReader& r, ConnectRequest& out);
void write(JuteWriter& w, const ConnectResponse& r);
void read(JuteReader& r, ConnectResponse& out);

void write(JuteWriter& w, const RequestHeader& h);
void read(JuteReader& r, RequestHeader& out);
void write(JuteWriter& w, const ReplyHeader& h);
void read(JuteReader& r, ReplyHeader& out);
void write(JuteWriter& w, const WatcherEvent& e);
void read(JuteReader& r, WatcherEvent& out);

void write(JuteWriter& w, const EmptyRequest& r);
void read(JuteReader& r, EmptyRequest& out);
void write(JuteWriter& w, const CreateRequest& r);
void read(JuteReader& r, CreateRequest& out);
void write(JuteWriter& w, const CreateTtlRequest& r);
void read(JuteReader& r, CreateTtlRequest& out);
void write(JuteWriter& w, const DeleteRequest& r);
void read(JuteReader& r, DeleteRequest& out);
void write(JuteWriter& w, const ExistsRequest& r);
void read(JuteReader& r, ExistsRequest& out);
void write(JuteWriter& w, const GetDataRequest& r);
void read(JuteReader& r, GetDataRequest& out);
void write(JuteWriter& w, const SetDataRequest& r);
void read(JuteReader& r, SetDataRequest& out);
void write(JuteWriter& w, const GetAclRequest& r);
void read(JuteReader& r, GetAclRequest& out);
void write(JuteWriter& w, const SetAclRequest& r);
void read(JuteReader& r, SetAclRequest& out);
void write(JuteWriter& w, const GetChildrenRequest& r);
void read(JuteReader& r, GetChildrenRequest& out);
void write(JuteWriter& w, const GetChildren2Request& r);
void read(JuteReader& r, GetChildren2Request& out);
void write(JuteWriter& w, const SyncRequest& r);
void read(JuteReader& r, SyncRequest& out);
void write(JuteWriter& w, const CheckVersionRequest& r);
void read(JuteReader& r, CheckVersionRequest& out);
void write(JuteWriter& w, const ReconfigRequest& r);
void read(JuteReader& r, ReconfigRequest& out);
void write(JuteWriter& w, const CheckWatchesRequest& r);
void read(JuteReader& r, CheckWatchesRequest& out);
void write(JuteWriter& w, const RemoveWatchesRequest& r);
void read(JuteReader& r, RemoveWatchesRequest& out);
void write(JuteWriter& w, const AuthPacket& r);
void read(JuteReader& r, AuthPacket& out);
void write(JuteWriter& w, const SetWatches& r);
void read(JuteReader& r, SetWatches& out);
void write(JuteWriter& w, const SetWatches2& r);
void read(JuteReader& r, SetWatches2& out);
void write(JuteWriter& w, const GetSaslRequest& r);
void read(JuteReader& r, GetSaslRequest& out);
void write(JuteWriter& w, const GetEphemeralsRequest& r);
void read(JuteReader& r, GetEphemeralsRequest& out);
void write(JuteWriter& w, const GetAllChildrenNumberRequest& r);
void read(JuteReader& r, GetAllChildrenNumberRequest& out);
void write(JuteWriter& w, const AddWatchRequest& r);
void read(JuteReader& r, AddWatchRequest& out);

void write(JuteWriter& w, const EmptyResponse& r);
void read(JuteReader& r, EmptyResponse& out);
void write(JuteWriter& w, const CreateResponse& r);
void read(JuteReader& r, CreateResponse& out);
void write(JuteWriter& w, const Create2Response& r);
void read(JuteReader& r, Create2Response& out);
void write(JuteWriter& w, const ExistsResponse& r);
void read(JuteReader& r, ExistsResponse& out);
void write(JuteWriter& w, const GetDataResponse& r);
void read(JuteReader& r, GetDataResponse& out);
void write(JuteWriter& w, const SetDataResponse& r);
void read(JuteReader& r, SetDataResponse& out);
void write(JuteWriter& w, const GetAclResponse& r);
void read(JuteReader& r, GetAclResponse& out);
void write(JuteWriter& w, const SetAclResponse& r);
void read(JuteReader& r, SetAclResponse& out);
void write(JuteWriter& w, const GetChildrenResponse& r);
void read(JuteReader& r, GetChildrenResponse& out);
void write(JuteWriter& w, const GetChildren2Response& r);
void read(JuteReader& r, GetChildren2Response& out);
void write(JuteWriter& w, const SyncResponse& r);
void read(JuteReader& r, SyncResponse& out);
void write(JuteWriter& w, const ErrorResponse& r);
void read(JuteReader& r, ErrorResponse& out);
void write(JuteWriter& w, const SetSaslResponse& r);
void read(JuteReader& r, SetSaslResponse& out);
void write(JuteWriter& w, const GetEphemeralsResponse& r);
void read(JuteReader& r, GetEphemeralsResponse& out);
void write(JuteWriter& w, const GetAllChildrenNumberResponse& r);
void read(JuteReader& r, GetAllChildrenNumberResponse& out);
void write(JuteWriter& w, const WhoAmIResponse& r);
void read(JuteReader& r, WhoAmIResponse& out);

}  // namespace zab::wire
