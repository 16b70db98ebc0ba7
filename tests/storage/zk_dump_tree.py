"""Prints every znode of a ZooKeeper server as JSON: {path: {data (hex), stat fields, acl}}.

Used by zk38_data_dir.sh's "dump" mode. Authenticates as the digest users the storage tests use
(alice:pw, bob:pw) so that every znode can be read.
"""
import json
import sys

from kazoo.client import KazooClient

zk = KazooClient(hosts="127.0.0.1:" + sys.argv[1], timeout=10.0)
zk.start(timeout=15)
zk.add_auth("digest", "alice:pw")
zk.add_auth("digest", "bob:pw")
out = {}
todo = ["/"]
while todo:
    path = todo.pop()
    data, stat = zk.get(path)
    acl, _ = zk.get_acls(path)
    out[path] = {
        "data": (data or b"").hex(),
        "czxid": stat.czxid, "mzxid": stat.mzxid, "ctime": stat.ctime, "mtime": stat.mtime,
        "version": stat.version, "cversion": stat.cversion, "aversion": stat.aversion,
        "ephemeralOwner": stat.ephemeralOwner, "dataLength": stat.dataLength,
        "numChildren": stat.numChildren, "pzxid": stat.pzxid,
        "acl": [[a.perms, a.id.scheme, a.id.id] for a in acl],
    }
    for child in zk.get_children(path):
        todo.append(("" if path == "/" else path) + "/" + child)
zk.stop()
zk.close()
json.dump(out, sys.stdout, sort_keys=True)
