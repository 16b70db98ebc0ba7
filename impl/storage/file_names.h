// The names in a ZooKeeper data directory (wire.md §4.2): `version-2/` holds `log.<hex>` (named by
// the zxid of its first txn), `snapshot.<hex>` (the last zxid applied when it was taken), and in
// dataDir the epoch files. Util.makeLogName / makeSnapshotName / getZxidFromName.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "impl/core/ids.h"

namespace zab::storage {

inline constexpr std::string_view kVersionDir = "version-2";  // FileTxnSnapLog.version + VERSION
inline constexpr std::string_view kLogPrefix = "log";
inline constexpr std::string_view kSnapshotPrefix = "snapshot";
inline constexpr std::string_view kAcceptedEpochFile = "acceptedEpoch";
inline constexpr std::string_view kCurrentEpochFile = "currentEpoch";
// QuorumPeer.UPDATING_EPOCH_FILENAME of ZooKeeper 3.4/3.5, an empty marker file. 3.8 dropped it
// (it looks for currentEpoch.tmp instead) and ignores the file.
inline constexpr std::string_view kUpdatingEpochFile = "updatingEpoch";
// AtomicFileOutputStream.TMP_EXTENSION: an epoch file is written as "<name>.tmp" and renamed.
inline constexpr std::string_view kTmpExtension = ".tmp";
// Our snapshots are written under "tmp.snapshot.<hex>" and renamed; ZooKeeper ignores that name
// (its first dot-separated part is not "snapshot") and so does PurgeTxnLog.
inline constexpr std::string_view kSnapshotTmpPrefix = "tmp.";

std::string log_file_name(Zxid first);      // "log.100000001"
std::string snapshot_file_name(Zxid last);  // "snapshot.0"

// Util.getZxidFromName: the hex number after "<prefix>." (more dot-separated parts may follow, as
// in "snapshot.1f.gz"); nullopt when the name does not have that form. ZooKeeper's Long.parseLong
// would also take a sign; a zxid never has one.
std::optional<Zxid> zxid_from_name(std::string_view name, std::string_view prefix);

// SnapStream: "snapshot.<hex>.gz" and ".snappy" are compressed (zookeeper.snapshot.compression).
bool is_compressed_snapshot(std::string_view name);

}  // namespace zab::storage
