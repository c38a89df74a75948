#!/bin/sh
# Builds sshblog as one static binary: the Dockerfile's build stage runs this,
# and so does the test that starts the result in an empty root filesystem.
#   .ci/build-static.sh OUTPUT   (VERSION=… sets what `sshblog version` says)
# go-sqlite3 is cgo, so the C library is linked in statically; netgo and
# osusergo keep the resolver and user lookups in Go, where they need no
# /etc files, and SQLite is built without loadable extensions (dlopen).
set -eu
out=${1:?usage: build-static.sh OUTPUT}
cd "$(dirname "$0")/.."
CGO_ENABLED=1 go build -trimpath \
	-tags 'netgo osusergo sqlite_omit_load_extension' \
	-ldflags "-s -w -X main.version=${VERSION:-dev} -linkmode external -extldflags -static" \
	-o "$out" ./cmd/sshblog
