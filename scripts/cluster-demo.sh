#!/usr/bin/env bash
# The demo's last step: the checked code serving as a ZooKeeper cluster. Run by
# tests/cluster/with_ensemble.py, which starts three zabd servers on 127.0.0.1 and stops them:
#   cluster-demo.sh ZABCLI host1:port,host2:port,host3:port
set -euo pipefail
zabcli=$1
IFS=, read -r -a servers <<<"$2"
path=/demo-$$
echo "\$ zabcli --server ${servers[0]} create $path \"written through server 1\""
"$zabcli" --server "${servers[0]}" create "$path" "written through server 1"
for server in "${servers[@]}"; do
  echo "\$ zabcli --server $server sync $path; zabcli --server $server get $path"
  "$zabcli" --server "$server" sync "$path" >/dev/null
  "$zabcli" --server "$server" get "$path"
done
"$zabcli" --server "${servers[0]}" delete "$path"
