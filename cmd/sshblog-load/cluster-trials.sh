#!/usr/bin/env bash
# Runs `sshblog-load cluster` many times, each trial on a new cluster of three
# rqlite voters and three sshblog nodes, the leader killed with SIGKILL while
# 20 commenters post: it prints each trial's row and exits 1 if any trial lost
# an acknowledged comment or dropped a session. Readers are few by default,
# so that 20 trials take minutes; the full figures come from one run with
# -readers 1000 (see README, Performance).
#
#   cmd/sshblog-load/cluster-trials.sh                 # 20 trials
#   TRIALS=50 READERS=100 cmd/sshblog-load/cluster-trials.sh -json /tmp/trials.json
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/sshblog" ./cmd/sshblog
go build -o "$bin/sshblog-load" ./cmd/sshblog-load
exec "$bin/sshblog-load" cluster -server "$bin/sshblog" -rqlited "$(.ci/rqlited.sh)" \
	-trials "${TRIALS:-20}" -readers "${READERS:-20}" -failover 10 -kill-after 4s -run 12s "$@"
