# Sourced, not run: for every seeded bug, the smallest configuration that exposes it (the ones
# tests/checker/seeded_bugs_test.cpp uses). Shared by regenerate-corpus.sh and
# random-search-figures.sh so the corpus and the published figures agree.
# shellcheck shell=bash disable=SC2034
recovery="--max-epoch 3 --election settled"
declare -A bug_configs=(
  [zk-1419]="--from epoch-skew --txns 0"
  [zk-1277]="--from elected --txns 4 --counter-bits 2 --max-epoch 1"
  [commit-before-quorum]="--from elected --txns 1 --crashes 1"
  [zk-1154]="--from diverged --txns 0"
  [zk-2355]="--from lagging --txns 0 --drops 1"
  [zk-4643]="--from lagging-one-down --txns 0 --crashes 2 --restarts 2 $recovery"
  [zk-4646]="--from unlogged-reelected --txns 0 --crashes 3 --restarts 2 $recovery"
  [zk-1208]="--servers 1 --clients 1 --script pipelined-close"
  [expiry-no-rounding]="--servers 1 --clients 1 --script vanish --ticks 8"
)
# A stable order for tables.
bug_order=(zk-1419 zk-1277 commit-before-quorum zk-1154 zk-2355 zk-4643 zk-4646 zk-1208
  expiry-no-rounding)
